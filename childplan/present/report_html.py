"""The printed report as one HTML page: title block, scorecard, groups grid,
then each section's targets with their values, charts and decisions.

A pure function of data (`report_html(report)`): no Streamlit, no database.
The overview's button gathers the meeting view's values into a `Report`
(childplan.app.report) and childplan.present.pdf prints the page on A4
landscape. The content is what a meeting sees on screen (the reads behind
the View have applied childplan.disclosure), worded and formatted by the
same functions: fmt for numbers, i18n for words, charts and group_charts for
the figures, group_grid for the grid. plotly.js (the basic bundle,
childplan.present.plotlyjs) is inlined once; every chart is a static plot
(no modebar, no hover) of the printed width.

One module because the page's HTML, its print CSS and the blocks that fill
it are read together: a page break rule in the CSS is only right with the
block structure it breaks.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from childplan.disclosure import rules
from childplan.indicators import stats
from childplan.indicators.plan import Plan, Target
from childplan.present import charts, fmt, group_charts, group_grid, plotlyjs
from childplan.present.charts import STATUS_COLOURS, THRESHOLD_COLOUR
from childplan.present.filters import Filters
from childplan.present.i18n import dimension_label, status_label, t, target_name
from childplan.present.markdown import plain_text

FONT = '"Noto Sans", "Noto Sans Display", sans-serif'
# The printed width is 1032 px (childplan.present.pdf): a target's trend
# takes 3/5 of it, its groups the rest, as on the section pages.
TREND_WIDTH, GROUPS_WIDTH, CHART_HEIGHT = 590, 400, 230
FUNNEL_HEIGHT = 420  # its legend of five keys takes the top third
BREAKDOWN_WIDTH, BREAKDOWN_HEIGHT = 500, 540
BAR_PX = 16  # a bar of the injury breakdown: four dimensions on one page
PLOT_CONFIG = {"staticPlot": True, "displayModeBar": False, "responsive": False}
BREAKDOWN_DIMENSIONS = ("cause", "place", "sex", "age_band")
INJURY_SECTION = 4  # its page adds the year's injury breakdown


@dataclass(frozen=True)
class Report:
    """What the report prints: the meeting view's values of one year and
    scope, gathered once (childplan.app.report.gather)."""

    plan: Plan
    filters: Filters
    year_end: dt.date
    simulated: bool
    printed_on: dt.date
    summary: str  # the overview's summary line
    card: pd.DataFrame  # the meeting scorecard
    series: pd.DataFrame  # the meeting series
    grid_cells: pd.DataFrame  # group_grid.grid_cells of the grid targets
    section_order: tuple[int, ...]  # as the navigation lists them
    changes: dict[str, str] = field(default_factory=dict)  # change from last year
    by_group: dict[str, pd.DataFrame] = field(default_factory=dict)
    breakdown: pd.DataFrame | None = None
    decisions: dict[str, list] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.filters.lang

    def row(self, target_id: str):
        rows = self.card[self.card["target_id"] == target_id]
        return rows.iloc[0] if len(rows) else None


def report_html(report: Report) -> str:
    """The whole report as one self-contained HTML page."""
    lang = report.lang
    body = [_title_block(report), _scorecard(report), _grid(report)]
    for no in report.section_order:
        targets = [x for x in report.plan.targets if x.section_no == no]
        if targets:
            body.append(_section(report, no, targets))
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{_e(_title(report))}</title>"
        f"<style>{CSS}</style>"
        f"<script>{plotlyjs.source()}</script></head>"
        f"<body>{''.join(body)}</body></html>"
    )


def footer_html(report: Report) -> str:
    """Chromium's footer template: the report, the date printed and
    'Trang 3/12' (Chromium fills pageNumber and totalPages)."""
    lang = report.lang
    page = t(
        "report_page",
        lang,
        page='<span class="pageNumber"></span>',
        pages='<span class="totalPages"></span>',
    )
    left = _e(
        f"{t('report_authority', lang)} · {_title(report)} · "
        + t("report_printed", lang, date=fmt.date_text(report.printed_on, lang))
    )
    return (
        f'<div style="font-family:{_e(FONT)};font-size:8pt;color:#4D4D4D;'
        'width:100%;margin:0 12mm;display:flex;justify-content:space-between">'
        f"<span>{left}</span><span>{page}</span></div>"
    )


# --- the title block and the scorecard -----------------------------------------
def _title(report: Report) -> str:
    return t("report_title", report.lang, year=report.filters.year)


def _title_block(report: Report) -> str:
    lang, f = report.lang, report.filters
    plan_title = report.plan.title_vi if lang == "vi" else report.plan.title_en
    facts = [
        t("report_snapshot", lang, date=fmt.date_text(report.year_end, lang)),
        t("report_scope", lang, scope=f.scope_text(lang)),
        t("report_printed", lang, date=fmt.date_text(report.printed_on, lang)),
    ]
    simulated = (
        f'<p class="cp-simulated">{_md(t("simulated_banner", lang))}</p>'
        if report.simulated
        else ""
    )
    return (
        '<header class="cp-title cp-block">'
        f'<p class="cp-authority">{_e(t("report_authority", lang))}</p>'
        f"<h1>{_e(_title(report))}</h1>"
        f'<p class="cp-plan">{_e(plan_title)}</p>'
        f'<p class="cp-facts">{" · ".join(_e(x) for x in facts)}</p>'
        f"{simulated}"
        f'<p class="cp-summary"><strong>{_e(report.summary)}</strong></p>'
        f'<p class="cp-note">{_e(t("report_meeting_note", lang))}</p>'
        "</header>"
    )


def _scorecard(report: Report) -> str:
    lang, year = report.lang, report.filters.year
    head = [
        t("report_col_section", lang),
        t("report_col_target", lang),
        t("year_value", lang, year=year),
        t("report_col_status", lang),
        t("report_col_threshold", lang),
        t("report_col_change", lang, year=year - 1),
    ]
    rows = []
    for no in report.section_order:
        for target in (x for x in report.plan.targets if x.section_no == no):
            row = report.row(target.id)
            if row is None:
                continue
            threshold = fmt.threshold_text(
                target.operator, target.threshold, target.unit, lang
            )
            cells = [
                _e(target.section),
                _e(target_name(target, lang)),
                f'<span class="cp-value">{_e(_value(target, row, lang))}</span>',
                _badge(row["status"], lang),
                _e(threshold or t("target_info", lang)),
                _e(report.changes.get(target.id, "")),
            ]
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (
        '<section class="cp-scorecard">'
        f"<h2>{_e(t('report_scorecard_title', lang))}</h2>"
        '<table class="cp-table cp-card"><thead><tr>'
        + "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
        + f"</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _grid(report: Report) -> str:
    lang = report.lang
    targets = rules.grid_targets(report.plan)
    if not targets or report.grid_cells.empty:
        return ""
    title = t("grid_title", lang, date=fmt.date_text(report.year_end, lang))
    return (
        '<section class="cp-grid-page cp-block">'
        f"<h2>{_e(title)}</h2>"
        f"{group_grid.grid_html(report.grid_cells, targets, lang)}"
        f'<p class="cp-caption">{_e(t("grid_caption", lang))}</p></section>'
    )


# --- the sections --------------------------------------------------------------
def _section(report: Report, no: int, targets: list[Target]) -> str:
    lang = report.lang
    title = next(
        (vi if lang == "vi" else en) for n, vi, en in report.plan.sections if n == no
    )
    parts = [
        f'<section class="cp-section"><h2>{_e(t("section_ref", lang, no=no))}. '
        f"{_e(title)}</h2>"
    ]
    parts += [_target(report, x) for x in targets]
    if no == INJURY_SECTION and report.breakdown is not None:
        parts.append(_breakdown(report))
    parts.append("</section>")
    return "".join(parts)


def _target(report: Report, target: Target) -> str:
    """One target as on its section page: the year's line, notes, trend,
    residential groups and the decisions noted on it."""
    lang, groups = report.lang, report.filters.groups
    row = report.row(target.id)
    notes = []
    if rules.is_town_figure(target, groups) and not target.town_wide:
        notes.append(t("sensitive_town_note", lang))
    for ref in target.references:
        label, source = (
            (ref.label_vi, ref.source)
            if lang == "vi"
            else (ref.label_en, ref.source_en or ref.source)
        )
        notes.append(t("reference", lang, label=label, source=source))
    trend = charts.trend_figure(report.series, target, lang, report.year_end)
    left = [_plot(trend, TREND_WIDTH, f"trend_{target.id}")]
    if rules.is_sensitive(target):
        left.append(_caption(t("sensitive_note", lang)))
    left.append(_decisions(report, target))
    return (
        f'<article class="cp-target cp-block" id="{_e(target.id)}">'
        f"<h3>{_e(target_name(target, lang))}</h3>"
        f'<p class="cp-year-line">{_year_line(report, target, row)}</p>'
        + "".join(_caption(n) for n in notes)
        + '<div class="cp-columns">'
        f'<div class="cp-left">{"".join(left)}</div>'
        f'<div class="cp-right">{_groups(report, target)}</div>'
        "</div></article>"
    )


def _year_line(report: Report, target: Target, row) -> str:
    """blocks.year_line in HTML: 'Năm 2024: 2,1% (1,4–3,0) · Đạt · Mục tiêu
    dưới 2%'."""
    lang = report.lang
    if row is None:
        return _e(status_label("no_data", lang))
    args = (target.unit, lang, target.threshold, target.operator)
    value = (
        fmt.value_text(row["value"], *args)
        if target.kind == "count"
        else fmt.value_with_interval(row["value"], row["ci_low"], row["ci_high"], *args)
    )
    threshold = fmt.threshold_text(target.operator, target.threshold, target.unit, lang)
    parts = [
        f"{_e(t('year_value', lang, year=report.filters.year))}: "
        f"<strong>{_e(value)}</strong>",
        _badge(row["status"], lang),
        _e(
            t("target_label", lang, threshold=threshold)
            if threshold
            else t("target_info", lang)
        ),
    ]
    if target.kind in ("share", "rate") and bool(row.get("is_unstable", False)):
        parts.append(_e(t("unstable", lang)))
    return " · ".join(parts)


