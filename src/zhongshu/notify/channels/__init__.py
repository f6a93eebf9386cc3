"""Channel registry: kind → channel object. Add a channel = add one module and one line here."""

from __future__ import annotations

from .base import Channel, DeliveryError
from .dingtalk import DingTalkChannel
from .email import EmailChannel
from .wecom import WeComChannel

REGISTRY: dict[str, Channel] = {c.kind: c for c in (EmailChannel(), DingTalkChannel(), WeComChannel())}


def get(kind: str) -> Channel:
    try:
        return REGISTRY[kind]
    except KeyError:
        raise DeliveryError(f"未知的通知渠道：{kind}") from None


__all__ = ["REGISTRY", "Channel", "DeliveryError", "get"]
