"""Dates in the product's pages, the Chinese way, with the fallback note where it applies.

    {% load workcal_tags %}
    {% due task.due_at %}          → 2026年10月9日 17:30
    {% due task.due_date %}        → 2027年1月6日<span class="fallback-note">（2027 年尚无…）</span>
    {% due task.due_at time=False %}
    {{ some_date|zh_date }}        → 2026年10月9日      {{ some_date|zh_date:"short" }} → 10月9日

A datetime is shown in local time (settings.TIME_ZONE). The note appears when the date's year
has no statutory arrangement, so the reader knows Monday–Friday was assumed.
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

from zhongshu.workcal.calc import fallback_note, get_calendar

register = template.Library()


def _local(value):
    if isinstance(value, datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


@register.filter
def zh_date(value, style: str = "") -> str:
    value = _local(value)
    if not isinstance(value, date):
        return "" if value in (None, "") else str(value)
    if style == "short":
        return f"{value.month}月{value.day}日"
    return f"{value.year}年{value.month}月{value.day}日"


@register.simple_tag
def due(value, time: bool = True, empty: str = "—"):
    """A due date (date or datetime) with the fallback note next to it when its year has none."""
    value = _local(value)
    if not isinstance(value, date):
        return empty
    text = zh_date(value)
    if time and isinstance(value, datetime):
        text += f" {value:%H:%M}"
    day = value.date() if isinstance(value, datetime) else value
    if get_calendar().has_arrangement(day.year):
        return text
    return format_html('{}<span class="fallback-note">（{}）</span>', text, fallback_note([day.year]))
