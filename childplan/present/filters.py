"""The view a reader has chosen: groups, plan year, trend period, language.

A small frozen value (no data in it) that the frame builds from the sidebar
widgets, pages pass to the query layer and exports write into file names, so
every download says exactly which view it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from childplan.present import fmt
from childplan.present.i18n import t


@dataclass(frozen=True)
class Filters:
    groups: tuple[str, ...] = ()  # empty: the whole town
    year: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    lang: str = "vi"

    def scope_text(self, lang: str | None = None) -> str:
        """'Toàn thị trấn' or 'Tổ dân phố: Đức Thịnh, Hòa Sơn'."""
        lang = lang or self.lang
        if not self.groups:
            return t("scope_town", lang)
        return t("scope_groups", lang, groups=", ".join(map(scope_name, self.groups)))

    def period_text(self, lang: str | None = None) -> str:
        lang = lang or self.lang
        return (
            f"{fmt.date_text(self.date_from, lang)}–{fmt.date_text(self.date_to, lang)}"
        )

    def describe(self, lang: str | None = None) -> str:
        """One line naming every filter, for CSV headers."""
        lang = lang or self.lang
        groups = ", ".join(self.groups) if self.groups else t("groups_all", lang)
        return t(
            "csv_filters",
            lang,
            groups=groups,
            year=self.year,
            period=self.period_text(lang),
        )


GROUP_WORDS = "Tổ dân phố "


def scope_name(name: str) -> str:
    """A group's name after 'Tổ dân phố:' in a scope line: 'Tổ dân phố Hòa
    Sơn' -> 'Hòa Sơn', so the line does not say it twice ('Tổ 3' stays)."""
    if name.casefold().startswith(GROUP_WORDS.casefold()) and name[len(GROUP_WORDS) :]:
        return name[len(GROUP_WORDS) :]
    return name
