"""Small-count suppression: exact hidden cells, CSV bytes, no recovery."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from childplan.disclosure.suppress import (
    is_sensitive_target,
    recoverable_cells,
    selection_hidden,
    suppress_counts,
)
from childplan.indicators.plan import load_plan


def frame(**columns):
    return pd.DataFrame(columns)


def test_one_way_single_small_cell_hides_next_smallest():
    df = frame(cause=["fall", "burn", "drowning", "other"], death_count=[0, 2, 7, 9])
    display, mask = suppress_counts(df, ["death_count"])
    assert display.values.tolist() == [
        ["fall", "0"],
        ["burn", "<5"],
        ["drowning", "ẩn"],
        ["other", "9"],
        ["Tổng", "18"],
    ]
    assert mask["death_count"].tolist() == [False, True, True, False, False]


def test_not_sensitive_shows_everything():
    df = frame(cause=["fall", "burn"], injured_count=[1, 3])
    display, mask = suppress_counts(df, ["injured_count"], sensitive=False)
    assert display.values.tolist() == [["fall", "1"], ["burn", "3"], ["Tổng", "4"]]
    assert not mask.any().any()


def test_two_small_cells_protect_each_other():
    # 2 + 3 = 5 with both in 1..4: either could be 1..4 -> safe, nothing more.
    df = frame(group=["A", "B", "C"], hiv=[2, 3, 11])
    display, _ = suppress_counts(df, ["hiv"])
    assert display["hiv"].tolist() == ["<5", "<5", "11", "16"]


def test_two_ones_would_be_recovered_so_total_goes():
    # 1 + 1 = 2 pins both; no other non-zero cell: the total is hidden.
    df = frame(group=["A", "B", "C"], hiv=[1, 1, 0])
    display, mask = suppress_counts(df, ["hiv"])
    assert display["hiv"].tolist() == ["<5", "<5", "0", "ẩn"]
    assert mask["hiv"].tolist() == [True, True, False, True]


def test_complement_that_pins_the_cell_is_not_enough():
    # 1 and 5 hidden, total 6: the '<5' is 1..4 and 'ẩn' >= 5, so both are
    # pinned (1, 5); the next cell (8) is hidden as well.
    df = frame(group=["A", "B", "C"], abuse=[1, 5, 8])
    display, _ = suppress_counts(df, ["abuse"])
    assert display["abuse"].tolist() == ["<5", "ẩn", "ẩn", "14"]


def test_two_way_with_row_totals():
    df = frame(group=["a", "b", "c"], M=[3, 10, 6], F=[8, 2, 9])
    display, mask = suppress_counts(df, ["M", "F"], row_total="total")
    assert display.values.tolist() == [
        ["a", "<5", "ẩn", "11"],
        ["b", "ẩn", "<5", "12"],
        ["c", "ẩn", "ẩn", "15"],
        ["Tổng", "19", "19", "38"],
    ]
    # every row and column holding a hidden cell holds at least two, and
    # no hidden cell can be pinned from the row and column totals
    hidden = mask[["M", "F"]].to_numpy()[:3]
    for line in list(hidden) + list(hidden.T):
        assert line.sum() != 1
    values = df[["M", "F"]].to_numpy()
    assert (
        recoverable_cells(values, (values <= 4), hidden, row_totals_known=[True] * 3)
        == []
    )


def test_nested_columns_deaths_bounded_by_injured():
    # 'other': 1 injured, 1 died -> the shown injured count would pin the
    # death, so injured cells are hidden too.
    df = frame(
        cause=["fall", "burn", "drowning", "other"],
        injured_count=[10, 2, 7, 1],
        death_count=[0, 1, 5, 1],
    )
    display, mask = suppress_counts(
        df,
        ["injured_count", "death_count"],
        sensitive=["death_count"],
        bounded_by={"death_count": "injured_count"},
    )
    values = df[["injured_count", "death_count"]].to_numpy()
    hidden = mask.to_numpy()[:4]
    primary = (values >= 1) & (values <= 4) & np.array([False, True])
    assert (
        recoverable_cells(
            values,
            primary,
            hidden,
            sensitive_columns=[False, True],
            col_totals_known=~mask.to_numpy()[4],
            bounded_by_pairs=[(1, 0)],
        )
        == []
    )
    assert display.loc[3, "death_count"] == "<5"
    assert display.loc[3, "injured_count"] == "ẩn"


def test_derived_columns_hidden_with_their_count():
    df = frame(group=["A", "B", "C"], hiv=[2, 6, 12], share_pct=[10.0, 30.0, 60.0])
    display, _ = suppress_counts(df, ["hiv"], derived={"hiv": ["share_pct"]})
    assert display["share_pct"].tolist()[:3] == ["<5", "ẩn", 60.0]


def test_suppressed_value_absent_from_pandas_to_csv():
    df = frame(group=["Tổ 1", "Tổ 2", "Tổ 3"], abuse=[3, 17, 25])
    display, _ = suppress_counts(df, ["abuse"])
    data = display.to_csv(index=False).encode()
    assert data == "group,abuse\nTổ 1,<5\nTổ 2,ẩn\nTổ 3,25\nTổng,45\n".encode()
    assert b",3\n" not in data and b",17\n" not in data
    # From the total and the shown cell: hidden sum 20, '<5' is 1..4 and
    # 'ẩn' >= 5: the small cell can be anything from 1 to 4.
    assert (
        recoverable_cells(
            [[3], [17], [25]], [[True], [False], [False]], [[True], [True], [False]]
        )
        == []
    )


def test_single_hidden_cell_would_be_recoverable():
    assert recoverable_cells([[3], [17]], [[True], [False]], [[True], [False]]) == [
        (0, 0)
    ]


def test_sensitive_targets_come_from_the_plan_catalogue():
    plan = load_plan(2024)
    assert is_sensitive_target(plan.target("hiv_new_infections"))
    assert not is_sensitive_target(plan.target("hcdb_share"))


def test_rejects_bad_counts():
    with pytest.raises(ValueError):
        suppress_counts(frame(g=["a"], n=[-1]), ["n"])
    with pytest.raises(ValueError):
        suppress_counts(frame(g=["a"], n=[1.5]), ["n"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=1, max_size=8))
def test_any_one_way_table_leaves_nothing_recoverable(counts):
    df = frame(group=[f"g{i}" for i in range(len(counts))], n=counts)
    display, mask = suppress_counts(df, ["n"])
    values = np.array(counts)[:, None]
    primary = (values >= 1) & (values <= 4)
    hidden = mask["n"].to_numpy()
    assert (hidden[:-1][primary[:, 0]]).all()
    assert not hidden[:-1][values[:, 0] == 0].any()
    assert (
        recoverable_cells(
            values, primary, hidden[:-1, None], col_totals_known=~hidden[-1:]
        )
        == []
    )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), min_size=1, max_size=6)
)
def test_any_two_way_table_leaves_nothing_recoverable(rows):
    values = np.array(rows)
    df = frame(
        group=[f"g{i}" for i in range(len(rows))], M=values[:, 0], F=values[:, 1]
    )
    display, mask = suppress_counts(df, ["M", "F"], row_total="total")
    m = mask.to_numpy()
    primary = (values >= 1) & (values <= 4)
    assert (
        recoverable_cells(
            values,
            primary,
            m[:-1, :2],
            row_totals_known=~m[:-1, 2],
            col_totals_known=~m[-1, :2],
        )
        == []
    )


@pytest.mark.parametrize(
    "count, selected, hidden",
    [
        (3, {"A"}, True),  # 1..4 always hides
        (12, {"C"}, False),  # no hidden group chosen
        (14, {"A", "C"}, True),  # A hidden, B (hidden) not chosen: A+C - C
        (19, {"A", "B", "C"}, False),  # every hidden group: their sum is public
        (0, {"D"}, False),
        (float("nan"), {"A"}, False),
    ],
)
def test_selection_of_groups(count, selected, hidden):
    # town by-group table: A=2 ('<5'), B=5 ('ẩn'), C=12, D=0
    df = frame(group=["A", "B", "C", "D"], hiv=[2, 5, 12, 0])
    display, mask = suppress_counts(df, ["hiv"], total_label=None)
    hidden_groups = set(df["group"][mask["hiv"]])
    assert hidden_groups == {"A", "B"}
    assert selection_hidden(count, selected, hidden_groups) is hidden


def test_row_sums_known_from_elsewhere():
    # boys/girls per group where each row's total is public elsewhere
    df = frame(group=["a", "b"], boys=[2, 7], girls=[9, 8])
    display, mask = suppress_counts(
        df, ["boys", "girls"], total_label=None, row_sums=[("boys", "girls")]
    )
    assert display.values.tolist() == [["a", "<5", "ẩn"], ["b", "ẩn", "ẩn"]]
    values = df[["boys", "girls"]].to_numpy()
    assert (
        recoverable_cells(
            values, (values <= 4), mask.to_numpy(), row_totals_known=[True, True]
        )
        == []
    )
