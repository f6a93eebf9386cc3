"""Small helpers every app's transitions.py uses: the moment of a step, its local day, the texts a
step takes (required or optional, with a length limit, refused in Chinese), and the row lock that
makes a state check safe when two people act at once.

    at = now(at); reason = need(reason, "退回理由", 1000); note = optional(note, "备注", 300)
    doc = lock(doc)   # re-read under SELECT … FOR UPDATE, in place
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from .errors import UserError


def now(at: datetime | None = None) -> datetime:
    return at or timezone.now()


def local_day(at: datetime) -> date:
    return timezone.localtime(at).date()


def need(text, what: str, limit: int | None = None) -> str:
    value = str(text or "").strip()
    if not value:
        raise UserError(f"请填写{what}", code="required")
    return optional(value, what, limit) if limit else value


def optional(text, what: str, limit: int) -> str:
    value = str(text or "").strip()
    if len(value) > limit:
        raise UserError(f"{what}过长：{len(value)} 字（不超过 {limit} 字）", code="too_long")
    return value


def lock(obj):
    """Re-read `obj` under a row lock, in place (its related objects are fetched again when used):
    two people acting at once cannot both pass the state check. Inside a transaction."""
    fresh = type(obj).objects.select_for_update().get(pk=obj.pk)
    obj.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
    obj._state.fields_cache.clear()
    return obj
