"""Ingest refuses names that hide characters or run too long.

A residential-group name (in every table that carries one), a policy title
and every other text cell with an invisible or direction-changing character
is refused, the row named as Excel numbers it, the character shown as its
code point; a group name over 100 characters (a title over 300) too. As
every refusal, nothing is written. Uses the register of tests/test_ingest.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from childplan.ingest.checks import IngestError, ingest_source
from childplan.store.contract import GROUPED_TABLES, NAME_MAX_LENGTH, TABLES
from tests.snapshot_builder import tree_digest
from tests.test_ingest import BASE, D, edited, refused, write_source

INVISIBLE = {
    "\u200b": "U+200B",  # zero-width space
    "\u200c": "U+200C",  # zero-width non-joiner
    "\u200d": "U+200D",  # zero-width joiner
    "\u2060": "U+2060",  # word joiner
    "\ufeff": "U+FEFF",  # byte-order mark inside a cell
    "\u202a": "U+202A",
    "\u202e": "U+202E",  # right-to-left override
    "\u2066": "U+2066",
    "\u2069": "U+2069",
    "\u200e": "U+200E",
    "\u200f": "U+200F",
    "\u00ad": "U+00AD",  # soft hyphen (Cf)
    "\x07": "U+0007",  # bell (Cc)
    "\t": "U+0009",
    "\u2028": "U+2028",  # line separator
}
RULE = (
    "có ký tự ẩn hoặc ký tự điều khiển (khoảng trắng độ rộng 0, ký tự đổi "
    "chiều chữ, tab, xuống dòng…), thường lẫn vào khi sao chép từ nơi khác; "
    "hãy xóa ô này và gõ lại"
)


def renamed(name: str) -> dict:
    """BASE with group 'Tổ 1' called `name` in every table."""
    tables = edited("residential_groups", 0, residential_group=name)
    for table in GROUPED_TABLES:
        for row in tables[table]:
            if row.get("residential_group") == "Tổ 1":
                row["residential_group"] = name
    return tables


def only_problem(source):
    err = refused(source)
    assert len(err.problems) == 1, str(err)
    return err.problems[0], str(err)


@pytest.mark.parametrize("char", list(INVISIBLE), ids=list(INVISIBLE.values()))
def test_group_name_with_an_invisible_character_is_refused(tmp_path, char):
    err = refused(write_source(tmp_path / "src", renamed(f"Tổ{char} 1")))
    message = str(err)
    # refused wherever the name is written, and for nothing else
    assert {(p.table, p.rule) for p in err.problems} == {
        (t, RULE) for t in ("residential_groups", *GROUPED_TABLES)
    }
    problem = err.problems[0]
    assert (problem.table, problem.row, problem.column_name) == (
        "residential_groups",
        2,
        "residential_group",
    )
    assert problem.rule == RULE
    assert problem.value == f"Tổ<{INVISIBLE[char]}> 1"
    assert problem.detail == f"{INVISIBLE[char]} ở vị trí 3"
    assert (
        "- Bảng residential_groups (Tổ dân phố, residential_groups.csv), cột "
        f"residential_group: {RULE} — 1 dòng:\n"
        f"    dòng 2: 'Tổ<{INVISIBLE[char]}> 1' ({INVISIBLE[char]} ở vị trí 3)"
    ) in message
    assert char not in message  # the message itself hides nothing


def _problems_of(tmp_path, tables):
    return refused(write_source(tmp_path / "src", tables)).problems


@pytest.mark.parametrize("table", GROUPED_TABLES)
def test_every_table_that_names_a_group_refuses_a_hidden_character(tmp_path, table):
    index = 1 if table == "officers" else 0  # officers' row 0 is 'town'
    tables = edited(table, index, residential_group="Tổ 1\u202e")
    problems = _problems_of(tmp_path, tables)
    assert [(p.table, p.row, p.column_name, p.value, p.rule) for p in problems] == [
        (table, index + 2, "residential_group", "Tổ 1<U+202E>", RULE)
    ]


def test_policy_title_and_ids_refuse_hidden_characters_too(tmp_path):
    tables = edited("policies", 0, title="Kế hoạch\u200b 2024")
    tables["children"][1]["child_id"] = "C\u200d2"
    problems = _problems_of(tmp_path, tables)
    assert sorted((p.table, p.row, p.column_name, p.detail) for p in problems) == [
        ("children", 3, "child_id", "U+200D ở vị trí 2"),
        ("policies", 2, "title", "U+200B ở vị trí 9"),
    ]


def test_many_hidden_characters_named_a_few_at_a_time(tmp_path):
    name = "\u202eT\u200bổ\u200c \u200d1"
    problem, _ = only_problem(
        write_source(tmp_path / "src", edited("policies", 0, title=name))
    )
    assert problem.detail == (
        "U+202E ở vị trí 1, U+200B ở vị trí 3, U+200C ở vị trí 5 và 1 ký tự khác"
    )


def test_group_name_over_100_characters_is_refused(tmp_path):
    tables = renamed("Tổ " + "a" * (NAME_MAX_LENGTH - 2))  # 101 characters
    problems = _problems_of(tmp_path, tables)
    assert {(p.table, p.column_name) for p in problems} == {
        (t, "residential_group") for t in ("residential_groups", *GROUPED_TABLES)
    }
    assert {(p.rule, p.detail) for p in problems} == {
        ("dài quá 100 ký tự: hãy viết gọn lại", "101 ký tự")
    }
    first = next(p for p in problems if p.table == "residential_groups")
    assert first.row == 2


def test_names_at_the_limits_are_accepted(tmp_path):
    tables = renamed("Tổ " + "a" * (NAME_MAX_LENGTH - 3))  # exactly 100
    tables["policies"][0]["title"] = "K" * TABLES["policies"].column("title").max_length
    data = tmp_path / "data"
    report = ingest_source(write_source(tmp_path / "src", tables), D, data)
    assert report.rows["residential_groups"] == 2


def test_a_title_over_300_characters_is_refused(tmp_path):
    tables = edited("policies", 0, title="K" * 301)
    problem, _ = only_problem(write_source(tmp_path / "src", tables))
    assert (problem.column_name, problem.rule, problem.detail) == (
        "title",
        "dài quá 300 ký tự: hãy viết gọn lại",
        "301 ký tự",
    )


def test_refused_names_write_nothing(tmp_path):
    data = tmp_path / "data"
    ingest_source(write_source(tmp_path / "old", BASE), dt.date(2024, 11, 30), data)
    before = tree_digest(data)
    source = write_source(
        tmp_path / "src", edited("residential_groups", 0, residential_group="T\u202e1")
    )
    with pytest.raises(IngestError):
        ingest_source(source, D, data)
    assert tree_digest(data) == before
