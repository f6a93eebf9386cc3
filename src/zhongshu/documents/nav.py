"""Menu entries of 公文 for the page frame (web/nav.py)."""

from __future__ import annotations

from django.urls import reverse

from .permissions import may_check, may_read_book, may_see_incoming, may_see_outgoing


def items(user) -> list[tuple[str, str]]:
    out = [("拟稿检查", reverse("documents:check"))] if may_check(user) else []
    if may_see_incoming(user):
        out.append(("收文登记簿", reverse("documents:incoming")))
    if may_see_outgoing(user):
        out.append(("发文", reverse("documents:outgoing")))
    if may_read_book(user):
        out.append(("发文登记簿", reverse("documents:numbers")))
    return out
