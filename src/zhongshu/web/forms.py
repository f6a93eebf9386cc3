"""The form parts every domain app's pages share: styled (Bootstrap) forms, a date input, several
files in one input, and the unit and city-leader pickers. Forms only parse and label; the rules
live in each app's transitions.

    class RouteForm(StyledForm):
        lead_unit = UnitField(label="牵头单位", queryset=unit_choices())
        deadline = forms.DateField(label="办理时限", widget=DateInput(), required=False)
"""

from __future__ import annotations

from django import forms

from zhongshu.org.models import OrgUnit, User
from zhongshu.org.roles import Role


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kw):
        super().__init__(format="%Y-%m-%d", **kw)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleaned to a list (checked again by core.files on save)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def style(form):
    """Bootstrap classes on every widget of `form` (kept when a widget sets its own)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
    return form


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


def unit_choices():
    return OrgUnit.objects.filter(is_active=True).order_by("path")


def _unit_label(obj) -> str:
    return f"{'　' * max(0, obj.depth - 1)}{obj.name}"


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _unit_label(obj)


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _unit_label(obj)


class LeaderField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name or obj.username}{('（' + obj.title + '）') if obj.title else ''}"


def leaders():
    return User.objects.filter(is_active=True, role_grants__role=Role.CITY_LEADER).distinct().order_by("id")


def form_errors(form) -> str:
    """A bound form's errors as one Chinese line: "字段：错误；字段：错误"."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}：{'，'.join(errors)}" if label else "，".join(errors))
    return "；".join(parts)
