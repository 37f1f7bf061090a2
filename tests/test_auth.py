"""Accounts, roles, the demo account and the throttling of failed logins."""

import json

import pytest

from childplan.access.auth import (
    AuthError,
    Throttle,
    User,
    UserFile,
    authenticate,
    current_user,
)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def users_file(tmp_path):
    path = tmp_path / "users.json"
    users = UserFile(path)
    users.add("lan", "leader", "mat-khau-lan")
    users.add("Minh", "officer", "mat-khau-minh")
    users.add("an", "admin", "mat-khau-an!")
    return path


def test_right_password_gives_user_with_role(users_file):
    t = Throttle(clock=Clock())
    assert authenticate(
        "lan", "mat-khau-lan", users_file=users_file, throttle=t
    ) == User("lan", "leader")
    assert authenticate(
        " MINH ", "mat-khau-minh", users_file=users_file, throttle=t
    ) == User("minh", "officer")
    assert authenticate("lan", "sai", users_file=users_file, throttle=t) is None
    assert authenticate("nobody", "x", users_file=users_file, throttle=t) is None
    assert authenticate("", "", users_file=users_file, throttle=t) is None


def test_file_holds_salted_argon2_hashes_not_passwords(users_file):
    text = users_file.read_text(encoding="utf-8")
    assert "mat-khau" not in text
    hashes = [u["password_hash"] for u in json.loads(text)["users"].values()]
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert len(set(hashes)) == 3
    assert users_file.stat().st_mode & 0o077 == 0


def test_roles_each_see_what_they_should_and_no_more():
    leader, officer, admin = (User("x", r) for r in ("leader", "officer", "admin"))
    table = [
        (u.role, u.can("figures"), u.can("data_quality_details"), u.can("users"))
        for u in (leader, officer, admin)
    ]
    assert table == [
        ("leader", True, False, False),
        ("officer", True, True, False),
        ("admin", True, True, True),
    ]


@pytest.mark.parametrize("name, role", [("lanhdao", "leader"), ("canbo", "officer")])
def test_demo_accounts_only_for_simulated_data(tmp_path, name, role):
    empty = tmp_path / "none.json"
    t = Throttle(clock=Clock())
    assert authenticate(
        name, "demo", users_file=empty, allow_demo=True, throttle=t
    ) == User(name, role, is_demo=True)
    assert (
        authenticate(name, "demo", users_file=empty, allow_demo=False, throttle=t)
        is None
    )
    assert (
        authenticate(name, "sai", users_file=empty, allow_demo=True, throttle=t) is None
    )
    assert current_user(name, users_file=empty, allow_demo=True) == User(
        name, role, is_demo=True
    )
    assert current_user(name, users_file=empty) is None
    assert not UserFile(empty).has_users()
    with pytest.raises(AuthError, match=name):
        UserFile(empty).add(name, "admin", "12345678")


def test_throttle_waits_1_2_4_seconds_after_three_failures(users_file):
    clock = Clock()
    t = Throttle(clock=clock)

    def attempt(password):
        return authenticate("lan", password, users_file=users_file, throttle=t)

    for _ in range(3):
        assert attempt("sai") is None
    assert t.retry_after("lan") == 1.0
    # even the right password is refused while waiting, and does not count
    assert attempt("mat-khau-lan") is None
    assert t.retry_after("LAN") == 1.0
    clock.now += 1.0
    assert attempt("sai") is None  # 4th failure
    assert t.retry_after("lan") == 2.0
    clock.now += 2.0
    assert attempt("sai") is None  # 5th failure
    assert t.retry_after("lan") == 4.0
    assert t.retry_after("minh") == 0.0  # per username
    clock.now += 4.0
    assert attempt("mat-khau-lan") == User("lan", "leader")
    assert t.retry_after("lan") == 0.0  # success clears


def test_throttle_is_capped():
    clock = Clock()
    t = Throttle(clock=clock, cap=300)
    for _ in range(30):
        t.failed("x")
    assert t.retry_after("x") == 300.0


def test_remove_and_passwd_take_effect(users_file):
    users = UserFile(users_file)
    t = Throttle(clock=Clock())
    users.set_password("lan", "mat-khau-moi")
    assert (
        authenticate("lan", "mat-khau-lan", users_file=users_file, throttle=t) is None
    )
    assert authenticate(
        "lan", "mat-khau-moi", users_file=users_file, throttle=t
    ) == User("lan", "leader")
    users.remove("lan")
    assert current_user("lan", users_file=users_file) is None
    assert current_user("an", users_file=users_file) == User("an", "admin")
    assert [u.username for u in users.list()] == ["an", "minh"]


def test_bad_inputs_are_refused_in_vietnamese(tmp_path):
    users = UserFile(tmp_path / "u.json")
    with pytest.raises(AuthError, match="quá ngắn"):
        users.add("lan", "leader", "short")
    with pytest.raises(AuthError, match="không hợp lệ"):
        users.add("có dấu", "leader", "12345678")
    with pytest.raises(AuthError, match="Vai trò"):
        users.add("lan", "boss", "12345678")
    users.add("lan", "leader", "12345678")
    with pytest.raises(AuthError, match="đã có"):
        users.add("LAN", "admin", "12345678")


def test_corrupt_users_file_is_reported(tmp_path):
    path = tmp_path / "u.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(AuthError, match="bị hỏng"):
        authenticate("lan", "x", users_file=path, throttle=Throttle())


def test_parallel_attempts_are_counted_before_any_password_is_checked(
    users_file, monkeypatch
):
    """12 threads at once, one account, one client: only the free attempts
    check a password, and never more than two checks run at the same time."""
    import threading
    import time

    from childplan.access import auth

    running, peak, checks = [0], [0], []
    lock = threading.Lock()
    real = auth._verify

    def slow_verify(password_hash, password):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
            checks.append(password)
        time.sleep(0.3)  # Argon2 takes its time: the others arrive meanwhile
        try:
            return real(password_hash, password)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(auth, "_verify", slow_verify)
    t = Throttle(base=60.0)
    start = threading.Barrier(12)
    results = []

    def one():
        start.wait()
        results.append(
            auth.attempt(
                "lan", "sai", client="10.6.6.6", users_file=users_file, throttle=t
            )
        )

    threads = [threading.Thread(target=one) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(checks) == t.free_failures == 3
    assert peak[0] <= 2
    assert sorted(r.outcome for r in results) == ["throttled"] * 9 + ["wrong"] * 3
    # the owner, from another client, at once
    assert auth.attempt(
        "lan", "mat-khau-lan", client="10.1.1.1", users_file=users_file, throttle=t
    ).user == User("lan", "leader")
