"""Time limits (办理时限) per request type and urgency, as settings (TimeLimitRule rows, editable
in the admin), counted on the foundation's clock. Defaults (DOMAIN.md §8, local practice):

    紧急 (应急)        签收 2 小时      办结 当日（0 个工作日：当天 24 时前）
    咨询               签收 1 个工作日  办结 3 个工作日
    求助               签收 1 个工作日  办结 5 个工作日
    投诉 / 举报         签收 1 个工作日  办结 15 个工作日
    建议               签收 1 个工作日  办结 15 个工作日
    表扬               签收 1 个工作日  办结 5 个工作日
    回访               办结后 1 个工作日内（ZHONGSHU_HOTLINE_CALLBACK_DAYS）
"""

from __future__ import annotations

from django.conf import settings

from zhongshu.clocks.limits import Limit

from .choices import RequestType, Urgency

DEFAULTS = {
    RequestType.CONSULT: 3, RequestType.HELP: 5, RequestType.COMPLAINT: 15, RequestType.REPORT: 15,
    RequestType.SUGGESTION: 15, RequestType.PRAISE: 5,
}


def default_rules() -> list[dict]:
    rows = []
    for rtype, days in DEFAULTS.items():
        rows.append(dict(request_type=rtype, urgency=Urgency.NORMAL, accept_kind="workdays", accept_value=1,
                         handle_kind="workdays", handle_value=days))
        rows.append(dict(request_type=rtype, urgency=Urgency.URGENT, accept_kind="hours", accept_value=2,
                         handle_kind="workdays", handle_value=0))
    return rows


def ensure_rules(TimeLimitRule) -> int:
    """Create the missing default rules (model class passed in, so a migration can use it)."""
    have = set(TimeLimitRule.objects.values_list("request_type", "urgency"))
    new = [TimeLimitRule(**row) for row in default_rules() if (row["request_type"], row["urgency"]) not in have]
    TimeLimitRule.objects.bulk_create(new)
    return len(new)


def _limit(kind: str, value: float) -> Limit:
    if kind in ("workdays", "calendar_days"):
        value = int(value)
    return Limit(kind, value)


_cache: dict[tuple[str, str], tuple[Limit, Limit]] = {}


def clear_cache() -> None:
    _cache.clear()


def limits_for(request_type: str, urgency: str) -> tuple[Limit, Limit]:
    """(签收时限, 办理时限) for a ticket; falls back to the defaults if the row was deleted."""
    key = (request_type, urgency)
    if key not in _cache:
        from .models import TimeLimitRule

        rule = TimeLimitRule.objects.filter(request_type=request_type, urgency=urgency).first()
        if rule is None:
            row = next(r for r in default_rules() if (r["request_type"], r["urgency"]) == key)
            rule = TimeLimitRule(**row)
        _cache[key] = (_limit(rule.accept_kind, rule.accept_value), _limit(rule.handle_kind, rule.handle_value))
    return _cache[key]


def callback_limit() -> Limit:
    return Limit.workdays(int(getattr(settings, "ZHONGSHU_HOTLINE_CALLBACK_DAYS", 1)))
