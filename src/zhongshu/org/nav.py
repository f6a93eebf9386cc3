"""Menu entries of the org app for the page frame (see web/nav.py)."""

from __future__ import annotations

from django.urls import reverse

from .roles import Role


def items(user) -> list[tuple[str, str]]:
    entries: list[tuple[str, str]] = []
    if user is None or not user.is_authenticated:
        return entries
    if user.has_role(Role.SYSADMIN):
        entries += [("单位管理", reverse("org:unit_list")), ("用户管理", reverse("org:user_list"))]
    if user.has_role(Role.SECADMIN):
        entries.append(("账户安全", reverse("org:security")))
    return entries
