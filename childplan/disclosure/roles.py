"""Who may see what: the roles and the permissions each one holds.

A leader sees the figures the meetings use; an officer, who handles the
cases, also sees the pseudonymous ids behind data-quality findings and the
sensitive targets by group and snapshot (childplan.disclosure.rules); an
admin also manages accounts. Leaders and officers record the meeting's
decisions (`decide`). Every check of a role goes through `may`.
"""

from __future__ import annotations

ROLES = ("leader", "officer", "admin")
PERMISSIONS = {
    "leader": frozenset({"figures", "decide"}),
    "officer": frozenset(
        {"figures", "decide", "data_quality_details", "sensitive_detail"}
    ),
    "admin": frozenset(
        {"figures", "decide", "data_quality_details", "sensitive_detail", "users"}
    ),
}


def may(role: str | None, permission: str) -> bool:
    """Whether `role` holds `permission` (an unknown role holds none)."""
    return permission in PERMISSIONS.get(role, frozenset())
