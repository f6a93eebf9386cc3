"""Validation of a unit's robot channel: the webhook URL's shape and the secret.

Any host is accepted (政务钉钉, private deployments, gateways), but the URL must be a complete
https URL without credentials, carrying the robot's token as the vendor documents it
(钉钉 `access_token`, 企业微信 `key`). Plain http is accepted only when settings.DEBUG or
settings.ZHONGSHU_ALLOW_HTTP_WEBHOOKS is on (local test servers).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

TOKEN_PARAM = {"dingtalk": ("access_token", "钉钉机器人"), "wecom": ("key", "企业微信机器人")}


def http_allowed() -> bool:
    return bool(settings.DEBUG or getattr(settings, "ZHONGSHU_ALLOW_HTTP_WEBHOOKS", False))


def validate_webhook_url(url: str, kind: str) -> str:
    """Return the cleaned URL or raise ValidationError with a Chinese message."""
    url = (url or "").strip()
    if not url:
        raise ValidationError("请填写 Webhook 地址")
    if len(url) > 500:
        raise ValidationError("Webhook 地址过长（最多 500 个字符）")
    parts = urlsplit(url)
    if parts.scheme == "http" and not http_allowed():
        raise ValidationError("Webhook 地址必须以 https:// 开头（加密传输）")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError("Webhook 地址格式不正确，请从群机器人设置中复制完整地址") from None
    if parts.username or parts.password:
        raise ValidationError("Webhook 地址中不能包含用户名或密码")
    if kind in TOKEN_PARAM:
        param, label = TOKEN_PARAM[kind]
        values = parse_qs(parts.query).get(param)
        if not values or not values[0].strip():
            raise ValidationError(f"{label}的 Webhook 地址应包含 {param} 参数，请复制完整地址")
    return url


def validate_secret(secret: str, kind: str) -> str:
    secret = (secret or "").strip()
    if not secret:
        return ""
    if kind != "dingtalk":
        raise ValidationError("只有钉钉机器人使用加签密钥，企业微信机器人请留空")
    if any(ch.isspace() for ch in secret) or len(secret) > 200:
        raise ValidationError("加签密钥格式不正确（不能含空格，最多 200 个字符）")
    return secret
