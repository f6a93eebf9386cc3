"""What every 督查督办 page view shares: running a step and telling the user how it went."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect

from zhongshu.core.errors import UserError


def form_errors(form) -> str:
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}：{'，'.join(errors)}" if label else "，".join(errors))
    return "；".join(parts)


def run_step(request, label: str, fn, *, back: str):
    """Call `fn()`; on success say so and go `back`, on a refusal show the Chinese reason.

    Returns (response, error): the caller re-renders its page with the bound form when error
    is not None (so nothing the user typed is lost)."""
    try:
        fn()
    except UserError as exc:
        return None, exc.message
    messages.success(request, f"{label}成功")
    return redirect(back), None


def post_step(request, label: str, form, run, *, back: str, page):
    """Validate `form` and run the step (`run(cleaned_data)`). Done: a message and a redirect to
    `back`. Invalid or refused: `page(form, error)` shows the page again (status 400) with the
    form as typed and the Chinese reason."""
    if form.is_valid():
        response, error = run_step(request, label, lambda: run(form.cleaned_data), back=back)
        if response:
            return response
    else:
        error = form_errors(form)
    return page(form, f"{label}未完成：{error}")


@dataclass(frozen=True)
class Step:
    """A step offered on a page: its button label, its form, the permission and the states that
    offer it, and `run(subject, user, cleaned_data, files)` which calls transitions.py."""

    label: str
    form: type
    permission: str
    states: tuple
    run: Callable
