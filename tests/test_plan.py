"""The plan catalogue: the 2024 file as targets.md states it, strict loading."""

from __future__ import annotations

import copy
import shutil
import tomllib

import pytest

from childplan.indicators.plan import (
    MEASURES,
    PLANS_DIR,
    PlanError,
    load_plan,
    parse_plan,
)

TARGETS_MD_ORDER = [
    "hcdb_share",
    "hcdb_supported",
    "officers_trained",
    "families_protection_knowledge",
    "injury_rate",
    "injury_death_rate",
    "drowning_deaths",
    "hiv_new_infections",
    "ecd_access",
    "ecd_caregiver_knowledge",
    "disabled_service_access",
    "disabled_integration_skills",
    "disabled_caregiver_knowledge",
    "policies_child_consulted",
    "children_consulted",
    "labour_cases_supported",
    "families_labour_info",
    "child_friendly_score",
]


def raw_2024() -> dict:
    with open(PLANS_DIR / "2024.toml", "rb") as fh:
        return tomllib.load(fh)


def test_2024_plan_matches_targets_md():
    plan = load_plan(2024)
    assert plan.year == 2024
    assert plan.pass_mark == 850
    assert list(plan.target_ids) == TARGETS_MD_ORDER
    got = [
        (
            t.id,
            t.section,
            t.unit,
            t.kind,
            t.operator,
            t.threshold,
            t.town_wide,
            t.direction,
            t.when_none,
        )
        for t in plan.targets
    ]
    assert got == [
        ("hcdb_share", "3.1", "%", "share", "<", 2.0, False, "lower", "no_data"),
        ("hcdb_supported", "3.1", "%", "share", ">=", 96.0, False, "higher", "no_data"),
        (
            "officers_trained",
            "3.1",
            "%",
            "share",
            ">=",
            100.0,
            False,
            "higher",
            "no_data",
        ),
        (
            "families_protection_knowledge",
            "3.1",
            "%",
            "share",
            ">=",
            85.0,
            False,
            "higher",
            "no_data",
        ),
        ("injury_rate", "4.1", "‰", "rate", "<", 3.0, False, "lower", "no_data"),
        ("injury_death_rate", "4.1", "‰", "rate", "<", 2.0, False, "lower", "no_data"),
        (
            "drowning_deaths",
            "4.1",
            "count",
            "count",
            "info",
            None,
            False,
            "lower",
            "no_data",
        ),
        (
            "hiv_new_infections",
            "6.1",
            "count",
            "count",
            "=",
            0.0,
            False,
            "lower",
            "no_data",
        ),
        ("ecd_access", "7.1", "%", "share", ">=", 80.0, False, "higher", "no_data"),
        (
            "ecd_caregiver_knowledge",
            "7.1",
            "%",
            "share",
            ">",
            75.0,
            False,
            "higher",
            "no_data",
        ),
        (
            "disabled_service_access",
            "8.1",
            "%",
            "share",
            ">=",
            85.0,
            False,
            "higher",
            "no_data",
        ),
        (
            "disabled_integration_skills",
            "8.1",
            "%",
            "share",
            ">=",
            60.0,
            False,
            "higher",
            "no_data",
        ),
        (
            "disabled_caregiver_knowledge",
            "8.1",
            "%",
            "share",
            ">=",
            70.0,
            False,
            "higher",
            "no_data",
        ),
        (
            "policies_child_consulted",
            "9.1",
            "%",
            "share",
            ">=",
            100.0,
            True,
            "higher",
            "no_data",
        ),
        (
            "children_consulted",
            "9.1",
            "%",
            "share",
            ">=",
            20.0,
            False,
            "higher",
            "no_data",
        ),
        (
            "labour_cases_supported",
            "10.1",
            "%",
            "share",
            ">=",
            100.0,
            False,
            "higher",
            "no_cases",
        ),
        (
            "families_labour_info",
            "10.1",
            "%",
            "share",
            ">=",
            75.0,
            False,
            "higher",
            "no_data",
        ),
        (
            "child_friendly_score",
            "5.1",
            "points",
            "score",
            ">=",
            850.0,
            True,
            "higher",
            "no_data",
        ),
    ]
    assert [s[0] for s in plan.sections] == [3, 4, 5, 6, 7, 8, 9, 10]
    assert plan.target("injury_death_rate").references[0].value == 0.16
    assert plan.target("injury_death_rate").section_no == 4
    # Sensitive matters (issue #6: HIV, abuse, trafficking, labour, deaths).
    assert [t.id for t in plan.targets if t.sensitive] == [
        "injury_death_rate",
        "drowning_deaths",
        "hiv_new_infections",
        "labour_cases_supported",
    ]