def _groups(report: Report, target: Target) -> str:
    """The residential groups a meeting compares, as on the section page
    (blocks.group_comparison): none for a town-wide or sensitive target."""
    lang = report.lang
    if target.town_wide:
        return _caption(t("town_wide_note", lang))
    if rules.is_sensitive(target):
        return _caption(t("sensitive_groups_note", lang))
    by_group = report.by_group.get(target.id)
    date = fmt.date_text(report.year_end, lang)
    out = [f'<p class="cp-sub">{_e(t("groups_title", lang, date=date))}</p>']
    if by_group is None or by_group.empty:
        return "".join([*out, _caption(t("no_group_values", lang))])
    if not stats.funnel_applies(target, by_group["denominator"]):
        if stats.has_funnel(target):
            threshold = fmt.threshold_text(
                target.operator, target.threshold, target.unit, lang
            )
            out.append(_caption(t("funnel_no_funnel", lang, threshold=threshold)))
            out.append(_table(group_charts.group_table(by_group, target, lang)))
        else:
            out.append(_table(group_charts.count_table(by_group, target, lang)))
        return "".join(out)
    placed = group_charts.funnel_groups(by_group, target)
    out.append(
        _plot(
            group_charts.funnel_figure(by_group, target, lang, placed),
            GROUPS_WIDTH,
            f"groups_{target.id}",
            height=FUNNEL_HEIGHT,
        )
    )
    sentences = group_charts.funnel_sentences(placed, target, lang)
    out += [_caption(s, markdown=True) for s in sentences]
    return "".join(out)


