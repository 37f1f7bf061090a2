"""The unknown-answers count (queries/quality_unknown_answers.sql) against
a second implementation: its earlier row-wise form, one row per answer
asked, unioned and grouped (tests/reference/quality_unknown_answers_rowwise.sql).

The product's query counts each table in one pass and joins households to
their children through bit masks of snapshots (issue 13: the row-wise form
took 15 s and 1.2 GB at province scale); the reference is the plain
statement of the definition. They must agree exactly on random stores
(tests/test_rollup.py's: groups coming and going, unknown flags, optional
tables absent) and on the sample town, for the whole town and a group, with
every incident and with a meeting's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings

from childplan.disclosure import rules
from childplan.indicators import quality
from childplan.indicators import targets as indicators
from childplan.store.db import Database
from childplan.store.snapshots import Store
from tests.snapshot_builder import build_store
from tests.test_rollup import SAMPLE_DIR, stores

REFERENCE = Path(__file__).parent / "reference" / "quality_unknown_answers_rowwise.sql"


def reference(db: Database, groups, incidents) -> pd.DataFrame:
    sql = REFERENCE.read_text(encoding="utf-8")
    code = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    params = {
        "groups": list(groups),
        "disability_code": quality.DISABILITY_CODE,
        **incidents.params(),
    }
    wanted = set(re.findall(r"\$([a-z_][a-z0-9_]*)", code))
    with db._con.cursor() as cur:
        return cur.execute(sql, {k: v for k, v in params.items() if k in wanted}).df()


def assert_same(root: Path, groups_alone: int = 99) -> None:
    db = Database(Store.open(root))
    groups = sorted(indicators.residential_groups(db))
    for chosen in [(), *[(g,) for g in groups[:groups_alone]]]:
        for incidents in (quality.ALL_INCIDENTS, rules.meeting_incidents()):
            got = db.query(
                "quality_unknown_answers",
                groups=list(chosen),
                disability_code=quality.DISABILITY_CODE,
                **incidents.params(),
            )
            want = reference(db, chosen, incidents)
            pd.testing.assert_frame_equal(got, want, check_dtype=False)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(snapshots=stores())
def test_unknown_answers_equal_the_rowwise_count_on_random_stores(
    tmp_path_factory, snapshots
):
    root = build_store(tmp_path_factory.mktemp("random") / "store", snapshots)
    assert_same(root)


def test_unknown_answers_equal_the_rowwise_count_on_the_sample_town():
    assert_same(SAMPLE_DIR, groups_alone=3)
