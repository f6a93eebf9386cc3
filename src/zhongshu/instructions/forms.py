"""Forms of the 批示 pages. They only parse and label; the rules live in transitions.py."""

from __future__ import annotations

from django import forms

from zhongshu.web.forms import (
    DateInput,
    LeaderField,
    MultipleFileField,
    StyledForm,
    UnitField,
    UnitsField,
    leaders,
    unit_choices,
)

SCAN_ACCEPT = ".pdf,.ofd,.jpg,.jpeg,.png,.tif,.tiff"


class _Routing(StyledForm):
    lead_unit = UnitField(label="牵头单位", queryset=None, required=False, empty_label="（请选择）")
    co_units = UnitsField(label="配合单位", queryset=None, required=False,
                          widget=forms.SelectMultiple(attrs={"size": 5}))
    deadline = forms.DateField(label="办理时限", widget=DateInput(), required=False,
                               help_text="领导批示中定了时限的按领导的；不填为转办之日起的默认工作日数")
    route_note = forms.CharField(label="转办意见", required=False, max_length=1000,
                                 widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = unit_choices()
        self.fields["co_units"].queryset = unit_choices()

    def clean(self):
        data = super().clean()
        lead, co = data.get("lead_unit"), data.get("co_units") or []
        if lead is not None and lead in co:
            self.add_error("co_units", "牵头单位不能同时是配合单位")
        return data


class RegisterForm(_Routing):
    leader = LeaderField(label="批示领导", queryset=None, empty_label="（请选择）")
    written_on = forms.DateField(label="批示日期", widget=DateInput())
    text = forms.CharField(label="批示内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text="照原件逐字录入")
    carrier_title = forms.CharField(label="批示所在文件或报告", max_length=300,
                                    help_text="领导在哪份文件、专报或信息上作的批示")
    carrier_ref = forms.CharField(label="文号或来源", max_length=100, required=False,
                                  widget=forms.TextInput(attrs={"placeholder": "如：示交〔2026〕5号、政务信息第12期"}))
    scan = forms.FileField(label="批示原件扫描件", required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": SCAN_ACCEPT}),
                           help_text="PDF、OFD 或图片（JPG、PNG、TIFF）")
    route_now = forms.BooleanField(label="登记后即转办（即批即转）", required=False, initial=True)

    field_order = ["leader", "written_on", "text", "carrier_title", "carrier_ref", "scan", "route_now", "lead_unit",
                   "co_units", "deadline", "route_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders()

    def clean(self):
        data = super().clean()
        if data.get("route_now") and data.get("lead_unit") is None and "lead_unit" not in self.errors:
            self.add_error("lead_unit", "即转办时请选择牵头单位")
        return data


class RouteForm(_Routing):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].required = True


class ReportForm(StyledForm):
    unit = UnitField(label="报告单位", queryset=None, empty_label=None)
    process = forms.CharField(label="落实过程", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    situation = forms.CharField(label="基本情况", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                                help_text="办理结果、完成情况")
    suggestions = forms.CharField(label="意见建议", max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label="附件", required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        from zhongshu.org.models import OrgUnit

        self.fields["unit"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")


class SubmitForm(StyledForm):
    note = forms.CharField(label="呈报说明", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(StyledForm):
    decision = forms.ChoiceField(label="阅示", choices=[("close", "阅结（批示办结）"), ("continue", "续批（再作批示，再次转办）")],
                                 widget=forms.RadioSelect, initial="close")
    text = forms.CharField(label="续批内容", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="续批时必填：领导在办理情况报告上的新批示")
    note = forms.CharField(label="阅示意见", max_length=1000, required=False,
                           widget=forms.TextInput(attrs={"placeholder": "如：已阅"}))


class FilterForm(forms.Form):
    STATES = [("", "全部"), ("open", "办理中"), ("to_route", "待转办"), ("handling", "承办单位办理中"),
              ("to_submit", "待呈报"), ("with_leader", "待领导阅示"), ("closed", "已办结")]
    state = forms.ChoiceField(label="状态", choices=STATES, required=False)
    leader = LeaderField(label="批示领导", queryset=None, required=False, empty_label="全部领导")
    month = forms.RegexField(label="月份", regex=r"^\d{4}-\d{2}$", required=False,
                             error_messages={"invalid": "月份格式为 2026-03"},
                             widget=forms.TextInput(attrs={"type": "month"}))
    q = forms.CharField(label="关键词", max_length=100, required=False,
                        widget=forms.TextInput(attrs={"placeholder": "批示内容、文件标题、登记号"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm" if isinstance(
                field.widget, forms.Select) else "form-control form-control-sm")
