"""`python -m childplan users ...`: passwords piped in, never echoed."""

import io
import json
import subprocess
import sys

import pytest

from childplan.access.auth import Throttle, User, authenticate
from childplan.cli.main import main


def run_cli(monkeypatch, capsys, argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_passwd_remove(tmp_path, monkeypatch, capsys):
    f = str(tmp_path / "users.json")
    code, out, err = run_cli(
        monkeypatch,
        capsys,
        ["users", "add", "lan", "--role", "admin", "--users-file", f],
        "bi-mat-123\n",
    )
    assert (code, err) == (0, "")
    assert "bi-mat-123" not in out
    assert authenticate("lan", "bi-mat-123", users_file=f, throttle=Throttle()) == User(
        "lan", "admin"
    )
    run_cli(
        monkeypatch,
        capsys,
        ["users", "add", "minh", "--role", "leader", "--users-file", f],
        "mat-khau-2\n",
    )
    code, out, _ = run_cli(monkeypatch, capsys, ["users", "list", "--users-file", f])
    assert (code, out) == (0, "lan\tadmin\nminh\tleader\n")
    code, out, _ = run_cli(
        monkeypatch,
        capsys,
        ["users", "passwd", "minh", "--users-file", f],
        "mat-khau-moi\n",
    )
    assert code == 0 and "mat-khau-moi" not in out
    assert authenticate(
        "minh", "mat-khau-moi", users_file=f, throttle=Throttle()
    ) == User("minh", "leader")
    code, _, _ = run_cli(
        monkeypatch, capsys, ["users", "remove", "minh", "--users-file", f]
    )
    assert code == 0
    assert list(json.loads((tmp_path / "users.json").read_text())["users"]) == ["lan"]


@pytest.mark.parametrize(
    "argv, stdin, message",
    [
        (["users", "add", "lan"], "12345678\n", "--role"),
        (["users", "add", "--role", "admin"], "12345678\n", "Thiếu tên"),
        (["users", "add", "lan", "--role", "admin"], "", "Không đọc được mật khẩu"),
        (["users", "add", "lan", "--role", "admin"], "ngan\n", "quá ngắn"),
        (["users", "remove", "ai"], "", "Không có tài khoản 'ai'"),
        (["users", "passwd", "ai"], "12345678\n", "Không có tài khoản 'ai'"),
    ],
)
def test_mistakes_exit_1_with_a_message(
    tmp_path, monkeypatch, capsys, argv, stdin, message
):
    code, out, err = run_cli(
        monkeypatch, capsys, argv + ["--users-file", str(tmp_path / "u.json")], stdin
    )
    assert code == 1
    assert message in err and err.startswith("Lỗi: ")
    assert "Traceback" not in err
    assert "12345678" not in out + err


def test_list_empty_and_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CHILDPLAN_USERS", str(tmp_path / "env-users.json"))
    code, out, _ = run_cli(monkeypatch, capsys, ["users", "list"])
    assert code == 0 and "Chưa có tài khoản" in out
    run_cli(
        monkeypatch, capsys, ["users", "add", "an", "--role", "officer"], "12345678\n"
    )
    assert (tmp_path / "env-users.json").exists()


def test_real_process_reads_password_from_pipe(tmp_path):
    f = tmp_path / "users.json"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "childplan",
            "users",
            "add",
            "an",
            "--role",
            "leader",
            "--users-file",
            str(f),
        ],
        input="mot-mat-khau\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "mot-mat-khau" not in proc.stdout + proc.stderr
    assert authenticate(
        "an", "mot-mat-khau", users_file=f, throttle=Throttle()
    ) == User("an", "leader")
