"""`{% load audit_tags %}{% audit_history obj %}`: a record's own history as a Chinese timeline."""

from __future__ import annotations

from django import template

register = template.Library()

DEFAULT_LIMIT = 50


@register.inclusion_tag("audit/history.html")
def audit_history(obj, limit: int = DEFAULT_LIMIT, parts=()):
    """Newest first, at most `limit` entries (one query, plus one per related model named).
    `parts`: records shown as part of `obj` (a 批示's rounds), their entries merged in."""
    from ..display import with_change_lines
    from ..trail import history_for

    if obj is None or getattr(obj, "pk", None) is None:
        return {"entries": [], "more": False}
    qs = history_for(obj)
    for part in parts or ():
        qs = qs | history_for(part)
    rows = list(qs.order_by("-seq")[: limit + 1])
    return {"entries": with_change_lines(rows[:limit]), "more": len(rows) > limit, "limit": limit}
