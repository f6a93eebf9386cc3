"""Menu entries of 督查督办 for the page frame (web/nav.py): everyone with a business role."""

from __future__ import annotations

from django.urls import reverse

from zhongshu.org.roles import ADMIN_ROLES


def items(user) -> list[tuple[str, str]]:
    if user is None or not user.is_authenticated or not (user.role_set - ADMIN_ROLES):
        return []
    return [("督查台账", reverse("supervision:ledger")), ("督查待办", reverse("supervision:todo")),
            ("督查概览", reverse("supervision:overview")), ("督查文书", reverse("supervision:docs"))]
