"""The committee's decisions on a target ("Kết luận, chỉ đạo"), kept in SQLite.

A decision is what a meeting concluded about a target (or about the groups
grid): the meeting's date, the text, who is responsible (a unit or a
residential group -- never a child), a due date and a status (đang làm,
đã xong). Every change is kept: the `history` table holds who changed what
and when, with the decision before and after, as JSON.

Where: ``$CHILDPLAN_DECISIONS``, else ``decisions.sqlite`` beside the users
file (``$CHILDPLAN_USERS``'s folder, else ``local/``): a state folder the
server's operators own (0700, file 0600), never the snapshot store, which
stays read-only. The file is created by the first save (reading
before that finds no decisions and writes nothing).

Schema versions: ``PRAGMA user_version`` says which of MIGRATIONS the file
has had; opening applies the missing ones in order, in one transaction, so
an older file is brought up to date and a newer one (from a later release)
is refused rather than misread.

Two sessions saving at once: every write is one ``BEGIN IMMEDIATE``
transaction (SQLite's writer lock, waited for up to BUSY_MS), so two new
decisions are both kept. An edit names the version it was made from; when
somebody else saved in between, it is refused (`StaleEdit`) instead of
silently overwriting the other person's words.

A decision names no child: text or responsible that looks like a national
id or a phone number is refused (`DecisionError`, with the message saying
what to change), as is text over MAX_TEXT characters.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from childplan.decisions.rules import (
    MAX_RESPONSIBLE,
    MAX_TEXT,
    STATUSES,
    DecisionError,
    StaleEdit,
    checked,
    looks_identifying,
)
from childplan.paths import LOCAL_DIR, private_dir, private_open

__all__ = [
    "MAX_RESPONSIBLE",
    "MAX_TEXT",
    "STATUSES",
    "Change",
    "Decision",
    "DecisionError",
    "DecisionStore",
    "StaleEdit",
    "looks_identifying",
]

DECISIONS_ENV = "CHILDPLAN_DECISIONS"
USERS_ENV = "CHILDPLAN_USERS"  # (access.auth's: the state folder sits beside it)
FILE_NAME = "decisions.sqlite"
BUSY_MS = 10_000
GRID = "groups_grid"  # the target id of a decision about the groups grid

MIGRATIONS = (
    # 1: decisions and their history
    """
    create table decision (
        id integer primary key,
        target_id text not null,
        plan_year integer not null,
        meeting_date text not null,
        text text not null,
        responsible text not null,
        due_date text,
        status text not null check (status in ('doing', 'done')),
        version integer not null,
        created_by text not null,
        created_at text not null,
        updated_by text not null,
        updated_at text not null
    );
    create index decision_target on decision (target_id, plan_year);
    create table history (
        id integer primary key,
        decision_id integer not null references decision (id),
        version integer not null,
        action text not null check (action in ('add', 'edit')),
        changed_by text not null,
        changed_at text not null,
        before text,
        after text not null
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class Decision:
    id: int
    target_id: str
    plan_year: int
    meeting_date: dt.date
    text: str
    responsible: str
    due_date: dt.date | None
    status: str
    version: int
    created_by: str
    created_at: str
    updated_by: str
    updated_at: str


@dataclass(frozen=True)
class Change:
    decision_id: int
    version: int
    action: str
    changed_by: str
    changed_at: str
    before: dict | None
    after: dict


def decisions_path(path: str | os.PathLike | None = None) -> Path:
    """--decisions, else $CHILDPLAN_DECISIONS, else beside the users file."""
    if path:
        return Path(path)
    if os.environ.get(DECISIONS_ENV):
        return Path(os.environ[DECISIONS_ENV])
    if os.environ.get(USERS_ENV):
        return Path(os.environ[USERS_ENV]).parent / FILE_NAME
    return LOCAL_DIR / FILE_NAME


# --- the file ------------------------------------------------------------------
def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class DecisionStore:
    """The decisions file: open, read, add, edit. Each call opens its own
    connection (Streamlit serves sessions from several threads)."""

    def __init__(
        self,
        path: str | os.PathLike | None = None,
        clock: Callable[[], str] = _now,
    ):
        self.path = decisions_path(path)
        self.clock = clock

    def _connect(self) -> sqlite3.Connection:
        private_dir(self.path.parent)
        if not self.path.exists():
            os.close(private_open(self.path, os.O_WRONLY))  # 0600 from the start
        con = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None)
        con.row_factory = sqlite3.Row
        con.execute("pragma foreign_keys = on")
        con.execute(f"pragma busy_timeout = {BUSY_MS}")
        self._migrate(con)
        return con

    @staticmethod
    def _migrate(con: sqlite3.Connection) -> None:
        (version,) = con.execute("pragma user_version").fetchone()
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            con.close()
            raise DecisionError(
                "decision_error_newer_file", found=version, known=SCHEMA_VERSION
            )
        con.execute("begin immediate")
        try:
            (version,) = con.execute("pragma user_version").fetchone()  # raced?
            for number in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        con.execute(statement)
            con.execute(f"pragma user_version = {SCHEMA_VERSION}")
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise

    # -- reading
    def decisions(
        self, target_id: str | None = None, plan_year: int | None = None
    ) -> list[Decision]:
        """Newest meeting first (then the newest entry of that meeting)."""
        where, args = [], []
        if target_id is not None:
            where.append("target_id = ?")
            args.append(target_id)
        if plan_year is not None:
            where.append("plan_year = ?")
            args.append(plan_year)
        sql = "select * from decision"
        if where:
            sql += " where " + " and ".join(where)
        sql += " order by meeting_date desc, id desc"
        if not self.path.exists():
            return []  # nothing decided yet: reading creates no file
        con = self._connect()
        try:
            return [_decision(row) for row in con.execute(sql, args)]
        finally:
            con.close()

    def history(self, decision_id: int) -> list[Change]:
        if not self.path.exists():
            return []
        con = self._connect()
        try:
            rows = con.execute(
                "select * from history where decision_id = ? order by version",
                (decision_id,),
            ).fetchall()
        finally:
            con.close()
        return [
            Change(
                r["decision_id"],
                r["version"],
                r["action"],
                r["changed_by"],
                r["changed_at"],
                json.loads(r["before"]) if r["before"] else None,
                json.loads(r["after"]),
            )
            for r in rows
        ]

    # -- writing
    def add(
        self,
        *,
        target_id: str,
        plan_year: int,
        meeting_date: dt.date,
        text: str,
        responsible: str,
        due_date: dt.date | None = None,
        status: str = "doing",
        user: str,
    ) -> Decision:
        text, responsible = checked(text, responsible, meeting_date, due_date, status)
        now = self.clock()
        con = self._connect()
        try:
            con.execute("begin immediate")
            cursor = con.execute(
                "insert into decision (target_id, plan_year, meeting_date, text,"
                " responsible, due_date, status, version, created_by, created_at,"
                " updated_by, updated_at) values (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
                (
                    target_id,
                    int(plan_year),
                    meeting_date.isoformat(),
                    text,
                    responsible,
                    due_date.isoformat() if due_date else None,
                    status,
                    user,
                    now,
                    user,
                    now,
                ),
            )
            saved = _decision(
                con.execute(
                    "select * from decision where id = ?", (cursor.lastrowid,)
                ).fetchone()
            )
            _log(con, saved, "add", user, now, None)
            con.execute("commit")
        except BaseException:
            if con.in_transaction:
                con.execute("rollback")
            raise
        finally:
            con.close()
        return saved

    def edit(
        self,
        decision_id: int,
        *,
        from_version: int,
        meeting_date: dt.date,
        text: str,
        responsible: str,
        due_date: dt.date | None,
        status: str,
        user: str,
    ) -> Decision:
        text, responsible = checked(text, responsible, meeting_date, due_date, status)
        now = self.clock()
        con = self._connect()
        try:
            con.execute("begin immediate")
            row = con.execute(
                "select * from decision where id = ?", (decision_id,)
            ).fetchone()
            if row is None:
                raise DecisionError("decision_error_missing", id=decision_id)
            before = _decision(row)
            if before.version != from_version:
                raise StaleEdit("decision_error_stale", user=before.updated_by)
            con.execute(
                "update decision set meeting_date = ?, text = ?, responsible = ?,"
                " due_date = ?, status = ?, version = version + 1,"
                " updated_by = ?, updated_at = ? where id = ?",
                (
                    meeting_date.isoformat(),
                    text,
                    responsible,
                    due_date.isoformat() if due_date else None,
                    status,
                    user,
                    now,
                    decision_id,
                ),
            )
            after = _decision(
                con.execute(
                    "select * from decision where id = ?", (decision_id,)
                ).fetchone()
            )
            _log(con, after, "edit", user, now, before)
            con.execute("commit")
        except BaseException:
            if con.in_transaction:
                con.execute("rollback")
            raise
        finally:
            con.close()
        return after


def _decision(row: sqlite3.Row) -> Decision:
    return Decision(
        id=row["id"],
        target_id=row["target_id"],
        plan_year=row["plan_year"],
        meeting_date=dt.date.fromisoformat(row["meeting_date"]),
        text=row["text"],
        responsible=row["responsible"],
        due_date=dt.date.fromisoformat(row["due_date"]) if row["due_date"] else None,
        status=row["status"],
        version=row["version"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        updated_by=row["updated_by"],
        updated_at=row["updated_at"],
    )


_KEPT = ("meeting_date", "text", "responsible", "due_date", "status")


def _snapshot(decision: Decision) -> str:
    values = asdict(decision)
    return json.dumps(
        {k: str(values[k]) if values[k] is not None else None for k in _KEPT},
        ensure_ascii=False,
    )


def _log(con, decision: Decision, action: str, user: str, now: str, before) -> None:
    con.execute(
        "insert into history (decision_id, version, action, changed_by,"
        " changed_at, before, after) values (?, ?, ?, ?, ?, ?, ?)",
        (
            decision.id,
            decision.version,
            action,
            user,
            now,
            _snapshot(before) if before else None,
            _snapshot(decision),
        ),
    )
