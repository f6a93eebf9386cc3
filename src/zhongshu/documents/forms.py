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
