"""Forms of the login and administration pages. The rules live in services.py; these forms
only collect and type the input (so the API and the pages apply the same rules)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .models import OrgUnit, UnitKind
from .roles import Role
from .services import NO_UNIT_MESSAGE, SYSADMIN_CANNOT_GRANT

LOGIN_FAILED = "用户名或密码错误"


class LoginForm(AuthenticationForm):
    """Django's form (it passes the request to authenticate, which django-axes needs), with one
    message for every failure so it never reveals whether a username exists or is disabled."""

    error_messages = {"invalid_login": LOGIN_FAILED, "inactive": LOGIN_FAILED}

    def confirm_login_allowed(self, user):
        if not user.is_active:
            raise forms.ValidationError(LOGIN_FAILED, code="invalid_login")


class OtpForm(forms.Form):
    code = forms.CharField(label="动态口令", max_length=10, min_length=6,
                           widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "one-time-code",
                                                         "inputmode": "numeric", "autofocus": True}),
                           error_messages={"required": "请输入 6 位动态口令", "min_length": "请输入 6 位动态口令"})


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * obj.depth}{obj.name}"


def active_units():
    return OrgUnit.objects.filter(is_active=True).order_by("path")


class UnitForm(forms.Form):
    name = forms.CharField(label="单位名称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=30)
    code = forms.CharField(label="单位代码", max_length=30)
    kind = forms.ChoiceField(label="类型", choices=UnitKind.choices)
    parent = UnitChoiceField(label="上级单位", queryset=OrgUnit.objects.none(), required=False,
                             empty_label="（无，作为顶级单位）")
    sort = forms.IntegerField(label="排序", min_value=0, required=False, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = active_units()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control")


class UserFieldsMixin(forms.Form):
    full_name = forms.CharField(label="姓名", max_length=50)
    unit = UnitChoiceField(label="所属单位", queryset=OrgUnit.objects.none(), empty_label="（请选择单位）",
                           error_messages={"required": NO_UNIT_MESSAGE, "invalid_choice": "所选单位不存在或已停用"})
    title = forms.CharField(label="职务", max_length=50, required=False)
    phone = forms.CharField(label="电话", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False, error_messages={"invalid": "电子邮箱格式不正确"})
    roles = forms.MultipleChoiceField(label="角色", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = active_units()
        grantable = [(value, label) for value, label in Role.choices
                     if actor is None or actor.is_superuser or value not in SYSADMIN_CANNOT_GRANT]
        self.fields["roles"].choices = grantable
        self.fields["roles"].help_text = "安全管理员、审计管理员由部署时指定；同一人不能兼任三员中的两个。"
        for name, field in self.fields.items():
            if name == "roles":
                continue
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control")


class UserCreateForm(UserFieldsMixin):
    username = forms.CharField(label="用户名", max_length=150)
    password1 = forms.CharField(label="初始密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text="用户首次登录后必须修改。")
    password2 = forms.CharField(label="确认初始密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    field_order = ["username", "full_name", "unit", "title", "phone", "email", "roles", "password1", "password2"]

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", "两次输入的密码不一致")
        return data


class UserEditForm(UserFieldsMixin):
    pass


class PasswordResetForm(forms.Form):
    password1 = forms.CharField(label="新的临时密码", widget=forms.PasswordInput(attrs={"class": "form-control",
                                                                                  "autocomplete": "new-password"}),
                                help_text="用户下次登录后必须修改。")
    password2 = forms.CharField(label="确认密码", widget=forms.PasswordInput(attrs={"class": "form-control",
                                                                             "autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", "两次输入的密码不一致")
        return data
