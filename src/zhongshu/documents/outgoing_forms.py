"""发文 forms: they only parse and label; the rules live in outgoing.py."""

from __future__ import annotations

from django import forms

from zhongshu.web.forms import (
    DateInput,
    LeaderField,
    StyledForm,
    UnitField,
    UnitsField,
    leaders,
    unit_choices,
)

from .checks import KIND_CHOICES
from .choices import OutgoingState, Secrecy, Urgency
from .forms import ArchiveForm, CancelNumberForm

__all__ = ["ArchiveForm", "CancelNumberForm"]

TEXT_HELP = "含标题、主送机关、正文、署名和成文日期（如 2026年3月5日），一行一段；或上传 .docx / .txt"


class _SeriesField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code}（{obj.name}）"


class OutgoingForm(StyledForm):
    kind = forms.ChoiceField(label="文种", choices=KIND_CHOICES, initial="notice")
    title = forms.CharField(label="标题", max_length=200, help_text="如：示例市交通运输局关于……的通知")
    main_to = forms.CharField(label="主送机关", max_length=200, required=False, help_text="请示只主送一个机关；纪要、通报可不填")
    copy_to = forms.CharField(label="抄送机关", max_length=300, required=False)
    secrecy = forms.ChoiceField(label="密级", choices=Secrecy.choices, initial=Secrecy.NONE)
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, initial=Urgency.NORMAL)
    drafting_unit = UnitField(label="拟稿单位", queryset=None)
    series = _SeriesField(label="发文字号（机关代字）", queryset=None, help_text="编号时按此机关代字和年度取号")
    countersign_units = UnitsField(label="会签单位", queryset=None, required=False,
                                    widget=forms.SelectMultiple(attrs={"size": 5}),
                                    help_text="需会签的单位（可多选，核稿时可调整）；不需会签的不选")
    text = forms.CharField(label="文稿", required=False, widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
                           help_text=TEXT_HELP)
    file = forms.FileField(label="或上传文稿（.docx / .txt）", required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt"}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import NumberSeries

        self.fields["drafting_unit"].queryset = units if units is not None else unit_choices()
        self.fields["countersign_units"].queryset = unit_choices()
        self.fields["series"].queryset = NumberSeries.objects.filter(active=True)


class ReviseForm(StyledForm):
    text = forms.CharField(label="修改后的文稿", required=False,
                           widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}))
    file = forms.FileField(label="或上传修改稿（.docx / .txt）", required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt"}))
    note = forms.CharField(label="修改说明", required=False, max_length=300)


class SubmitForm(StyledForm):
    note = forms.CharField(label="附言", required=False, max_length=300)


class OutgoingReviewForm(StyledForm):
    decision = forms.ChoiceField(label="核稿结论", choices=[("accept", "核稿通过"), ("back", "退回修改")],
                                 widget=forms.RadioSelect, initial="accept")
    opinion = forms.CharField(label="核稿意见", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="退回修改时必填")
    signer = LeaderField(label="签发领导", queryset=None, required=False, help_text="核稿通过时必选")
    countersign_units = UnitsField(label="会签单位", queryset=None, required=False,
                                    widget=forms.SelectMultiple(attrs={"size": 5}), help_text="不选即不需会签，直接呈签发")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = leaders()
        self.fields["countersign_units"].queryset = unit_choices()


class CountersignForm(StyledForm):
    decision = forms.ChoiceField(label="会签结论", choices=[("agree", "同意"), ("disagree", "不同意")],
                                 widget=forms.RadioSelect, initial="agree")
    opinion = forms.CharField(label="会签意见", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="不同意时必填理由和修改意见")


class SignForm(StyledForm):
    decision = forms.ChoiceField(label="签发", choices=[("approve", "签发"), ("back", "退回修改")],
                                 widget=forms.RadioSelect, initial="approve")
    opinion = forms.CharField(label="签发意见", required=False, max_length=300, help_text="如：同意印发；退回时必填")


class RecheckForm(StyledForm):
    decision = forms.ChoiceField(label="复核结论", choices=[("accept", "复核无误"), ("back", "退回修改")],
                                 widget=forms.RadioSelect, initial="accept")
    note = forms.CharField(label="复核意见", required=False, max_length=300)


class NumberForm(StyledForm):
    typed = forms.CharField(label="手工登记文号（可不填，不填即取下一个号）", required=False, max_length=40,
                            widget=forms.TextInput(attrs={"placeholder": "如：示政办发〔2026〕12号"}))


class IssueForm(StyledForm):
    printer = forms.CharField(label="印发机关", required=False, max_length=60, help_text="不填即发文机关")
    print_date = forms.DateField(label="印发日期", required=False, widget=DateInput(), help_text="不填即今天")


class OutgoingFilterForm(forms.Form):
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), ("open", "未归档"),
                                                                       *OutgoingState.choices])
    kind = forms.ChoiceField(label="文种", required=False, choices=[("", "全部文种"), *KIND_CHOICES])
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label="检索", required=False, max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)
