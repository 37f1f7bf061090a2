"""The meeting's decisions beside a target: the list, newest meeting first,
and for those who may decide (leaders, officers) a form to record one and
one to edit one. Saves and edits are audited; what is refused says why and
writes nothing (childplan.decisions)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from childplan.access import audit
from childplan.access.login import client_address, session_user
from childplan.app.view import View
from childplan.decisions.store import STATUSES, DecisionError, DecisionStore
from childplan.present import fmt
from childplan.present.i18n import t
from childplan.present.markdown import plain_text

FLASH = "childplan_decision_saved"  # the notice shown once after a save


def decisions_block(view: View, target_id: str) -> None:
    """The decisions on `target_id` in the chosen plan year."""
    lang, year = view.lang, view.filters.year
    store = DecisionStore()
    items = store.decisions(target_id, year)
    st.markdown("**" + t("decisions_title", lang) + "**")
    if st.session_state.pop(f"{FLASH}_{target_id}", False):
        st.success(t("decision_saved", lang), icon=":material/check:")
    if not items:
        st.caption(t("decisions_none", lang, year=year))
    for item in items:
        st.markdown(_line(item, lang))
    user = session_user()
    if user is None or not user.can("decide"):
        return
    add, edit = st.columns(2) if items else (st.container(), None)
    with add, st.popover(t("decision_add", lang), icon=":material/edit_note:"):
        _form(view, store, target_id, None)
    if edit is not None:
        with edit, st.popover(t("decision_edit", lang), icon=":material/edit:"):
            chosen = st.selectbox(
                t("decision_pick", lang),
                items,
                format_func=lambda x: (
                    f"{fmt.date_text(x.meeting_date, lang)} · "
                    + " ".join(x.text.split())[:50]
                ),
                key=f"decision_pick_{target_id}",
            )
            _form(view, store, target_id, chosen)
            changes = store.history(chosen.id)
            st.caption(
                t(
                    "decision_history",
                    lang,
                    changes="; ".join(
                        t(
                            "decision_change",
                            lang,
                            action=t(f"decision_action_{c.action}", lang),
                            user=plain_text(c.changed_by),
                            when=c.changed_at.replace("T", " ")[:16],
                        )
                        for c in changes
                    ),
                )
            )


def _line(item, lang: str) -> str:
    due = (
        t("decision_due", lang, date=fmt.date_text(item.due_date, lang))
        if item.due_date
        else ""
    )
    return t(
        "decision_line",
        lang,
        meeting=fmt.date_text(item.meeting_date, lang),
        text=plain_text(item.text, limit=1000),
        responsible=plain_text(item.responsible, limit=120),
        due=due,
        status=t(f"decision_status_{item.status}", lang),
    )


def _form(view: View, store: DecisionStore, target_id: str, item) -> None:
    """Record a new decision (item None) or edit `item`."""
    lang = view.lang
    key = f"decision_{target_id}_{item.id if item else 'new'}"
    with st.form(key, clear_on_submit=item is None, border=False):
        meeting = st.date_input(
            t("decision_meeting_date", lang),
            value=item.meeting_date if item else dt.date.today(),
            format="DD/MM/YYYY",
        )
        text = st.text_area(
            t("decision_text", lang),
            value=item.text if item else "",
            max_chars=1000,
            help=t("decision_text_help", lang),
        )
        responsible = st.text_input(
            t("decision_responsible", lang),
            value=item.responsible if item else "",
            max_chars=120,
        )
        due = st.date_input(
            t("decision_due_date", lang),
            value=item.due_date if item else None,
            format="DD/MM/YYYY",
        )
        status = st.radio(
            t("decision_status", lang),
            STATUSES,
            index=STATUSES.index(item.status) if item else 0,
            format_func=lambda s: t(f"decision_status_{s}", lang),
            horizontal=True,
        )
        if not st.form_submit_button(t("decision_save", lang), type="primary"):
            return
    user = session_user()
    if user is None or not user.can("decide"):
        return
    values = dict(
        meeting_date=meeting,
        text=text,
        responsible=responsible,
        due_date=due,
        status=status,
        user=user.username,
    )
    try:
        if item is None:
            saved = store.add(
                target_id=target_id, plan_year=view.filters.year, **values
            )
        else:
            saved = store.edit(item.id, from_version=item.version, **values)
    except DecisionError as refused:
        st.error(t(refused.key, lang, **refused.values), icon=":material/error:")
        return
    audit.record(
        "decision_add" if item is None else "decision_edit",
        user.username,
        role=user.role,
        client=client_address(),
        what=target_id,
        filters={"decision": saved.id, "version": saved.version},
    )
    st.session_state[f"{FLASH}_{target_id}"] = True
    st.rerun()