def _decisions(report: Report, target: Target) -> str:
    lang, year = report.lang, report.filters.year
    items = report.decisions.get(target.id, [])
    lines = [f'<p class="cp-sub">{_e(t("decisions_title", lang))}</p>']
    if not items:
        lines.append(_caption(t("decisions_none", lang, year=year)))
    for item in items:
        due = (
            t("decision_due", lang, date=fmt.date_text(item.due_date, lang))
            if item.due_date
            else ""
        )
        # the decision's words are data: markdown-escaped (plain_text), as on
        # the page, then _md turns the line's own bold into HTML
        line = t(
            "decision_line",
            lang,
            meeting=fmt.date_text(item.meeting_date, lang),
            text=plain_text(item.text, limit=1000),
            responsible=plain_text(item.responsible, limit=120),
            due=due,
            status=t(f"decision_status_{item.status}", lang),
        )
        text = _md(line)
        lines.append(f'<p class="cp-decision">{text}</p>')
    return '<div class="cp-decisions">' + "".join(lines) + "</div>"


def _breakdown(report: Report) -> str:
    lang, f = report.lang, report.filters
    date = fmt.date_text(report.year_end, lang)

    # as on the page: causes on the left, place, sex and age on the right,
    # each at a height that keeps the four on one page
    def item(dimension: str, height: int) -> str:
        return (
            '<div class="cp-breakdown-item">'
            f'<p class="cp-sub">{_e(dimension_label(dimension, lang))}</p>'
            + _plot(
                charts.breakdown_figure(report.breakdown, dimension, lang),
                BREAKDOWN_WIDTH,
                f"breakdown_{dimension}",
                height=height,
            )
            + "</div>"
        )

    def bars_height(dimension: str) -> int:
        """Room for each category's two bars, as the page's own charts."""
        rows = int((report.breakdown["dimension"] == dimension).sum())
        return min(BREAKDOWN_HEIGHT, 60 + 2 * BAR_PX * max(rows, 1))

    causes, *others = BREAKDOWN_DIMENSIONS
    plots = [
        f'<div class="cp-breakdown-col">{item(causes, bars_height(causes))}</div>',
        '<div class="cp-breakdown-col">'
        + "".join(item(d, bars_height(d)) for d in others)
        + "</div>",
    ]
    town_only = _caption(t("breakdown_town_only", lang)) if f.groups else ""
    return (
        '<article class="cp-breakdown cp-block">'
        f"<h3>{_e(t('breakdown_title', lang, year=f.year, date=date))}</h3>"
        + _caption(t("breakdown_caption", lang, scope=t("scope_town", lang)))
        + town_only
        + f'<div class="cp-breakdown-grid">{"".join(plots)}</div>'
        + _caption(t("breakdown_deaths_note", lang))
        + "</article>"
    )


