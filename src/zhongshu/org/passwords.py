"""Password rules (等保: length, mixed kinds, history, expiry). Length is Django's validator."""

from __future__ import annotations

import string

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

KINDS = {
    "小写字母": set(string.ascii_lowercase),
    "大写字母": set(string.ascii_uppercase),
    "数字": set(string.digits),
    "符号": set(string.punctuation),
}


class MixedKindsValidator:
    def __init__(self, kinds: int | None = None):
        self.kinds = kinds

    @property
    def required(self) -> int:
        return self.kinds or settings.ZHONGSHU_PASSWORD_KINDS

    def validate(self, password, user=None):
        used = sum(1 for chars in KINDS.values() if any(c in chars for c in password))
        if used < self.required:
            raise ValidationError(
                f"密码须包含小写字母、大写字母、数字、符号中至少 {self.required} 类字符", code="password_kinds")

    def get_help_text(self):
        return f"密码须包含小写字母、大写字母、数字、符号中至少 {self.required} 类字符。"


class HistoryValidator:
    """The new password may not equal the current one nor any of the newest N hashes in
    PasswordHistory (N = ZHONGSHU_PASSWORD_HISTORY). History rows are written by User.save,
    so every path that sets a password (create, own change, admin reset) is covered."""

    def validate(self, password, user=None):
        depth = settings.ZHONGSHU_PASSWORD_HISTORY
        if user is None or not user.pk or depth <= 0:
            return
        if user.password and check_password(password, user.password):
            raise ValidationError("新密码不能与当前密码相同", code="password_reused")
        for old in user.password_history.all()[:depth]:
            if check_password(password, old.password):
                raise ValidationError(f"不能使用最近 {depth} 次用过的密码", code="password_reused")

    def get_help_text(self):
        return f"不能使用最近 {settings.ZHONGSHU_PASSWORD_HISTORY} 次用过的密码。"
