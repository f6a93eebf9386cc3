"""What every 12345 page view shares: running a step and telling the user how it went, the
page's tabs, and the 403 page (the same pattern as the 督查督办 pages, its own code)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from zhongshu.core.errors import UserError
from zhongshu.org.roles import HOTLINE_ROLES

from ..permissions import allowed


def form_errors(form) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}：{'，'.join(errors)}" if label else "，".join(errors))
    return "；".join(parts)


def post_step(request, label: str, form, run, *, back: str, page):
    """Validate `form` and run the step (`run(cleaned_data)`, which calls the service). Done: a
    message and a redirect to `back`. Invalid or refused: `page(form, error)` shows the page
    again (status 400) with the form as typed and the Chinese reason."""
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except UserError as exc:
            error = exc.message
        else:
            messages.success(request, f"{label}成功")
            return redirect(back)
    else:
        error = form_errors(form)
    return page(form, f"{label}未完成：{error}")


def forbidden(request, reason: str):
    return render(request, "hotline/forbidden.html", {"reason": reason}, status=403)


@dataclass(frozen=True)
class Step:
    """A step offered on the ticket page: its button label, its form, the permission and the
    states that offer it, and `run(ticket, user, cleaned_data)` which calls transitions.py."""

    label: str
    form: type
    permission: str
    states: tuple
    run: Callable
    danger: bool = False


TABS = (("intake", "受理工单", "receive"), ("queue", "热线工单", None), ("search", "热线检索", None),
        ("catalogue", "派单目录", "hotline"), ("kpi", "热线考核", "kpi"), ("insight", "热线研判", "insight"))


def tabs(user) -> list[tuple[str, str, str]]:
    """(name, label, url) of the hotline pages this user may open (pages not mounted yet are left out)."""
    out = []
    for name, label, need in TABS:
        if need == "hotline" and not (user.role_set & HOTLINE_ROLES):
            continue
        if need not in (None, "hotline") and not allowed(user, need):
            continue
        try:
            out.append((name, label, reverse(f"hotline:{name}")))
        except NoReverseMatch:
            continue
    return out
