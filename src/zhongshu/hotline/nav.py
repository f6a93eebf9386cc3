"""Menu entries of the 12345 hotline for the page frame (web/nav.py)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from zhongshu.org.roles import ADMIN_ROLES, HOTLINE_ROLES, Role

UNIT_ROLES = frozenset({Role.LIAISON, Role.UNIT_LEADER, Role.UNIT_STAFF})
READERS = frozenset({Role.SUPERVISOR, Role.SUPERVISION_HEAD, Role.CITY_LEADER})

ENTRIES = [
    # (label, url name, who sees the entry)
    ("受理工单", "intake", frozenset({Role.HOTLINE_AGENT, Role.HOTLINE_DISPATCHER, Role.HOTLINE_HEAD})),
    ("热线工单", "queue", HOTLINE_ROLES | UNIT_ROLES | READERS),
    ("热线检索", "search", HOTLINE_ROLES | UNIT_ROLES | READERS),
    ("热线考核", "kpi", HOTLINE_ROLES | READERS),
    ("热线研判", "insight", HOTLINE_ROLES | READERS),
]


def items(user) -> list[tuple[str, str]]:
    if user is None or not user.is_authenticated:
        return []
    roles = user.role_set - ADMIN_ROLES
    out = []
    for label, name, who in ENTRIES:
        if roles & who:
            try:
                out.append((label, reverse(f"hotline:{name}")))
            except NoReverseMatch:  # a page that has not landed yet
                continue
    return out
