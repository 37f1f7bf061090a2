"""The presentation deck: one self-contained HTML page of every slide.

Issue 12: a meeting around a 1920×1080 projector sees one slide at a time --
the year's scorecard first, then the groups grid, then one slide per target
(its plan wording; the year's value, status and threshold; the trend with
the threshold line; one sentence reading the number, childplan.present.
reading; the meeting's decisions, newest first) -- with the snapshot date,
the scope and "số liệu mô phỏng" on every slide.

Everything the browser needs is inside the page: plotly.js inlined once,
system fonts, no address outside it, so it works offline; slides move in
the browser (← → PageUp PageDown Home End, a clicker sends these), so a
move costs no server round trip. Sizes are rem of a root font set from the
viewport (16 px at 1920×1080, less on a smaller screen): the value is
4.5 rem (72 px) and the chart's text at least 20 px at 1920×1080.

Plain functions of data (no Streamlit): the page (pages/presentation.py)
hands in what the View read -- the meeting's scorecard and series, which
the disclosure rule has already made safe for every role -- and shows the
result in an iframe. Every text is escaped: names and decisions are data.

One module because the deck's HTML, its CSS and its script are read
together: the classes and data attributes the script and the stylesheet
look for are the ones the builder writes.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from childplan.disclosure import rules
from childplan.present import charts, fmt, reading
from childplan.present.i18n import status_label, t, target_name, target_short

CHART_FONT = 22  # px at 1920×1080: the chart's ticks, labels, hover
ANNOTATION_FONT_MIN = 20  # px: the threshold's and references' labels
AUTO_SECONDS = 20  # auto-advance, when switched on
_INK = {"no_data": "#1A1A1A", "no_cases": "#1A1A1A"}  # on pale badges
_PALE = {"no_data": "#E6E6E6", "no_cases": "#E6E6E6"}


def ordered_targets(plan) -> list:
    """The plan's targets, section by section (the overview's order)."""
    return sorted(plan.targets, key=lambda x: x.section_no)


def deck_html(
    plan,
    card: pd.DataFrame,
    figures: dict,
    *,
    filters,
    year_end: dt.date,
    simulated: bool,
    summary: str,
    grid: str,
    decisions: dict,
    plotly_js: str,
    lang: str = "vi",
) -> str:
    """The whole deck. `card`: the meeting's scorecard (View.scorecard());
    `figures`: each target's trend as figure_jsons made it; `summary`: the overview's
    summary line; `grid`: the groups grid's HTML (group_grid.grid_html,
    '' for no grid slide); `decisions`: target id -> its decisions of the
    year, newest first (DecisionStore.decisions)."""
    rows = {r.target_id: r for r in card.itertuples(index=False)}
    targets = [x for x in ordered_targets(plan) if x.id in rows]
    footer = footer_text(filters, year_end, simulated, lang)
    slides = [scorecard_slide(targets, rows, filters.year, summary, lang)]
    if grid:
        slides.append(grid_slide(grid, year_end, lang))
    for target in targets:
        slides.append(
            target_slide(
                target,
                rows[target.id],
                filters,
                decisions.get(target.id, ()),
                plan,
                lang,
            )
        )
    sections = [
        f'<section class="slide" data-n="{i + 1}" aria-roledescription="slide">'
        f'{body}<footer class="foot"><span class="foot-text">{_e(footer)}</span>'
        "</footer></section>"
        for i, body in enumerate(slides)
    ]
    words = {
        "prev": t("deck_prev", lang),
        "next": t("deck_next", lang),
        "fullscreen": t("deck_fullscreen", lang),
        "auto_on": t("deck_auto_on", lang),
        "auto_off": t("deck_auto_off", lang),
        "counter": t("deck_counter", lang, n="{n}", total="{total}"),
        "auto_seconds": AUTO_SECONDS,
        "separators": fmt.plotly_separators(lang),
    }
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{_e(t('deck_alt', lang, year=filters.year))}</title>"
        f"<style>{CSS}</style></head><body>"
        f'<main class="deck">{"".join(sections)}</main>'
        '<nav class="controls">'
        f'<button id="prev" type="button" title="{_e(words["prev"])}"'
        f' aria-label="{_e(words["prev"])}">◀</button>'
        '<span id="counter" aria-live="polite"></span>'
        f'<button id="next" type="button" title="{_e(words["next"])}"'
        f' aria-label="{_e(words["next"])}">▶</button>'
        f'<button id="auto" type="button">{_e(words["auto_off"])}</button>'
        f'<button id="full" type="button">{_e(words["fullscreen"])}</button>'
        "</nav>"
        f'<script type="application/json" id="deck-words">{_json(words)}</script>'
        f'<script type="application/json" id="deck-figures">'
        f"{_json({x.id: figures[x.id] for x in targets})}</script>"
        f"<script>{_script_text(plotly_js)}</script>"
        f"<script>{JS}</script></body></html>"
    )


def footer_text(filters, year_end: dt.date, simulated: bool, lang: str) -> str:
    """'Số liệu chốt ngày 31/12/2024 · Toàn thị trấn · Số liệu mô phỏng'."""
    text = t(
        "deck_footer",
        lang,
        date=fmt.date_text(year_end, lang),
        scope=filters.scope_text(lang),
    )
    return text + (" · " + t("deck_simulated", lang) if simulated else "")


def badge(status: str, lang: str) -> str:
    colour = _PALE.get(status, charts.STATUS_COLOURS[status])
    ink = _INK.get(status, "#FFFFFF")
    return (
        f'<span class="badge" data-status="{_e(status)}" '
        f'style="background:{colour};color:{ink}">{_e(status_label(status, lang))}'
        "</span>"
    )


def threshold_words(target, lang: str) -> str:
    """'Mục tiêu dưới 2%', or 'Kế hoạch không giao số cụ thể'."""
    threshold = fmt.threshold_text(target.operator, target.threshold, target.unit, lang)
    if not threshold:
        return t("target_info", lang)
    return t("target_label", lang, threshold=threshold)


def value_words(target, row, lang: str) -> str:
    return fmt.value_text(
        row.value, target.unit, lang, target.threshold, target.operator
    )


def scorecard_slide(targets, rows: dict, year: int, summary: str, lang: str) -> str:
    """The year's scorecard: every target, its value, threshold, status."""
    head = "".join(
        f"<th>{_e(x)}</th>"
        for x in (
            t("deck_col_section", lang),
            t("deck_col_target", lang),
            t("deck_col_value", lang, year=year),
            t("deck_col_threshold", lang),
            t("deck_col_status", lang),
        )
    )
    body = []
    for target in targets:
        row = rows[target.id]
        threshold = fmt.threshold_text(
            target.operator, target.threshold, target.unit, lang
        )
        body.append(
            f'<tr data-target="{_e(target.id)}">'
            f'<td class="sc-ref">{_e(t("section_ref", lang, no=target.section_no))}'
            f"</td><td>{_e(target_short(target, lang))}</td>"
            f'<td class="sc-value">{_e(value_words(target, row, lang))}</td>'
            f"<td>{_e(threshold or t('target_info', lang))}</td>"
            f"<td>{badge(row.status, lang)}</td></tr>"
        )
    return (
        '<div class="slide-body score">'
        f"<h1>{_e(t('overview_title', lang, year=year))}</h1>"
        f'<p class="summary">{_e(summary)}</p>'
        f'<table class="scorecard"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def grid_slide(grid: str, year_end: dt.date, lang: str) -> str:
    """The groups grid (its own escaped HTML), fitted to the slide."""
    title = t("grid_title", lang, date=fmt.date_text(year_end, lang))
    return (
        '<div class="slide-body grid">'
        f"<h1>{_e(title)}</h1>"
        f'<div class="grid-fit"><div class="grid-inner">{grid}</div></div>'
        f'<p class="note">{_e(t("grid_caption", lang))}</p></div>'
    )


def target_slide(target, row, filters, decisions, plan, lang: str) -> str:
    """One target: plan wording, the year's value, status and threshold,
    the sentence, notes on the figure's scope, decisions; the chart is
    drawn in the browser from the figure of the same id."""
    section = next(
        (
            f"{t('section_ref', lang, no=no)}. " + (vi if lang == "vi" else en)
            for no, vi, en in plan.sections
            if no == target.section_no
        ),
        t("section_ref", lang, no=target.section_no),
    )
    notes = []
    if target.town_wide and filters.groups:
        notes.append(t("town_wide_note", lang))
    elif rules.is_town_figure(target, filters.groups):
        notes.append(t("sensitive_town_note", lang))
    if rules.is_sensitive(target):
        notes.append(t("sensitive_note", lang))
    items = "".join(f"<li>{_e(decision_text(d, lang))}</li>" for d in decisions)
    listed = (
        f'<ul class="decisions">{items}</ul>'
        if items
        else f'<p class="none">{_e(t("decisions_none", lang, year=filters.year))}</p>'
    )
    notes_html = "".join(f'<p class="note">{_e(x)}</p>' for x in notes)
    return (
        f'<div class="slide-body target" data-target="{_e(target.id)}">'
        f'<p class="section">{_e(section)}</p>'
        f"<h1>{_e(target_name(target, lang))}</h1>"
        '<div class="columns"><div class="left">'
        f'<p class="year">{_e(t("year_value", lang, year=filters.year))}</p>'
        f'<p class="value">{_e(value_words(target, row, lang))}</p>'
        f'<p class="status">{badge(row.status, lang)} '
        f"<span>{_e(threshold_words(target, lang))}</span></p>"
        f'<p class="reading">'
        f"{_e(reading.sentence(target, row, filters.year, lang))}</p>"
        f"{notes_html}"
        f"<h2>{_e(t('decisions_title', lang))}</h2>{listed}"
        "</div>"
        f'<div class="right"><div class="chart" data-chart="{_e(target.id)}">'
        "</div></div></div></div>"
    )


def decision_text(item, lang: str) -> str:
    """'31/10/2024: Rà soát ... — Phụ trách: Tổ An Bình · Hạn: ... · ...'."""
    due = (
        t("decision_due", lang, date=fmt.date_text(item.due_date, lang))
        if item.due_date
        else ""
    )
    return t(
        "deck_decision",
        lang,
        meeting=fmt.date_text(item.meeting_date, lang),
        text=" ".join(str(item.text).split()),
        responsible=" ".join(str(item.responsible).split()),
        due=due,
        status=t(f"decision_status_{item.status}", lang),
    )


def presentation_spec(series, target, lang: str, year_end) -> dict:
    """The target's trend (charts.trend_spec), its text sized for a
    projector: CHART_FONT, no label under ANNOTATION_FONT_MIN; it fills its
    box (no fixed height). A plain figure dict, the look of plotly's
    default template included as plotly's figure objects would add it."""
    spec = charts.trend_spec(series, target, lang, year_end)
    layout = spec["layout"]
    layout.pop("height", None)
    layout.update(
        font={**layout["font"], "size": CHART_FONT},
        hoverlabel={"font": {"size": CHART_FONT}},
        autosize=True,
        margin={"l": 12, "r": 48, "t": 56, "b": 12},
        template=_template(),
    )
    for note in layout.get("annotations", ()):
        size = note.get("font", {}).get("size") or CHART_FONT
        note["font"] = {
            **note.get("font", {}),
            "size": max(size + 6, ANNOTATION_FONT_MIN),
        }
        if note.get("yref") == "paper" and note.get("y") == 1:  # the threshold's name:
            note["yshift"] = 14  # clear of the top tick label, at this size
    for trace in spec["data"]:
        if trace["type"] == "scatter":
            trace["textfont"] = {"size": CHART_FONT}
    return spec


@functools.cache
def _template() -> dict:
    """plotly's default template as JSON, as a figure object carries it."""
    return json.loads(go.Figure().to_json())["layout"]["template"]


def figure_jsons(plan, series: pd.DataFrame, lang: str, year_end) -> dict:
    """Target id -> its presentation figure as Plotly JSON (what the deck
    draws in the browser). `series`: the meeting's (View.series())."""
    return {x.id: figure_json(series, x, lang, year_end) for x in plan.targets}


def figure_json(series, target, lang: str, year_end) -> dict:
    return json.loads(
        pio.to_json(presentation_spec(series, target, lang, year_end), validate=False)
    )


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _json(value) -> str:
    """JSON inside a <script> element: '</' and '<!--' cannot end it."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def _script_text(code: str) -> str:
    """plotly.js inside a <script> element, as it is ('</script' never
    occurs in it; were it to, the page would break, so it is refused)."""
    if "</script" in code.lower():
        raise ValueError("script text holds '</script'")
    return code


CSS = """
:root { --ink: #1A1A1A; --muted: #4D4D4D; }
html { font-size: min(calc(100vw / 120), calc(100vh / 67.5)); }
html, body { margin: 0; height: 100%; overflow: hidden; background: #FFFFFF;
  color: var(--ink); font-family: system-ui, "Segoe UI", "Noto Sans",
  "Helvetica Neue", Arial, sans-serif; }
.deck { position: relative; width: 100vw; height: 100vh; }
.slide { position: absolute; inset: 0; visibility: hidden; display: flex;
  flex-direction: column; padding: 1.5rem 2.5rem 0; box-sizing: border-box; }
.slide.on { visibility: visible; }
.slide-body { flex: 1 1 auto; min-height: 0; display: flex;
  flex-direction: column; }
h1 { font-size: 2.4rem; line-height: 1.2; margin: 0 0 1rem; font-weight: 700; }
h2 { font-size: 1.5rem; margin: 1.2rem 0 0.4rem; }
.section { font-size: 1.4rem; color: var(--muted); margin: 0 0 0.4rem; }
.columns { flex: 1 1 auto; min-height: 0; display: grid;
  grid-template-columns: 38fr 62fr; gap: 2rem; }
.left { overflow: hidden; }
.right { min-height: 0; display: flex; }
.chart { flex: 1 1 auto; min-height: 0; }
.year { font-size: 1.6rem; margin: 0; color: var(--muted); }
.value { font-size: 4.5rem; line-height: 1.05; font-weight: 700; margin: 0.2rem 0;
  font-variant-numeric: tabular-nums; }
.status { font-size: 1.6rem; margin: 0.4rem 0 1rem; }
.badge { display: inline-block; padding: 0.15em 0.6em; border-radius: 0.4em;
  font-weight: 700; }
.reading { font-size: 1.75rem; line-height: 1.4; margin: 0 0 0.8rem; }
.note, .none { font-size: 1.25rem; line-height: 1.35; color: var(--muted);
  margin: 0.3rem 0; }
.decisions { font-size: 1.35rem; line-height: 1.35; margin: 0;
  padding-left: 1.4rem; }
.decisions li { margin-bottom: 0.4rem; }
.summary { font-size: 1.6rem; margin: -0.4rem 0 0.8rem; }
.scorecard { border-collapse: collapse; font-size: 1.3rem; width: 100%; }
.scorecard th { text-align: left; border-bottom: 2px solid var(--ink);
  padding: 0.2rem 0.6rem; }
.scorecard td { border-bottom: 1px solid #D9D9D9; padding: 0.18rem 0.6rem; }
.scorecard .sc-value { font-weight: 700; text-align: right;
  font-variant-numeric: tabular-nums; }
.scorecard .sc-ref { white-space: nowrap; color: var(--muted); }
.grid-fit { flex: 1 1 auto; min-height: 0; overflow: hidden; }
.grid-inner { transform-origin: 0 0; width: 115rem; }
.grid-inner .cp-grid { overflow: visible; }
.grid-inner .cp-grid-table { font-size: 1.25rem; }
.grid-inner .cp-g-legend { font-size: 1.2rem; }
.foot { flex: 0 0 auto; display: flex; align-items: center;
  height: 3.2rem; padding-left: max(13rem, 220px); font-size: 1.25rem;
  color: var(--muted);
  border-top: 1px solid #D9D9D9; }
.controls { position: fixed; right: 1.5rem; bottom: 0.4rem; display: flex;
  gap: 0.6rem; align-items: center; font-size: 1.25rem; }
.controls button { font: inherit; padding: 0.25rem 0.7rem; border-radius: 0.4rem;
  border: 1px solid #9A9A9A; background: #FFFFFF; color: var(--ink);
  cursor: pointer; }
#counter { font-weight: 700; min-width: 4.5rem; text-align: center;
  font-variant-numeric: tabular-nums; }
"""

JS = r"""
(() => {
  const words = JSON.parse(document.getElementById('deck-words').textContent);
  const figures = JSON.parse(document.getElementById('deck-figures').textContent);
  const slides = [...document.querySelectorAll('.slide')];
  const counter = document.getElementById('counter');
  const autoButton = document.getElementById('auto');
  const drawn = new Set();
  let current = 0, timer = null;

  const root = document.documentElement;
  const scale = () => parseFloat(getComputedStyle(root).fontSize) / 16;
  function scaled(value, s) {  // every font size of a layout, times s
    if (Array.isArray(value)) return value.map((v) => scaled(v, s));
    if (value && typeof value === 'object') {
      const out = {};
      for (const [k, v] of Object.entries(value))
        out[k] = (k === 'size' && typeof v === 'number') ? v * s : scaled(v, s);
      return out;
    }
    return value;
  }
  function draw(n) {
    const box = slides[n].querySelector('[data-chart]');
    if (!box || drawn.has(n) || !window.Plotly) return;
    drawn.add(n);
    const fig = figures[box.dataset.chart];
    const layout = scaled(fig.layout, scale());
    layout.separators = words.separators;
    Plotly.newPlot(box, fig.data, layout,
      {displayModeBar: false, responsive: true, staticPlot: false});
  }
  function fitGrid(n) {
    const fit = slides[n].querySelector('.grid-fit');
    if (!fit) return;
    const inner = fit.firstElementChild;
    inner.style.transform = 'none';
    const s = Math.min(fit.clientWidth / inner.scrollWidth,
                       fit.clientHeight / inner.scrollHeight);
    inner.style.transform = s < 1 ? `scale(${s})` : 'none';
  }
  // The slide changes at once; its chart, when not drawn yet, in the next
  // frame (the text is read first), and the neighbours' charts while the
  // room listens, so the next move finds its chart drawn.
  const later = window.requestIdleCallback
    ? (f) => requestIdleCallback(f, {timeout: 600}) : (f) => setTimeout(f, 50);
  let warm = null;
  function show(n) {
    n = Math.max(0, Math.min(slides.length - 1, n));
    slides[current].classList.remove('on');
    slides[n].classList.add('on');
    current = n;
    fitGrid(n);
    counter.textContent = words.counter.replace('{n}', n + 1)
      .replace('{total}', slides.length);
    document.body.dataset.slide = String(n + 1);
    requestAnimationFrame(() => setTimeout(() => {
      draw(n);
      if (current === n) document.body.dataset.drawn = String(n + 1);
      clearTimeout(warm);
      warm = setTimeout(() => later(() => {
        draw(n + 1 < slides.length ? n + 1 : n);
        later(() => draw(n > 0 ? n - 1 : n));
      }), 150);
    }, 0));
  }
  function setAuto(on) {
    clearInterval(timer);
    timer = on ? setInterval(() => {
      if (current >= slides.length - 1) setAuto(false); else show(current + 1);
    }, words.auto_seconds * 1000) : null;
    autoButton.textContent = on ? words.auto_on : words.auto_off;
    document.body.dataset.auto = on ? 'on' : 'off';
  }
  function fullScreen() {
    let root = document.documentElement;
    try { root = window.parent.document.documentElement; } catch (e) {}
    const doc = root.ownerDocument;
    if (doc.fullscreenElement) doc.exitFullscreen();
    else if (root.requestFullscreen) root.requestFullscreen();
  }
  function onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const key = e.key;
    if (key === 'ArrowRight' || key === 'PageDown' || key === ' ') show(current + 1);
    else if (key === 'ArrowLeft' || key === 'PageUp') show(current - 1);
    else if (key === 'Home') show(0);
    else if (key === 'End') show(slides.length - 1);
    else if (key === 'a' || key === 'A') setAuto(timer === null);
    else if (key === 'f' || key === 'F') fullScreen();
    else return;
    e.preventDefault();
  }
  document.addEventListener('keydown', onKey);
  // A clicker's keys reach the dashboard's page until the slide is
  // clicked: listen there too (same origin), once, and stop when this
  // deck is gone (a rerun or another page replaced it).
  try {
    const host = window.parent;
    if (host !== window) {
      if (host.__childplanDeckKeys)
        host.document.removeEventListener('keydown', host.__childplanDeckKeys);
      const relay = (e) => {
        const frame = window.frameElement;
        if (!frame || !frame.isConnected) {
          host.document.removeEventListener('keydown', relay);
          return;
        }
        onKey(e);
      };
      host.__childplanDeckKeys = relay;
      host.document.addEventListener('keydown', relay);
    }
  } catch (e) { /* another origin: the slide's own keys still work */ }
  document.getElementById('prev').onclick = () => show(current - 1);
  document.getElementById('next').onclick = () => show(current + 1);
  document.getElementById('full').onclick = fullScreen;
  autoButton.onclick = () => setAuto(timer === null);
  window.addEventListener('resize', () => fitGrid(current));
  setAuto(false);
  show(0);
  // when the deck was ready, on the clock shared with the page (the bench)
  document.body.dataset.readyAt = String(performance.timeOrigin + performance.now());
})();
"""
