"""{% load supervision_tags %}: small pieces of the 督查督办 pages.

{% light_dot "red" "已逾期 3 个工作日" %}   a status light for a colour computed elsewhere (ledger.py)
{{ query|with_param:"page=2" }}          a query string with one parameter replaced
{% due_cell task.deadline %}             a due date for a table cell: the fallback note (a year
                                         without a statutory arrangement) becomes a ※ mark…
{% due_footnote %}                       …explained once, below the table
{% widget field accept=".xlsx" %}        a form field's input with the Bootstrap and ARIA state
                                         of its errors and help text (supervision/_fields.html)
{{ task.state|state_badge }}             the badge colour of a task's or matter's state
{{ result|import_errors }}               an import's problems sorted by row and column
"""

from __future__ import annotations

from django import forms, template
from django.http import QueryDict
from django.utils.html import format_html, format_html_join

from zhongshu.clocks.lights import COLOR_LABEL
from zhongshu.workcal.display import due_parts

register = template.Library()

_NOTES_KEY = "supervision_due_notes"


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


@register.simple_tag(takes_context=True)
def due_cell(context, value, time: bool = False, empty: str = "—"):
    """The date of `value`; when its year has no statutory arrangement, a ※ mark whose note
    {% due_footnote %} prints once under the table (instead of the note in every row)."""
    text, note = due_parts(value, time)
    if not text:
        return empty
    if not note:
        return text
    notes = context.render_context.setdefault(_NOTES_KEY, [])
    if note not in notes:
        notes.append(note)
    return format_html('{}<sup class="zs-due-mark" title="{}">※</sup><span class="visually-hidden">（{}）</span>',
                       text, note, note)


@register.simple_tag(takes_context=True)
def due_footnote(context):
    notes = context.render_context.get(_NOTES_KEY) or []
    if not notes:
        return ""
    return format_html('<p class="zs-due-footnote" aria-hidden="true">{}</p>',
                       format_html_join("；", "※ {}", ((n,) for n in notes)))


@register.simple_tag
def widget(field, **attrs):
    """`field` rendered with form-control / form-select / form-check-input, is-invalid and
    aria-invalid when it has errors, and aria-describedby pointing at its help and error texts."""
    widget_obj = field.field.widget
    css = widget_obj.attrs.get("class", "")
    if not css:
        if isinstance(widget_obj, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget_obj, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
        else:
            css = "form-control"
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


STATE_BADGES = {
    "draft": "text-bg-secondary", "assigned": "text-bg-warning", "in_progress": "text-bg-primary",
    "returned": "text-bg-warning", "review": "text-bg-info", "done": "text-bg-success",
    "suspended": "text-bg-dark", "active": "text-bg-primary", "awaiting_close": "text-bg-info",
    "closed": "text-bg-success",
}


@register.filter
def state_badge(state) -> str:
    return STATE_BADGES.get(str(state), "text-bg-secondary")


@register.filter
def import_errors(result) -> list:
    """The problems of an import result (core.tabular.ReadResult), file-level first, then by row and column."""
    if result is None:
        return []
    from zhongshu.core.tabular.result import RowError

    return sorted(result.errors, key=RowError.sort_key)
