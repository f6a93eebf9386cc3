"""`{% load audit_tags %}{% audit_history obj %}`: a record's own history as a Chinese timeline."""

from __future__ import annotations

from django import template

register = template.Library()

DEFAULT_LIMIT = 50


@register.inclusion_tag("audit/history.html")
def audit_history(obj, limit: int = DEFAULT_LIMIT):
    """Newest first, at most `limit` entries (one query, plus one per related model named)."""
    from ..display import with_change_lines
    from ..trail import history_for

    if obj is None or getattr(obj, "pk", None) is None:
        return {"entries": [], "more": False}
    rows = list(history_for(obj)[: limit + 1])
    return {"entries": with_change_lines(rows[:limit]), "more": len(rows) > limit, "limit": limit}
