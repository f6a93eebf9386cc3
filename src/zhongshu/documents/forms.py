from __future__ import annotations

from django import forms

from zhongshu.web.forms import (
    DateInput,
    LeaderField,
    MultipleFileField,
    MultipleFileInput,
    StyledForm,
    UnitField,
    UnitsField,
    leaders,
    unit_choices,
)

from .checks import KIND_CHOICES
from .choices import Channel, IncomingState, Retention, Secrecy, Urgency


class DraftCheckForm(forms.Form):
    kind = forms.ChoiceField(label="文种", choices=KIND_CHOICES, initial="notice",
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    number = forms.CharField(label="发文字号", required=False, max_length=60,
                             widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                                           "placeholder": "如：示政发〔2026〕3号"}))
    text = forms.CharField(label="正文（含标题、主送机关、署名、成文日期）", required=False,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 16, "spellcheck": "false"}))
    file = forms.FileField(label="或上传文稿（.docx / .txt）", required=False,
                           widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm",
                                                                  "accept": ".docx,.txt"}))


class LayoutForm(forms.Form):
    """版头 and 版记 for 排版 (the body comes from the draft)."""

    issuer = forms.CharField(label="发文机关标志", required=False, max_length=60,
                             widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                                           "placeholder": "如：示例市人民政府办公室"}),
                             help_text="通知、请示、报告、通报后加“文件”；函用信函格式，只用机关名称；"
                                       "纪要填“示例市人民政府常务会议”，后加“纪要”")
    issue = forms.CharField(label="期数（纪要）", required=False, max_length=20,
                            widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                                          "placeholder": "如：第12期"}))
    signer = forms.CharField(label="签发人（请示、报告）", required=False, max_length=20,
                             widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    copy_to = forms.CharField(label="抄送", required=False, max_length=300,
                              widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    printer = forms.CharField(label="印发机关（函不标注）", required=False, max_length=60,
                              widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    print_date = forms.DateField(label="印发日期", required=False,
                                 widget=forms.DateInput(attrs={"class": "form-control form-control-sm", "type": "date"}))

    def clean(self):
        data = super().clean()
        if self.data.get("action") in ("docx", "pdf"):
            if data.get("signer") and not data.get("issuer"):
                self.add_error("issuer", "标注签发人时须填写发文机关标志")
            if bool(data.get("printer")) != bool(data.get("print_date")):
                self.add_error("print_date" if data.get("printer") else "printer", "印发机关和印发日期须同时填写")
        return data


class TakeNumberForm(forms.Form):
    series = forms.ModelChoiceField(label="发文字号", queryset=None, empty_label=None,
                                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    title = forms.CharField(label="文件标题", max_length=200,
                            widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    typed = forms.CharField(label="手工登记文号（可不填，不填即取下一个号）", required=False, max_length=40,
                            widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                                          "placeholder": "如：示政办发〔2026〕12号"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import NumberSeries

        self.fields["series"].queryset = NumberSeries.objects.filter(active=True)


class CancelNumberForm(forms.Form):
    reason = forms.CharField(label="作废原因", max_length=200,
                             widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))


# --- 收文 (they only parse and label; the rules live in incoming.py) ------------------------------------
class ReceiveForm(StyledForm):
    issuer = forms.CharField(label="发文机关", max_length=100, help_text="来文信封或版头上的机关名称")
    title = forms.CharField(label="标题", max_length=200)
    copies = forms.IntegerField(label="份数", initial=1, min_value=1, max_value=999)
    channel = forms.ChoiceField(label="来文方式", choices=Channel.choices, initial=Channel.EXCHANGE)
    received_on = forms.DateField(label="收文日期", widget=DateInput(), required=False, help_text="不填即今天")


class RegisterForm(StyledForm):
    title = forms.CharField(label="标题", max_length=200)
    issuer = forms.CharField(label="发文机关", max_length=100)
    doc_number = forms.CharField(label="发文字号", max_length=60, required=False,
                                 widget=forms.TextInput(attrs={"placeholder": "如：示交发〔2026〕12号"}),
                                 help_text="来文无文号的不填；同一机关的同一文号只能登记一次")
    secrecy = forms.ChoiceField(label="密级", choices=Secrecy.choices, initial=Secrecy.NONE)
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, initial=Urgency.NORMAL)
    written_on = forms.DateField(label="成文日期", widget=DateInput(), required=False)
    copies = forms.IntegerField(label="份数", min_value=1, max_value=999)
    received_on = forms.DateField(label="收文日期", widget=DateInput(), required=False)
    channel = forms.ChoiceField(label="来文方式", choices=Channel.choices)
    summary = forms.CharField(label="内容摘要", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    scans = MultipleFileField(label="扫描件或电子文件", required=False,
                              widget=MultipleFileInput(attrs={"accept": ".pdf,.ofd,.jpg,.jpeg,.png,.tif,.tiff"}),
                              help_text="PDF、OFD 或图片（JPG、PNG、TIFF），可多选；每个文件不超过附件大小上限")


class ReviewForm(StyledForm):
    decision = forms.ChoiceField(label="初审结论", choices=[("accept", "符合收文要求，进入拟办"), ("return", "退文")],
                                 widget=forms.RadioSelect, initial="accept")
    reason = forms.CharField(label="退文理由", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="退文时必填，如：不属于本机关职权范围、越级行文、请示一文多事")


class ProposeForm(StyledForm):
    opinion = forms.CharField(label="拟办意见", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    leader = LeaderField(label="呈批领导", queryset=None)
    unit = UnitField(label="建议承办单位", queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders()
        self.fields["unit"].queryset = unit_choices()


class DirectForm(StyledForm):
    opinion = forms.CharField(label="批办意见", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = UnitField(label="主办单位", queryset=None, required=False, help_text="只阅知、不需办理的不选")
    co_units = UnitsField(label="协办单位", queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 4}))
    deadline = forms.DateField(label="办理时限", widget=DateInput(), required=False,
                               help_text="不填按紧急程度：普通、加急、特急各有默认工作日")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = unit_choices()
        self.fields["co_units"].queryset = unit_choices()


class CirculateForm(StyledForm):
    to = LeaderField(label="送交", queryset=None, help_text="市领导，或退回文秘")
    note = forms.CharField(label="附言", required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from zhongshu.org.models import User
        from zhongshu.org.roles import Role

        self.fields["to"].queryset = (User.objects.filter(is_active=True, role_grants__role__in=[
            Role.CITY_LEADER, Role.DOC_CLERK]).distinct().order_by("id"))


class ReadForm(StyledForm):
    comment = forms.CharField(label="阅示意见", required=False, max_length=300)


class HandleForm(StyledForm):
    text = forms.CharField(label="办理情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class CompleteForm(StyledForm):
    result = forms.CharField(label="办理结果", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label="办理结果材料", required=False)


class RemindForm(StyledForm):
    note = forms.CharField(label="催办事由", required=False, max_length=300)


class DeclineForm(StyledForm):
    reason = forms.CharField(label="退回理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="说明不属于本单位职责的依据（如“三定”规定），可建议承办单位")


class ExtendForm(StyledForm):
    until = forms.DateField(label="申请延至", widget=DateInput(), help_text="须晚于现办理时限，在时限届满前申请")
    reason = forms.CharField(label="延期理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class DecideRequestForm(StyledForm):
    decision = forms.ChoiceField(label="审批", choices=[("approve", "同意"), ("refuse", "不同意")],
                                 widget=forms.RadioSelect, initial="approve")
    comment = forms.CharField(label="审批意见", required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}), help_text="不同意时必填")


class ArchiveForm(StyledForm):
    retention = forms.ChoiceField(label="保管期限", choices=Retention.choices, initial=Retention.Y30)
    note = forms.CharField(label="归档说明", required=False, max_length=200)


class IncomingFilterForm(forms.Form):
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), ("open", "未归档"),
                                                                       *IncomingState.choices])
    unit = UnitField(label="承办单位", queryset=None, required=False, empty_label="全部单位")
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label="检索", required=False, max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices()
        for field in self.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)
