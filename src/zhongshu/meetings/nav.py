"""Menu entries of 会议 for the page frame (web/nav.py)."""

from __future__ import annotations

from django.urls import reverse

from .permissions import may_use


def items(user) -> list[tuple[str, str]]:
    if not may_use(user):
        return []
    return [("会议", reverse("meetings:list")), ("议题", reverse("meetings:topics")),
            ("会议精神传达", reverse("meetings:relays"))]
