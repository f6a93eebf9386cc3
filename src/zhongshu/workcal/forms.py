"""Forms of the calendar pages. Dates are read by parsing.parse_day (Chinese messages)."""

from __future__ import annotations

from django import forms

from .models import DayKind
from .parsing import MAX_DAYS, check_year, parse_day

DATE_INPUT = forms.DateInput(attrs={"type": "date", "class": "form-control"})


class ZhDateField(forms.CharField):
    widget = DATE_INPUT

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_day(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class CalculatorForm(forms.Form):
    MODES = [("workdays", "加减工作日"), ("calendar_days", "加减自然日"), ("between", "两日期之间的工作日数")]

    mode = forms.ChoiceField(label="计算方式", choices=MODES, initial="workdays",
                             widget=forms.Select(attrs={"class": "form-select"}))
    start = ZhDateField(label="起始日期")
    days = forms.IntegerField(label="天数（可为负）", required=False, min_value=-MAX_DAYS, max_value=MAX_DAYS,
                              widget=forms.NumberInput(attrs={"class": "form-control"}),
                              error_messages={"invalid": "天数须为整数", "min_value": f"天数不小于 -{MAX_DAYS}",
                                              "max_value": f"天数不大于 {MAX_DAYS}"})
    end = ZhDateField(label="截止日期（仅“两日期之间”）", required=False)

    def clean(self):
        data = super().clean()
        if data.get("mode") == "between":
            if not data.get("end") and "end" not in self.errors:
                self.add_error("end", "请填写截止日期")
        elif data.get("days") is None and "days" not in self.errors:
            self.add_error("days", "请填写天数")
        return data


class DayForm(forms.Form):
    KINDS = [(DayKind.OFF, "放假（法定节假日）"), (DayKind.WORK, "调休上班"), ("normal", "恢复正常（按周一至周五）")]

    kind = forms.ChoiceField(label="类型", choices=KINDS, widget=forms.RadioSelect)
    name = forms.CharField(label="节日名称", required=False, max_length=50,
                           widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "如 国庆节"}),
                           error_messages={"max_length": "名称过长（不超过 50 字）"})

    def clean(self):
        data = super().clean()
        if data.get("kind") == DayKind.OFF and not (data.get("name") or "").strip():
            self.add_error("name", "放假日请填写节日名称")
        return data


class YearForm(forms.Form):
    MODES = [("seed", "从 chinese-calendar 数据生成"), ("empty", "空白年度（之后逐日录入）")]

    year = forms.IntegerField(label="年份", widget=forms.NumberInput(attrs={"class": "form-control"}),
                              error_messages={"invalid": "年份须为整数", "required": "请填写年份"})
    mode = forms.ChoiceField(label="方式", choices=MODES, initial="seed", widget=forms.RadioSelect)

    def clean_year(self):
        try:
            return check_year(self.cleaned_data["year"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class ImportForm(forms.Form):
    MAX_BYTES = 512 * 1024

    file = forms.FileField(label="安排文件（CSV 或文本，每行：日期,off或work,名称）",
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,.txt,text/*"}),
                           error_messages={"required": "请选择文件", "empty": "文件为空"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("文件过大（不超过 512 KB）")
        return upload
