"""What a decision may say: no child named, nothing too long, dates in order.

A decision names units and residential groups, never a child: text that
looks like a national id or a phone number is refused with a message
saying what to change (the ``key`` of an i18n message and its values).
"""

from __future__ import annotations

import datetime as dt
import re

MAX_TEXT = 1000
MAX_RESPONSIBLE = 120
STATUSES = ("doing", "done")


class DecisionError(ValueError):
    """A decision that cannot be saved, with what to change (``key`` names
    the message in present.i18n, ``values`` its fields)."""

    def __init__(self, key: str, **values):
        super().__init__(key, values)
        self.key = key
        self.values = values


class StaleEdit(DecisionError):
    """Somebody saved the decision after this edit was started."""


# --- what a decision may say -------------------------------------------------
# A run of digits, spaces, dots and dashes, read as one number once the
# separators are gone: 9 or 12 digits is the length of a national id (CMND,
# CCCD); 10-11 digits starting with 0, or 84 followed by 9-10, a phone.
_DIGIT_RUN = re.compile(r"\+?\d(?:[\s.\-]?\d)+")


def looks_identifying(text: str) -> bool:
    """Whether `text` holds something shaped like a national id or a phone
    number (the committee's decisions name units and groups, not people)."""
    for match in _DIGIT_RUN.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) in (9, 12):
            return True
        if digits.startswith("0") and len(digits) in (10, 11):
            return True
        if digits.startswith("84") and len(digits) in (11, 12):
            return True
    return False


def checked(
    text: str,
    responsible: str,
    meeting_date: dt.date,
    due_date: dt.date | None,
    status: str,
) -> tuple[str, str]:
    text, responsible = text.strip(), responsible.strip()
    if not text:
        raise DecisionError("decision_error_empty")
    if len(text) > MAX_TEXT:
        raise DecisionError("decision_error_long", limit=MAX_TEXT, length=len(text))
    if not responsible:
        raise DecisionError("decision_error_no_responsible")
    if len(responsible) > MAX_RESPONSIBLE:
        raise DecisionError("decision_error_long_responsible", limit=MAX_RESPONSIBLE)
    if looks_identifying(text) or looks_identifying(responsible):
        raise DecisionError("decision_error_identifying")
    if not isinstance(meeting_date, dt.date):
        raise DecisionError("decision_error_no_date")
    if due_date is not None and due_date < meeting_date:
        raise DecisionError("decision_error_due_before")
    if status not in STATUSES:
        raise DecisionError("decision_error_status", status=status)
    return text, responsible
