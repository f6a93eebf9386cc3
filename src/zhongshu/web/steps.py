"""A step posted from a record's page (签收, 转办, 核稿, 印发 …), the same way in every app:

    return post_step(request, label="转办", form=form, run=lambda data: tr.route(round_, user, …),
                     done_url=inst.get_absolute_url(),
                     page=lambda error, status: render(request, "…/detail.html", context(error), status=status))

The form is parsed; the app's transition decides (role, unit, state, input) and its refusal comes
back as the page with the form as typed and the reason in Chinese: status 403 when the user may
not take the step, 409 when the record's state does not allow it, 400 for what was typed. On
success the user is sent to `done_url` with "<label>成功".
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect

from zhongshu.core.errors import UserError

from .forms import form_errors


def post_step(request, *, label: str, form, run: Callable, done_url: str, page: Callable):
    status = 400
    if form.is_valid():
        try:
            run(form.cleaned_data)
            messages.success(request, f"{label}成功")
            return redirect(done_url)
        except UserError as exc:
            error, status = exc.message, (exc.status if exc.status in (403, 409) else 400)
    else:
        error = form_errors(form)
    return page(f"{label}未完成：{error}", status)
