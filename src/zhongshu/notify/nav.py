"""Menu entries of the notify app (the 消息 link for everyone is in the page header)."""

from __future__ import annotations

from django.urls import reverse

from .permissions import is_sysadmin


def items(user) -> list[tuple[str, str]]:
    if not is_sysadmin(user):
        return []
    return [("通知渠道", reverse("notify:channels")), ("投递记录", reverse("notify:deliveries"))]
