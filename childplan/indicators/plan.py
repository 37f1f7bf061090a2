"""The plan's targets as data: load and strictly validate plans/YEAR.toml.

A plan file is the only place that states a target's threshold, operator,
unit and wording; next year's plan is a new file, not new code. A malformed
file is refused whole with a PlanError naming the entry and the field.

One module because the catalogue's format and every check of it are read
together: each field's rule sits beside the dataclass field it fills.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from childplan.paths import PLANS_DIR

OPERATORS = ("<", "<=", ">", ">=", "=", "info")
UNITS = ("%", "‰", "count", "points")
DIRECTIONS = ("lower", "higher")
# Each kind has one unit: the unit fixes the scale of the value
# (100 × share, 1000 × rate, a count, a score's points).
KIND_UNITS = {"share": "%", "rate": "‰", "count": "count", "score": "points"}
WHEN_NONE = ("no_data", "no_cases")
# The counts queries/target_values.sql computes, with the kind each is.
MEASURES = {
    "hcdb_share": "share",
    "hcdb_supported": "share",
    "officers_trained": "share",
    "families_protection_knowledge": "share",
    "injury_rate": "rate",
    "injury_death_rate": "rate",
    "drowning_deaths": "count",
    "hiv_new_infections": "count",
    "ecd_access": "share",
    "ecd_caregiver_knowledge": "share",
    "disabled_service_access": "share",
    "disabled_integration_skills": "share",
    "disabled_caregiver_knowledge": "share",
    "policies_child_consulted": "share",
    "children_consulted": "share",
    "labour_cases_supported": "share",
    "families_labour_info": "share",
    "child_friendly_score": "score",
}
# Measures computed on tables without a residential group.
TOWN_WIDE_MEASURES = frozenset({"policies_child_consulted", "child_friendly_score"})

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SECTION = re.compile(r"^(\d+)\.(\d+)$")
_PLAN_FILE = re.compile(r"^(\d{4})\.toml$")


class PlanError(Exception):
    """The plan file is malformed; the message names the entry and field."""


@dataclass(frozen=True)
class Reference:
    label_vi: str
    label_en: str
    value: float
    unit: str
    source: str  # the document, as cited in Vietnamese
    source_en: str = ""  # the same in English ('' : as `source`)


@dataclass(frozen=True)
class Target:
    id: str
    section: str
    section_no: int
    name_vi: str
    name_en: str
    unit: str
    operator: str
    threshold: float | None
    town_wide: bool
    direction: str
    kind: str
    references: tuple[Reference, ...] = ()
    measure: str = ""
    when_none: str = "no_data"
    # Counts a sensitive matter (HIV, abuse, trafficking, labour, deaths):
    # a meeting sees it for the whole town, one value a year
    # (childplan.disclosure.rules).
    sensitive: bool = False
    # A few words for a column heading (the groups grid); the full name is
    # shown on hover. Empty: the full name is the heading.
    short_vi: str = ""
    short_en: str = ""
    # What the target measures, as the subject of a sentence ("Tỷ lệ trẻ em
    # có hoàn cảnh đặc biệt"): the presentation reads the year's number
    # with it (childplan.present.reading). Empty: the short heading.
    indicator_vi: str = ""
    indicator_en: str = ""

    @property
    def is_info(self) -> bool:
        return self.operator == "info"


@dataclass(frozen=True)
class Section:
    no: int
    title_vi: str
    title_en: str


@dataclass(frozen=True)
class Plan:
    year: int
    pass_mark: int
    targets: tuple[Target, ...]
    section_titles: tuple[Section, ...] = ()
    title_vi: str = ""
    title_en: str = ""
    path: Path | None = None

    def target(self, id: str) -> Target:
        for t in self.targets:
            if t.id == id:
                return t
        raise KeyError(f"no target {id!r} in the {self.year} plan")

    @property
    def target_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.targets)

    @property
    def sections(self) -> list[tuple[int, str, str]]:
        """(section_no, title_vi, title_en), ordered by section number."""
        return [
            (s.no, s.title_vi, s.title_en)
            for s in sorted(self.section_titles, key=lambda s: s.no)
        ]


# --- loading ---------------------------------------------------------------


def plan_files(plans_dir: Path = PLANS_DIR) -> dict[int, Path]:
    """year -> plans/YEAR.toml for every plan file."""
    out = {}
    if plans_dir.is_dir():
        for p in plans_dir.iterdir():
            m = _PLAN_FILE.match(p.name)
            if m and p.is_file():
                out[int(m.group(1))] = p
    return dict(sorted(out.items()))


def load_plan(
    path_or_year: str | Path | int | None = None, plans_dir: Path = PLANS_DIR
) -> Plan:
    """The plan in a file, or plans/YEAR.toml, or the latest plans/*.toml."""
    files = plan_files(plans_dir)
    if path_or_year is None:
        if not files:
            raise PlanError(f"Không có tệp kế hoạch nào trong {plans_dir}.")
        path = files[max(files)]
    elif isinstance(path_or_year, int):
        if path_or_year not in files:
            raise PlanError(
                f"Không có kế hoạch năm {path_or_year} ({plans_dir}/"
                f"{path_or_year}.toml). Các năm có kế hoạch: "
                f"{', '.join(map(str, files)) or 'không có'}."
            )
        path = files[path_or_year]
    else:
        path = Path(path_or_year)
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except OSError as exc:
        raise PlanError(f"Không đọc được tệp kế hoạch {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(f"Tệp kế hoạch {path} sai cú pháp TOML: {exc}") from exc
    return parse_plan(raw, source=str(path), path=Path(path))


def plan_for_year(year: int, plans_dir: Path = PLANS_DIR) -> Plan:
    """plans/YEAR.toml if there is one, else the latest plan."""
    if year in plan_files(plans_dir):
        return load_plan(year, plans_dir)
    return load_plan(None, plans_dir)


# --- validation ------------------------------------------------------------

_PLAN_KEYS = {"year", "title_vi", "title_en", "pass_mark", "sections", "targets"}
_SECTION_KEYS = {"no", "title_vi", "title_en"}
_TARGET_REQUIRED = (
    "id",
    "section",
    "name_vi",
    "name_en",
    "unit",
    "kind",
    "operator",
    "direction",
    "town_wide",
    "measure",
)
_TARGET_KEYS = set(_TARGET_REQUIRED) | {
    "threshold",
    "when_none",
    "references",
    "sensitive",
    "short_vi",
    "short_en",
    "indicator_vi",
    "indicator_en",
}
_REFERENCE_KEYS = {"label_vi", "label_en", "value", "unit", "source", "source_en"}


def _fail(source: str, where: str, field: str, why: str) -> PlanError:
    return PlanError(f"{source}: {where}, trường '{field}': {why}")


def _text(raw: dict, key: str, source: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(source, where, key, "phải là một chuỗi không rỗng")
    return value.strip()


def _number(value, source: str, where: str, key: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
    ):
        raise _fail(source, where, key, f"phải là một số, không phải {value!r}")
    return float(value)


def _unknown_keys(raw: dict, allowed: set, source: str, where: str) -> None:
    extra = sorted(set(raw) - allowed)
    if extra:
        raise _fail(
            source,
            where,
            extra[0],
            f"trường không được biết (các trường hợp lệ: {', '.join(sorted(allowed))})",
        )


def parse_plan(raw: dict, source: str = "kế hoạch", path: Path | None = None) -> Plan:
    """Validate a decoded plan file; refuse it whole on the first problem."""
    _unknown_keys(raw, _PLAN_KEYS, source, "đầu tệp")
    year = raw.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        raise _fail(source, "đầu tệp", "year", "phải là một năm (số nguyên)")
    pass_mark = raw.get("pass_mark")
    if isinstance(pass_mark, bool) or not isinstance(pass_mark, int) or pass_mark <= 0:
        raise _fail(
            source,
            "đầu tệp",
            "pass_mark",
            "phải là số điểm đạt chuẩn (số nguyên dương, ví dụ 850)",
        )

    sections: list[Section] = []
    raw_sections = raw.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise _fail(source, "đầu tệp", "sections", "phải có ít nhất một [[sections]]")
    for i, s in enumerate(raw_sections, 1):
        where = f"[[sections]] thứ {i}"
        if not isinstance(s, dict):
            raise _fail(source, where, "sections", "phải là một bảng")
        _unknown_keys(s, _SECTION_KEYS, source, where)
        no = s.get("no")
        if isinstance(no, bool) or not isinstance(no, int) or no <= 0:
            raise _fail(source, where, "no", "phải là số mục (số nguyên dương)")
        if any(x.no == no for x in sections):
            raise _fail(source, where, "no", f"mục {no} bị khai báo hai lần")
        sections.append(
            Section(
                no,
                _text(s, "title_vi", source, where),
                _text(s, "title_en", source, where),
            )
        )
    section_nos = {s.no for s in sections}

    raw_targets = raw.get("targets")
    if not isinstance(raw_targets, list) or not raw_targets:
        raise _fail(source, "đầu tệp", "targets", "phải có ít nhất một [[targets]]")
    targets: list[Target] = []
    for i, t in enumerate(raw_targets, 1):
        targets.append(_parse_target(t, i, section_nos, targets, source))
    return Plan(
        year=year,
        pass_mark=pass_mark,
        targets=tuple(targets),
        section_titles=tuple(sections),
        title_vi=str(raw.get("title_vi", "")),
        title_en=str(raw.get("title_en", "")),
        path=path,
    )


def _parse_target(
    t, i: int, section_nos: set, seen: list[Target], source: str
) -> Target:
    where = f"[[targets]] thứ {i}"
    if not isinstance(t, dict):
        raise _fail(source, where, "targets", "phải là một bảng")
    tid = t.get("id")
    if isinstance(tid, str) and tid:
        where = f"chỉ tiêu '{tid}'"
    for key in _TARGET_REQUIRED:
        if key not in t:
            raise _fail(source, where, key, "thiếu trường bắt buộc")
    _unknown_keys(t, _TARGET_KEYS, source, where)
    if not isinstance(tid, str) or not _ID.match(tid):
        raise _fail(
            source, where, "id", "phải là chữ thường, số và '_' (ví dụ hcdb_share)"
        )
    if any(x.id == tid for x in seen):
        raise _fail(source, where, "id", "mã chỉ tiêu bị trùng")
    section = _text(t, "section", source, where)
    m = _SECTION.match(section)
    if not m:
        raise _fail(
            source, where, "section", f"phải có dạng 'N.M', không phải {section!r}"
        )
    section_no = int(m.group(1))
    if section_no not in section_nos:
        raise _fail(
            source, where, "section", f"mục {section_no} không có trong [[sections]]"
        )
    unit = t["unit"]
    if unit not in UNITS:
        raise _fail(
            source,
            where,
            "unit",
            f"đơn vị {unit!r} không hợp lệ (chỉ nhận {', '.join(UNITS)})",
        )
    kind = t["kind"]
    if kind not in KIND_UNITS:
        raise _fail(
            source,
            where,
            "kind",
            f"loại {kind!r} không hợp lệ (chỉ nhận {', '.join(KIND_UNITS)})",
        )
    if KIND_UNITS[kind] != unit:
        raise _fail(
            source,
            where,
            "unit",
            f"chỉ tiêu loại {kind} phải có đơn vị {KIND_UNITS[kind]!r}",
        )
    operator = t["operator"]
    if operator not in OPERATORS:
        raise _fail(
            source,
            where,
            "operator",
            f"phép so sánh {operator!r} không hợp lệ (chỉ nhận {' '.join(OPERATORS)})",
        )
    if operator == "info":
        if "threshold" in t:
            raise _fail(
                source,
                where,
                "threshold",
                "chỉ tiêu 'info' (không có con số) không được có ngưỡng",
            )
        threshold = None
    else:
        if "threshold" not in t:
            raise _fail(
                source,
                where,
                "threshold",
                f"thiếu ngưỡng cho phép so sánh '{operator}'",
            )
        threshold = _number(t["threshold"], source, where, "threshold")
    direction = t["direction"]
    if direction not in DIRECTIONS:
        raise _fail(
            source,
            where,
            "direction",
            f"phải là {' hoặc '.join(DIRECTIONS)}, không phải {direction!r}",
        )
    if operator == "info" and direction != "lower":
        raise _fail(source, where, "direction", "chỉ tiêu 'info' dùng 'lower'")
    town_wide = t["town_wide"]
    if not isinstance(town_wide, bool):
        raise _fail(source, where, "town_wide", "phải là true hoặc false")
    measure = t["measure"]
    if measure not in MEASURES:
        raise _fail(
            source,
            where,
            "measure",
            f"không có phép tính {measure!r} (có: {', '.join(MEASURES)})",
        )
    if MEASURES[measure] != kind:
        raise _fail(
            source,
            where,
            "kind",
            f"phép tính {measure} cho ra loại {MEASURES[measure]}, không phải {kind}",
        )
    if (measure in TOWN_WIDE_MEASURES) != town_wide:
        raise _fail(
            source,
            where,
            "town_wide",
            f"phép tính {measure} "
            + (
                "là toàn thị trấn"
                if measure in TOWN_WIDE_MEASURES
                else "theo tổ dân phố"
            )
            + f", không khớp {town_wide}",
        )
    when_none = t.get("when_none", "no_data")
    if when_none not in WHEN_NONE:
        raise _fail(
            source,
            where,
            "when_none",
            f"phải là {' hoặc '.join(WHEN_NONE)}, không phải {when_none!r}",
        )
    sensitive = t.get("sensitive", False)
    if not isinstance(sensitive, bool):
        raise _fail(source, where, "sensitive", "phải là true hoặc false")
    refs = []
    raw_refs = t.get("references", [])
    if not isinstance(raw_refs, list):
        raise _fail(
            source, where, "references", "phải là danh sách [[targets.references]]"
        )
    for j, r in enumerate(raw_refs, 1):
        rwhere = f"{where}, tham chiếu thứ {j}"
        if not isinstance(r, dict):
            raise _fail(source, rwhere, "references", "phải là một bảng")
        _unknown_keys(r, _REFERENCE_KEYS, source, rwhere)
        if r.get("unit") != unit:
            raise _fail(
                source,
                rwhere,
                "unit",
                f"phải cùng đơn vị với chỉ tiêu ({unit!r}); hãy quy đổi",
            )
        refs.append(
            Reference(
                _text(r, "label_vi", source, rwhere),
                _text(r, "label_en", source, rwhere),
                _number(r.get("value"), source, rwhere, "value"),
                unit,
                _text(r, "source", source, rwhere),
                _text(r, "source_en", source, rwhere) if "source_en" in r else "",
            )
        )
    return Target(
        id=tid,
        section=section,
        section_no=section_no,
        name_vi=_text(t, "name_vi", source, where),
        name_en=_text(t, "name_en", source, where),
        unit=unit,
        operator=operator,
        threshold=threshold,
        town_wide=town_wide,
        direction=direction,
        kind=kind,
        references=tuple(refs),
        measure=measure,
        when_none=when_none,
        sensitive=sensitive,
        short_vi=_text(t, "short_vi", source, where) if "short_vi" in t else "",
        short_en=_text(t, "short_en", source, where) if "short_en" in t else "",
        indicator_vi=(
            _text(t, "indicator_vi", source, where) if "indicator_vi" in t else ""
        ),
        indicator_en=(
            _text(t, "indicator_en", source, where) if "indicator_en" in t else ""
        ),
    )
