"""Forms of the notify pages (Chinese labels and messages)."""

from __future__ import annotations

from django import forms

from zhongshu.org.models import OrgUnit

from .models import UnitChannel


class UnitChannelForm(forms.ModelForm):
    """Create or edit a unit's robot. The secret is write-only: blank keeps the stored one."""

    secret = forms.CharField(label="加签密钥", required=False, strip=True,
                             widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
                             help_text="钉钉机器人“加签”安全设置中的密钥（SEC 开头）；保存后不再完整显示。留空表示不修改。")
    clear_secret = forms.BooleanField(label="清除已保存的密钥", required=False)

    class Meta:
        model = UnitChannel
        fields = ["unit", "kind", "name", "webhook_url", "secret", "is_active"]
        widgets = {"webhook_url": forms.URLInput(attrs={"placeholder": "https://oapi.dingtalk.com/robot/send?access_token=…"})}
        help_texts = {"webhook_url": "在群设置 → 机器人中复制完整的 Webhook 地址"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("path")
        self.fields["unit"].label_from_instance = lambda u: f"{'　' * u.depth}{u.name}"
        for field in self.fields.values():
            css = {"CheckboxInput": "form-check-input", "Select": "form-select"}.get(type(field.widget).__name__,
                                                                                     "form-control")
            field.widget.attrs.setdefault("class", css)
        self.stored_secret = self.instance.secret if self.instance.pk else ""
        if not self.instance.pk:
            self.fields.pop("clear_secret")
            self.fields["secret"].help_text = "钉钉机器人“加签”安全设置中的密钥（SEC 开头）；保存后不再完整显示。"
        elif self.stored_secret:
            self.fields["secret"].help_text = f"当前：{self.instance.secret_hint}。留空表示不修改。"
        else:
            self.fields.pop("clear_secret")

    def clean(self):
        data = super().clean()
        if data.get("kind") != "dingtalk" and not data.get("secret"):
            data["clear_secret"] = True  # only 钉钉 signs: a stored secret goes with the kind change
        if not data.get("secret") and not data.get("clear_secret"):
            # keep the stored secret; model validation then checks it against the (new) kind
            self.instance.secret = self.stored_secret
            data["secret"] = self.stored_secret
        return data
