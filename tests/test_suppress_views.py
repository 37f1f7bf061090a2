"""Small counts under a group filter (issue #6, item 3): tiny frames, exact
rows. The town-wide by-group table hides A (2, '<5') and B (5, 'ẩn', its
complement); a sum over chosen groups is shown only when it tells nothing
that table hides."""

import datetime as dt
import io
import math

import pandas as pd
import pytest

from childplan.disclosure import rules
from childplan.indicators.plan import load_plan
from childplan.present import exports
from childplan.present.filters import Filters

PLAN = load_plan(2024)
HIV = PLAN.target("hiv_new_infections")
LABOUR = PLAN.target("labour_cases_supported")
D = dt.date(2024, 12, 31)
D0 = dt.date(2023, 12, 31)


def town(target_id=HIV.id, day=D, counts=(2, 5, 12, 0), denominators=None):
    """The by-group rows of every group, as indicators.sensitive_by_group."""
    n = len(counts)
    return pd.DataFrame(
        {
            "target_id": [target_id] * n,
            "snapshot_date": [day] * n,
            "residential_group": list("ABCD")[:n],
            "numerator": [float(c) for c in counts],
            "denominator": (
                [float("nan")] * n
                if denominators is None
                else [float(x) for x in denominators]
            ),
            "value": [float(c) for c in counts],
            "status": ["not_met"] * n,
            "ci_low": [0.1] * n,
            "ci_high": [9.0] * n,
            "is_unstable": [True] * n,
        }
    )


def selection(count, target_id=HIV.id, day=D, denominator=float("nan")):
    """One series row of the chosen groups' total."""
    return pd.DataFrame(
        {
            "target_id": [target_id],
            "snapshot_date": [day],
            "numerator": [float(count)],
            "denominator": [denominator],
            "value": [float(count)],
            "threshold": [0.0],
            "operator": ["="],
            "status": ["not_met"],
            "ci_low": [0.5],
            "ci_high": [7.0],
            "is_unstable": [True],
        }
    )


def shown(frame):
    row = frame.iloc[0]
    return (
        None if math.isnan(row["numerator"]) else row["numerator"],
        None if math.isnan(row["value"]) else row["value"],
        row["status"],
        row["mark"],
    )


@pytest.mark.parametrize(
    "count, groups, expected",
    [
        (2, ("A",), (None, None, "hidden", "<5")),  # the '<5' itself
        (12, ("C",), (12.0, 12.0, "not_met", None)),  # no hidden group
        (14, ("A", "C"), (None, None, "hidden", "ẩn")),  # 14 - C's 12 = A
        (5, ("B", "D"), (None, None, "hidden", "ẩn")),  # B, its complement
        (19, ("A", "B", "C"), (19.0, 19.0, "not_met", None)),  # both hidden: sum public
        (19, (), (19.0, 19.0, "not_met", None)),  # town: published total
    ],
)
def test_a_selection_shows_only_what_the_town_table_does_not_hide(
    count, groups, expected
):
    out = rules.suppressed_selection(selection(count), town(), PLAN, groups)
    assert shown(out) == expected
    if expected[2] == "hidden":
        assert out[["ci_low", "ci_high"]].isna().all(axis=None)


def test_a_small_count_in_groups_hiding_nothing_in_town_is_hidden():
    # the town table has nothing hidden (all >= 5) but the selection is 3:
    # impossible as a sum of shown cells unless zeros... still hidden (1..4)
    out = rules.suppressed_selection(selection(3), town(counts=(7, 8)), PLAN, ("A",))
    assert shown(out) == (None, None, "hidden", "<5")


def test_targets_that_count_nothing_sensitive_are_untouched():
    row = selection(2, target_id="hcdb_share")
    out = rules.suppressed_selection(row, town(), PLAN, ("A",))
    assert shown(out) == (2.0, 2.0, "not_met", None)


def test_a_share_hides_its_small_denominator_too():
    # labour cases: 1 supported of 3 reported in the chosen group
    town_rows = town(LABOUR.id, counts=(1, 6, 9), denominators=(3, 6, 9))
    out = rules.suppressed_selection(
        selection(1, LABOUR.id, denominator=3.0), town_rows, PLAN, ("A",)
    )
    assert shown(out) == (None, None, "hidden", "<5")
    assert math.isnan(out.loc[0, "denominator"])
    assert out.loc[0, "denominator_mark"] == "<5"


def test_scorecard_hides_last_years_value_and_the_change():
    card = selection(12).assign(previous_value=[9.0], change=[3.0])
    previous = selection(9, day=D0)
    both_years = pd.concat(
        [town(), town(day=D0, counts=(2, 0, 9, 0))], ignore_index=True
    )
    # This year C's 12 is shown in the town table too. Last year the town
    # table hid A (2) and C (9, its complement): C's 9 would give A away.
    out = rules.suppressed_scorecard(card, previous, both_years, PLAN, ("C",))
    assert shown(out) == (12.0, 12.0, "not_met", None)
    assert math.isnan(out.loc[0, "previous_value"])
    assert math.isnan(out.loc[0, "change"])  # 12 - change = 9
    assert out.loc[0, "previous_mark"] == "ẩn"


def test_trend_csv_has_the_mark_not_the_count():
    series = pd.concat([selection(9, day=D0), selection(2)], ignore_index=True)
    rows = pd.concat(
        [town(day=D0, counts=(9, 7)), town(counts=(2, 7))], ignore_index=True
    )
    out = rules.suppressed_selection(series, rows, PLAN, ("A",))
    filters = Filters(groups=("A",), year=2024, date_from=D0, date_to=D)
    data = exports.to_csv_bytes(
        exports.trend_table(out, HIV, filters), filters, suppressed=True
    )
    lines = data.decode("utf-8-sig").splitlines()
    body = pd.read_csv(io.StringIO("\n".join(lines[2:])), sep=";", dtype=str)
    assert body["Tử số"].tolist() == ["9", "<5"]
    assert body["Giá trị"].tolist() == ["9", "<5"]
    assert body["Đánh giá"].tolist() == ["Chưa đạt", "Ẩn (bảo vệ số nhỏ)"]
    assert lines[1].startswith("# Quy tắc bảo vệ số nhỏ")


def test_groups_table_is_suppressed_on_the_whole_town_then_cut():
    """Gap (a): the hidden pattern must not depend on the filter. Cut
    first, then suppressed, {A, C} would hide C and show B's 5 in the
    {B} view, while the town view hides B: together they give A."""
    rows = town().drop(columns=["target_id", "snapshot_date"])
    whole = rules.suppressed_groups(rows, HIV)
    assert whole["mark"].tolist() == ["<5", "ẩn", None, None]
    chosen = whole[whole["residential_group"].isin(["A", "C"])]
    naive = rules.suppressed_groups(
        rows[rows["residential_group"].isin(["A", "C"])].reset_index(drop=True), HIV
    )
    assert chosen["mark"].tolist() == ["<5", None]
    assert naive["mark"].tolist() == ["<5", "ẩn"]  # a different pattern
