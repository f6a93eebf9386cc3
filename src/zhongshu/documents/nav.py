"""Menu entries of 公文 for the page frame (web/nav.py)."""

from __future__ import annotations

from django.urls import reverse

from .permissions import may_check


def items(user) -> list[tuple[str, str]]:
    return [("拟稿检查", reverse("documents:check"))] if may_check(user) else []
