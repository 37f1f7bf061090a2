"""The injury breakdown's figure as it was built before it became a plain
spec (childplan.present.charts.breakdown_figure): through plotly's
validated constructors and setters. Kept as the reference the plain spec
must equal (tests/test_charts.py), not used by the product."""

from __future__ import annotations

import plotly.graph_objects as go

from childplan.present import charts, fmt
from childplan.present.i18n import category_label, t


def breakdown_figure(breakdown, dimension: str, lang: str = "vi") -> go.Figure:
    rows = breakdown[breakdown["dimension"] == dimension].reset_index(drop=True)
    categories = [category_label(c, lang) for c in rows["category"]]
    fig = go.Figure()
    top = 1
    for column, key in (("injured_count", "injured"), ("death_count", "deaths")):
        counts = [charts._count_or_none(c) for c in rows[column]]
        top = max([top, *(c for c in counts if c is not None)])
        fig.add_trace(
            go.Bar(
                y=categories,
                x=[c or 0 for c in counts],
                orientation="h",
                name=t(key, lang),
                marker={"color": charts.COUNT_COLOURS[column]},
                text=["" if c is None else fmt.number(c, lang, 0) for c in counts],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{y}: %{text}<extra>" + t(key, lang) + "</extra>",
            )
        )
    fig.update_layout(
        barmode="group",
        showlegend=True,
        legend={
            "orientation": "h",
            "y": 1.02,
            "yanchor": "bottom",
            "x": 0,
            "title": None,
        },
    )
    fig.update_yaxes(autorange="reversed", type="category", showgrid=False)
    fig.update_xaxes(
        range=[0, top * 1.25],
        gridcolor="#E6E6E6",
        tickformat=",d",
        **({"dtick": 1} if top <= 8 else {}),
    )
    height = charts._bar_height(2 * len(rows)) + 30
    fig.update_layout(**charts._finish_layout(lang, height))
    fig.update_layout(showlegend=True)
    return fig
