"""Dates in the product's pages, the Chinese way, with the fallback note where it applies.

    {% load workcal_tags %}
    {% due task.due_at %}          → 2026年10月9日 17:30
    {% due task.due_date %}        → 2027年1月6日<span class="fallback-note">（2027 年尚无…）</span>
    {% due task.due_at time=False %}
    {{ some_date|zh_date }}        → 2026年10月9日      {{ some_date|zh_date:"short" }} → 10月9日

Plain-text equivalents for notices and documents: zhongshu.workcal.display.due_text.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from zhongshu.workcal.display import due_parts, zh_date_text

register = template.Library()


@register.filter
def zh_date(value, style: str = "") -> str:
    return zh_date_text(value, style)


@register.simple_tag
def due(value, time: bool = True, empty: str = "—"):
    """A due date (date or datetime) with the fallback note next to it when its year has none."""
    text, note = due_parts(value, time)
    if not text:
        return empty
    if not note:
        return text
    return format_html('{}<span class="fallback-note">（{}）</span>', text, note)
