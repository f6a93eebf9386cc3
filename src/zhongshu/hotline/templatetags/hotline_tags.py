"""{% load hotline_tags %}: small pieces of the 12345 pages.

{% hl_light color title %}          a status light for a colour computed in the view (clocks.lights)
{{ query|with_param:"page=2" }}     a query string with one parameter replaced
{% hl_widget field %}               a form field's input with the Bootstrap and ARIA state of its errors
{{ ticket.state|hl_state_badge }}   the badge colour of a ticket's state
{{ 0.83|percent_of }}               83%
"""

from __future__ import annotations

from django import forms, template
from django.http import QueryDict
from django.utils.html import format_html

from zhongshu.clocks.lights import COLOR_LABEL

register = template.Library()


@register.simple_tag
def hl_light(color, title=""):
    color = color if color in COLOR_LABEL else "none"
    title = title or COLOR_LABEL[color]
    return format_html('<span class="light light-{}" title="{}" role="img" aria-label="{}：{}"></span>', color, title,
                       COLOR_LABEL[color], title)


@register.filter
def with_param(query: str, pair: str) -> str:
    """'state=received&page=3'|with_param:'page=4' → 'state=received&page=4' (empty value → removed)."""
    q = QueryDict(query or "", mutable=True)
    key, _, value = pair.partition("=")
    q.pop(key, None)
    if value:
        q[key] = value
    return q.urlencode()


@register.simple_tag
def hl_widget(field, **attrs):
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect):
        return field.as_widget()
    css = widget.attrs.get("class", "") or ("form-check-input" if isinstance(widget, forms.CheckboxInput) else
                                             "form-select" if isinstance(widget, forms.Select) else "form-control")
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    if field.errors:
        css += " is-invalid"
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    attrs["class"] = css
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_radio(field) -> bool:
    return isinstance(field.field.widget, forms.RadioSelect)


STATE_BADGES = {
    "received": "text-bg-warning", "dispatched": "text-bg-info", "handling": "text-bg-primary",
    "returned": "text-bg-danger", "disputed": "text-bg-danger", "replied": "text-bg-info",
    "suspended": "text-bg-dark", "closed": "text-bg-success", "finished": "text-bg-secondary",
    "merged": "text-bg-light border",
}


@register.filter
def hl_state_badge(state) -> str:
    return STATE_BADGES.get(str(state), "text-bg-secondary")


@register.filter
def percent_of(value) -> str:
    try:
        return f"{round(float(value) * 100)}%"
    except (TypeError, ValueError):
        return "—"
