"""{% load supervision_tags %}: small pieces of the 督查督办 pages.

{% light_dot "red" "已逾期 3 个工作日" %}   a status light for a colour computed elsewhere (ledger.py)
{{ query|with_param:"page=2" }}          a query string with one parameter replaced
"""

from __future__ import annotations

from django import template
from django.http import QueryDict
from django.utils.html import format_html

from zhongshu.clocks.lights import COLOR_LABEL

register = template.Library()


@register.simple_tag
def light_dot(color, title=""):
    color = color if color in COLOR_LABEL else "none"
    title = title or COLOR_LABEL[color]
    return format_html('<span class="light light-{}" title="{}" role="img" aria-label="{}"></span>', color, title,
                       f"{COLOR_LABEL[color]}：{title}")


@register.filter
def with_param(query: str, pair: str) -> str:
    """'year=2026&page=3'|with_param:'page=4' → 'year=2026&page=4' (value empty → parameter removed)."""
    q = QueryDict(query or "", mutable=True)
    key, _, value = pair.partition("=")
    q.pop(key, None)
    if value:
        q[key] = value
    return q.urlencode()


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{value:g}%"
