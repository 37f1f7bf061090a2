"""Every word of the dashboard exists in Vietnamese and English."""

import string

import pytest

from childplan.disclosure.roles import ROLES
from childplan.indicators.plan import load_plan
from childplan.indicators.targets import AGE_BANDS, SEXES, STATUSES, UNKNOWN_PLACE
from childplan.present import i18n
from childplan.store.contract import INJURY_CAUSES, PLACES


@pytest.mark.parametrize(
    "table", [i18n.STRINGS, i18n.STATUS, i18n.UNITS, i18n.DIMENSIONS, i18n.CATEGORIES]
)
def test_every_entry_in_both_languages(table):
    assert [
        k for k, v in table.items() if set(v) != {"vi", "en"} or not all(v.values())
    ] == []


def placeholders(text: str) -> set[str]:
    """The {names} of a string (ValueError on a stray brace)."""
    return {
        name for _, name, _, _ in string.Formatter().parse(text) if name is not None
    }


def test_every_string_has_both_languages_with_the_same_placeholders():
    assert [k for k, v in i18n.STRINGS.items() if set(v) != {"vi", "en"}] == []
    assert [
        k
        for k, v in i18n.STRINGS.items()
        if placeholders(v["vi"]) != placeholders(v["en"])
    ] == []


def test_every_string_fills_in_both_languages():
    for key, text in i18n.STRINGS.items():
        values = {name: "x" for name in placeholders(text["vi"])}
        for lang in ("vi", "en"):
            assert "{" not in i18n.t(key, lang, **values), (key, lang)


def test_every_code_the_query_layer_returns_has_a_label():
    codes = [
        *INJURY_CAUSES,
        *PLACES,
        UNKNOWN_PLACE,
        *SEXES,
        *(band for band, _, _ in AGE_BANDS),
    ]
    assert [c for c in codes if c not in i18n.CATEGORIES] == []
    assert [s for s in STATUSES if s not in i18n.STATUS] == []


def test_every_plan_section_has_a_navigation_title():
    sections = [no for no, _, _ in load_plan().sections]
    assert [no for no in sections if f"nav_{no}" not in i18n.STRINGS] == []


def test_placeholders_are_filled():
    assert (
        i18n.t("summary", "vi", met=9, total=16)
        == "Đạt 9/16 chỉ tiêu được giao số cụ thể"
    )
    assert (
        i18n.t("summary", "en", met=9, total=16)
        == "9 of 16 targets with a threshold met"
    )
    with pytest.raises(KeyError):
        i18n.t("no_such_key")


def test_every_role_has_a_name():
    assert [r for r in ROLES if f"role_{r}" not in i18n.STRINGS] == []
