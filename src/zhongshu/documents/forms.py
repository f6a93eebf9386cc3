from __future__ import annotations

from django import forms

from .checks import KIND_CHOICES


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
                                                           "placeholder": "如：示例市人民政府办公室（后加“文件”）"}))
    signer = forms.CharField(label="签发人（请示、报告）", required=False, max_length=20,
                             widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    copy_to = forms.CharField(label="抄送", required=False, max_length=300,
                              widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    printer = forms.CharField(label="印发机关", required=False, max_length=60,
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
