"""The groups grid block: which residential group is behind on which target,
and the "Xem tổ:" choice beside it that sets the group filter.

Streamlit glue only: the cells come from childplan.app.reads (only the
targets disclosure.rules.grid_targets allows), the table from
childplan.present.group_grid.
"""

from __future__ import annotations

import streamlit as st

from childplan.app import reads
from childplan.app.decisions import decisions_block
from childplan.app.view import View
from childplan.decisions import GRID_ID
from childplan.disclosure import rules
from childplan.present import fmt, group_grid
from childplan.present.i18n import t

TOWN = ""  # the "Xem tổ:" option that clears the group filter
GROUP_FILTER_KEY = "groups"  # the sidebar's multiselect (app.view.open_view)


def groups_grid(view: View, section_no: int | None = None) -> None:
    """The grid of every group on the targets a meeting compares by group
    (of one section, or all on the overview), its legend, and the choice
    of a group. Nothing when the section has no such target."""
    lang = view.lang
    targets = rules.grid_targets(view.plan, section_no)
    if not targets or view.year_end is None:
        return
    f = view.filters
    cells = reads.grid_cells(
        view.root, view.fingerprint, f.year, view.year_end, section_no
    )
    key = f"grid_{section_no or 'all'}"
    with st.container(border=True, key=key):
        title, pick = st.columns([3, 1], vertical_alignment="bottom")
        with title:
            # a markdown heading, not st.subheader: on section pages the
            # subheaders are the targets' names
            st.markdown(
                "### "
                + t(
                    "grid_section_title" if section_no else "grid_title",
                    lang,
                    date=fmt.date_text(view.year_end, lang),
                ),
                help=t("grid_help", lang),
            )
        with pick:
            group_choice(
                view,
                reads.grid_group_names(
                    view.root, view.fingerprint, f.year, view.year_end
                ),
                key,
            )
        table = st.empty()  # drawn once the toggle below is read
        every = reads.grid_order(
            view.root, view.fingerprint, f.year, view.year_end, section_no
        )  # one row per group and the town's, in the grid's order
        total = int((~every["is_town"].astype(bool)).sum())
        limit = group_grid.SHOWN_GROUPS
        count = fmt.number(total, lang, 0)
        show_all = total > limit and st.toggle(
            t("grid_show_all", lang, total=count), key=f"{key}_all"
        )
        cut = total > limit and not show_all
        table.html(
            group_grid.grid_html(
                cells,
                targets,
                lang,
                chosen=f.groups,
                limit=limit if cut else None,
                every=every,
            )
        )
        note = "" if cut else " " + t("grid_all_groups", lang)
        st.caption(t("grid_caption", lang) + note)
        if section_no is None:  # one list, on the overview's grid
            decisions_block(view, GRID_ID)


def group_choice(view: View, short: dict[str, str], key: str) -> None:
    """'Xem tổ:' -- choosing a group (or the whole town) sets the sidebar's
    group filter, which is bound to the URL, so the link shows it too.
    `short`: every group, in order, to the name the box shows."""
    groups = list(short)
    names = {**short, TOWN: t("grid_pick_town", view.lang)}
    pick_key = f"{key}_pick"
    st.selectbox(
        t("grid_pick", view.lang),
        [TOWN, *groups],
        index=None,
        key=pick_key,
        format_func=names.get,
        placeholder=t("grid_pick_placeholder", view.lang),
        help=t("grid_pick_help", view.lang),
        on_change=_set_group_filter,
        args=(pick_key,),
    )


def _set_group_filter(pick_key: str) -> None:
    """Before the rerun: the chosen group becomes the filter, and the
    choice box empties again (the filter now says which group is shown)."""
    choice = st.session_state.get(pick_key)
    if choice is None:
        return
    st.session_state[GROUP_FILTER_KEY] = [] if choice == TOWN else [choice]
    st.session_state[pick_key] = None