# --- pieces -------------------------------------------------------------------
def _value(target: Target, row, lang: str) -> str:
    args = (target.unit, lang, target.threshold, target.operator)
    if target.kind == "count":
        return fmt.value_text(row["value"], *args)
    return fmt.value_with_interval(row["value"], row["ci_low"], row["ci_high"], *args)


def _plot(fig: go.Figure, width: int, div_id: str, height: int | None = CHART_HEIGHT):
    """A figure as a static plot of the printed size, drawn by the inlined
    plotly.js (the printer waits for every .cp-plot to hold its SVG)."""
    fig.update_layout(width=width, font={"family": charts.FONT_FAMILY})
    if height is not None:
        fig.update_layout(height=height)
    div = pio.to_html(
        fig,
        include_plotlyjs=False,
        full_html=False,
        config=PLOT_CONFIG,
        div_id=f"cp-{div_id}",
        validate=False,
    )
    # a box of the figure's own size, laid out apart from the page: drawing
    # one chart then reflows that box only, not the whole report
    size = f"width:{width}px;height:{fig.layout.height}px"
    return f'<div class="cp-plot" style="{size}">{div}</div>'


def _table(frame: pd.DataFrame) -> str:
    head = "".join(f'<th scope="col">{_e(c)}</th>' for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        f'<table class="cp-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _badge(status: str, lang: str) -> str:
    colour = STATUS_COLOURS.get(status, STATUS_COLOURS["no_data"])
    return (
        f'<span class="cp-badge" style="border-color:{colour};color:{colour}">'
        f"{_e(status_label(status, lang))}</span>"
    )


def _caption(text: str, markdown: bool = False) -> str:
    return f'<p class="cp-caption">{_md(text) if markdown else _e(text)}</p>'


_MD_TOKEN = re.compile(r"\\(.)|\*\*")


def _md(text: str) -> str:
    """The little markdown the product's own sentences hold, as HTML:
    **bold** and backslash escapes (plain_text's); everything else escaped."""
    out, bold, last = [], False, 0
    for match in _MD_TOKEN.finditer(text):
        out.append(_e(text[last : match.start()]))
        if match.group(1) is not None:
            out.append(_e(match.group(1)))
        else:
            out.append("</strong>" if bold else "<strong>")
            bold = not bold
        last = match.end()
    out.append(_e(text[last:]))
    if bold:
        out.append("</strong>")
    return "".join(out)


def _e(text) -> str:
    return html.escape(str(text), quote=True)


# A4 landscape, nothing split across pages: every target, table row, the
# grid and the title block avoid a break inside; a section starts a page.
CSS = f"""
@page {{ size: A4 landscape; margin: 12mm 12mm 14mm 12mm; }}
html, body {{ margin: 0; padding: 0; background: white; }}
body {{ font-family: {FONT}; font-size: 10.5pt; color: {THRESHOLD_COLOUR};
  line-height: 1.35; -webkit-print-color-adjust: exact;
  print-color-adjust: exact; }}
h1 {{ font-size: 18pt; margin: 0.1em 0 0.2em; }}
h2 {{ font-size: 14pt; margin: 0 0 0.4em; break-after: avoid; }}
h3 {{ font-size: 12pt; margin: 0 0 0.2em; break-after: avoid; }}
p {{ margin: 0.15em 0; }}
.cp-plot {{ contain: strict; }}
.cp-block, .cp-table tr, .cp-plot, .cp-decision,
  .cp-breakdown-item {{ break-inside: avoid; page-break-inside: avoid; }}
.cp-authority {{ font-weight: 700; text-transform: none; font-size: 11pt; }}
.cp-plan {{ font-size: 11pt; }}
.cp-facts {{ color: #4D4D4D; }}
.cp-simulated {{ border: 2px solid {STATUS_COLOURS["at_risk"]};
  padding: 0.2em 0.5em; display: inline-block; margin: 0.3em 0; }}
.cp-summary {{ margin-top: 0.4em; }}
.cp-note, .cp-caption {{ color: #4D4D4D; font-size: 9pt; }}
.cp-title {{ border-bottom: 2px solid {THRESHOLD_COLOUR};
  padding-bottom: 0.4em; margin-bottom: 0.6em; }}
.cp-table {{ border-collapse: collapse; width: 100%; font-size: 9.5pt;
  font-variant-numeric: tabular-nums; }}
.cp-table th {{ text-align: left; border-bottom: 1.5px solid
  {THRESHOLD_COLOUR}; padding: 2px 6px; vertical-align: bottom; }}
.cp-table td {{ border-bottom: 1px solid #D9D9D9; padding: 2px 6px;
  vertical-align: top; }}
.cp-table thead {{ display: table-header-group; }}
.cp-card td:nth-child(3) {{ white-space: nowrap; }}
.cp-value {{ font-weight: 700; }}
.cp-badge {{ border: 1.5px solid; border-radius: 4px; padding: 0 4px;
  font-weight: 700; white-space: nowrap; font-size: 0.92em; }}
.cp-grid-page {{ break-before: page; }}
.cp-grid-page .cp-grid-table {{ font-size: 9.5pt !important; }}
.cp-grid-page .cp-grid {{ overflow: visible; }}
.cp-section {{ break-before: page; }}
.cp-target {{ border: 1px solid #D9D9D9; border-radius: 6px;
  padding: 6px 10px; margin: 0 0 8px; }}
.cp-columns {{ display: flex; gap: 16px; align-items: flex-start; }}
.cp-left {{ flex: 0 0 {TREND_WIDTH}px; }}
.cp-right {{ flex: 1 1 auto; min-width: 0; }}
.cp-sub {{ font-weight: 700; margin-top: 0.3em; }}
.cp-decision {{ font-size: 9.5pt; }}
.cp-breakdown {{ break-before: page; }}
.cp-breakdown-grid {{ display: flex; gap: 16px; }}
"""