def test_every_measure_is_used_once():
    assert sorted(t.measure for t in load_plan(2024).targets) == sorted(MEASURES)


def test_next_years_plan_is_a_new_file(tmp_path):
    shutil.copy(PLANS_DIR / "2024.toml", tmp_path / "2024.toml")
    text = (PLANS_DIR / "2024.toml").read_text(encoding="utf-8")
    (tmp_path / "2025.toml").write_text(
        text.replace("year = 2024", "year = 2025").replace(
            "threshold = 96", "threshold = 97"
        ),
        encoding="utf-8",
    )
    assert load_plan(plans_dir=tmp_path).year == 2025  # the latest
    assert (
        load_plan(2025, plans_dir=tmp_path).target("hcdb_supported").threshold == 97.0
    )
    assert (
        load_plan(2024, plans_dir=tmp_path).target("hcdb_supported").threshold == 96.0
    )
    with pytest.raises(PlanError, match="2026"):
        load_plan(2026, plans_dir=tmp_path)


def _break(path: list, value):
    """A copy of the 2024 plan with one field set (or deleted: value=KeyError)."""
    raw = copy.deepcopy(raw_2024())
    node = raw
    for key in path[:-1]:
        node = node[key]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return raw


@pytest.mark.parametrize(
    "path, value, entry, field",
    [
        (["targets", 0, "operator"], "≤", "hcdb_share", "operator"),
        (["targets", 1, "threshold"], KeyError, "hcdb_supported", "threshold"),
        (["targets", 2, "id"], "hcdb_share", "hcdb_share", "id"),
        (["targets", 3, "unit"], "percent", "families_protection_knowledge", "unit"),
        (["targets", 4, "unit"], "%", "injury_rate", "unit"),
        (["targets", 5, "kind"], "ratio", "injury_death_rate", "kind"),
        (["targets", 6, "threshold"], 0, "drowning_deaths", "threshold"),
        (["targets", 7, "threshold"], "0", "hiv_new_infections", "threshold"),
        (["targets", 8, "section"], "11.1", "ecd_access", "section"),
        (["targets", 9, "direction"], "up", "ecd_caregiver_knowledge", "direction"),
        (["targets", 10, "town_wide"], "no", "disabled_service_access", "town_wide"),
        (["targets", 11, "measure"], "nope", "disabled_integration_skills", "measure"),
        (["targets", 12, "name_vi"], "", "disabled_caregiver_knowledge", "name_vi"),
        (["targets", 13, "town_wide"], False, "policies_child_consulted", "town_wide"),
        (["targets", 14, "colour"], "red", "children_consulted", "colour"),
        (["targets", 15, "when_none"], "none", "labour_cases_supported", "when_none"),
        (["targets", 16, "measure"], "injury_rate", "families_labour_info", "kind"),
        (["targets", 0, "references", 0, "unit"], "‰", "hcdb_share", "unit"),
        (["targets", 7, "sensitive"], "yes", "hiv_new_infections", "sensitive"),
        (["pass_mark"], "850", "đầu tệp", "pass_mark"),
        (["year"], KeyError, "đầu tệp", "year"),
    ],
)
def test_malformed_plan_is_refused_naming_entry_and_field(path, value, entry, field):
    with pytest.raises(PlanError) as err:
        parse_plan(_break(path, value), source="2024.toml")
    message = str(err.value)
    assert entry in message
    assert f"'{field}'" in message


def test_toml_syntax_error_names_the_file(tmp_path):
    bad = tmp_path / "2024.toml"
    bad.write_text("year = \n", encoding="utf-8")
    with pytest.raises(PlanError, match="2024.toml"):
        load_plan(bad)
