"""Menu entries of 领导批示 for the page frame (web/nav.py)."""

from __future__ import annotations

from django.urls import reverse

from zhongshu.org.scope import unit_range

from .permissions import allowed


def items(user) -> list[tuple[str, str]]:
    rng = unit_range(user)
    sees = not rng.nothing or allowed(user, "register")
    out = [("批示登记簿", reverse("instructions:list"))] if sees else []
    if allowed(user, "register"):
        out.append(("登记批示", reverse("instructions:new")))
    if allowed(user, "summary"):
        out.append(("批示月报", reverse("instructions:summary")))
    return out
