"""The filter of the audit view (also used by the CSV export)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import Action, AuditRecord


def object_type_choices() -> list[tuple[str, str]]:
    from .signals import is_audited

    choices = [(m._meta.label_lower, str(m._meta.verbose_name)) for m in apps.get_models() if is_audited(m)]
    return [("", "全部")] + sorted(choices, key=lambda c: c[1])


class AuditFilterForm(forms.Form):
    start = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    actor = forms.CharField(label="操作人", required=False, max_length=60)
    action = forms.ChoiceField(label="操作", required=False, choices=[("", "全部")] + Action.choices)
    object_type = forms.ChoiceField(label="对象类型", required=False)
    object_id = forms.CharField(label="对象编号", required=False, max_length=64)
    request_id = forms.CharField(label="请求编号", required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = object_type_choices()
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} {css}-sm"

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("起始日期不能晚于截止日期")
        return data

    def filter(self, qs=None):
        """The records matching the (valid) filter; dates are whole local days."""
        qs = AuditRecord.objects.all() if qs is None else qs
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        if data.get("start"):
            qs = qs.filter(at__gte=datetime.combine(data["start"], time.min, tzinfo=tz))
        if data.get("end"):
            qs = qs.filter(at__lt=datetime.combine(data["end"] + timedelta(days=1), time.min, tzinfo=tz))
        if data.get("actor"):
            qs = qs.filter(actor_label__icontains=data["actor"].strip())
        if data.get("action"):
            qs = qs.filter(action=data["action"])
        if data.get("object_type"):
            app_label, model = data["object_type"].split(".", 1)
            ct = ContentType.objects.get_by_natural_key(app_label, model)
            qs = qs.filter(content_type_id=ct.id)
        if data.get("object_id"):
            qs = qs.filter(object_id=data["object_id"].strip())
        if data.get("request_id"):
            qs = qs.filter(request_id=data["request_id"].strip())
        return qs

    def describe(self) -> str:
        """The filter in words, for the export record."""
        parts = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if isinstance(field, forms.ChoiceField):
                value = dict(field.choices).get(value, value)
            parts.append(f"{field.label}={value}")
        return "，".join(parts) or "全部"
