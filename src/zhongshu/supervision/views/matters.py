"""A matter: 立项 (the register form), its page with the task tree, and the office's steps on it
(分解, 交办, 销号, 评价, 回头看, 挂牌督办, 中止)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from zhongshu.core.errors import UserError
from zhongshu.core.files import attach, attachments_for, validate_upload
from zhongshu.org.scope import get_visible_or_404

from .. import forms as f
from .. import registration
from .. import transitions as t
from ..choices import MatterState, TaskState
from ..ledger import page_lights
from ..models import Matter, Recheck
from ..permissions import allowed, check, reason_refused
from .common import Step, form_errors, post_step


def _visible_matter(request, pk):
    return get_visible_or_404(Matter.objects.select_related("leader", "lead_unit", "registered_by", "rated_by",
                                                            "closed_by", "assigned_by"), request.user, pk=pk)


DECOMPOSABLE = (MatterState.DRAFT, MatterState.ACTIVE)
OPEN = (MatterState.ACTIVE, MatterState.AWAITING_CLOSE)
MATTER_STEPS = {
    "assign": Step("交办", f.StyledForm, "assign", (MatterState.DRAFT, *OPEN), lambda m, u, d, files: t.assign(m, u)),
    "close": Step("销号", f.StyledForm, "close", (MatterState.AWAITING_CLOSE,), lambda m, u, d, files: t.close(m, u)),
    "rate": Step("评价", f.RateForm, "rate", (MatterState.AWAITING_CLOSE, MatterState.CLOSED),
                 lambda m, u, d, files: t.rate(m, u, rating=d["rating"], comment=d.get("comment", ""))),
    "flag": Step("挂牌督办", f.ReasonForm, "flag", OPEN,
                 lambda m, u, d, files: t.flag(m, u, flagged=True, reason=d["reason"])),
    "unflag": Step("摘牌", f.StyledForm, "flag", OPEN, lambda m, u, d, files: t.flag(m, u, flagged=False)),
    "suspend": Step("中止", f.ReasonForm, "suspend", (MatterState.DRAFT, *OPEN),
                    lambda m, u, d, files: t.suspend(m, u, reason=d["reason"])),
    "task": Step("任务分解", f.TaskForm, "decompose", DECOMPOSABLE,
                 lambda m, u, d, files: registration.add_task(m, u, **{k: d[k] for k in (
                     "unit", "role", "title", "deadline", "weight", "owner_name", "owner_phone")})),
}


def _step_visible(name, matter, user) -> bool:
    step = MATTER_STEPS[name]
    if matter.state not in step.states or not allowed(user, step.permission, matter):
        return False
    if name == "assign":
        return matter.tasks.filter(state=TaskState.DRAFT).exists()
    if name == "flag":
        return not matter.flagged
    if name == "unflag":
        return matter.flagged
    return True


def source_record(matter):
    """(label, url) of the record in 中枢 the matter came from (a 批示, a meeting decision …), if any."""
    if not matter.source_type_id or not matter.source_id:
        return None
    model = matter.source_type.model_class()
    obj = model.objects.filter(pk=matter.source_id).first() if model else None
    if obj is None:
        return None
    getter = getattr(obj, "get_absolute_url", None)
    return str(obj), getter() if callable(getter) else ""


def matter_context(request, matter, bound=None) -> dict:
    user, now = request.user, timezone.now()
    bound = bound or {}
    lights = page_lights([matter], now)[matter.pk]
    tasks = lights["tasks"]
    top = [tk for tk in tasks if tk.parent_id is None]
    children = {}
    for tk in tasks:
        if tk.parent_id:
            children.setdefault(tk.parent_id, []).append(tk)
    steps = [{"name": n, "label": s.label, "form": bound.get(n) or s.form(prefix=n), "open": n in bound}
             for n, s in MATTER_STEPS.items() if _step_visible(n, matter, user)]
    rechecks = list(matter.rechecks.select_related("done_by"))
    recheck_form = None
    pending = [r for r in rechecks if not r.result]
    if pending and matter.state == MatterState.CLOSED and allowed(user, "recheck", matter):
        recheck_form = bound.get("recheck") or f.RecheckForm(prefix="recheck")
    return {
        "matter": matter, "now": now, "light": lights["light"], "overdue": lights["overdue"],
        "rows": [(tk, children.get(tk.pk, [])) for tk in top],
        "co_units": list(matter.co_units.all()), "steps": steps,
        "rechecks": rechecks, "pending_recheck": pending[0] if pending else None, "recheck_form": recheck_form,
        "docs": matter.docs.select_related("unit").order_by("-issued_at", "-id"),
        "attachments": attachments_for(matter),
        "can_decompose": matter.state in (MatterState.DRAFT, MatterState.ACTIVE) and allowed(user, "decompose", matter),
        "can_edit": matter.state == MatterState.DRAFT and allowed(user, "edit", matter),
        "source_record": source_record(matter),
    }


@login_required
def matter_detail(request, pk: int):
    matter = _visible_matter(request, pk)
    return render(request, "supervision/matter_detail.html", matter_context(request, matter))


def _page_again(request, matter_pk, name):
    def page(form, error):
        context = matter_context(request, _visible_matter(request, matter_pk), bound={name: form})
        context["error"] = error
        return render(request, "supervision/matter_detail.html", context, status=400)

    return page


@login_required
@require_POST
def matter_step(request, pk: int, step: str):
    matter = _visible_matter(request, pk)
    spec = MATTER_STEPS.get(step)
    if spec is None:
        raise Http404
    return post_step(request, spec.label, spec.form(request.POST, prefix=step),
                     lambda d: spec.run(matter, request.user, d, []), back=matter.get_absolute_url(),
                     page=_page_again(request, pk, step))


@login_required
@require_http_methods(["GET", "POST"])
def recheck_record(request, pk: int):
    """GET (a reminder's link): the matter's page at its 回头看; POST: record the result."""
    recheck = get_visible_or_404(Recheck.objects.select_related("matter"), request.user, pk=pk)
    if request.method == "GET":
        return redirect(recheck.matter.get_absolute_url() + "#zs-rechecks")
    return post_step(request, "回头看", f.RecheckForm(request.POST, prefix="recheck"),
                     lambda d: t.record_recheck(recheck, request.user, result=d["result"], findings=d["findings"],
                                                method=d["method"], redo_workdays=d.get("redo_workdays")),
                     back=recheck.matter.get_absolute_url(), page=_page_again(request, recheck.matter_id, "recheck"))


def _input_from(form) -> registration.MatterInput:
    d = form.cleaned_data
    return registration.MatterInput(
        title=d["title"], lead_unit=d["lead_unit"], deadline=d["deadline"], co_units=list(d["co_units"]),
        leader=d.get("leader"), number=d.get("number") or "", source=d["source"], source_ref=d.get("source_ref", ""),
        basis=d.get("basis", ""), category=d.get("category", ""), target=d.get("target", ""),
        report_cycle=d["report_cycle"], report_day=d.get("report_day"), importance=d["importance"],
        method=d["method"], recheck_months=d.get("recheck_months"), milestones=d.get("milestones") or [],
        source_obj=None)


@login_required
@require_http_methods(["GET", "POST"])
def matter_create(request):
    refused = reason_refused(request.user, "register")
    if refused:
        return render(request, "supervision/forbidden.html", {"reason": refused}, status=403)
    form = f.MatterForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST":
        if form.is_valid():
            try:
                files = form.cleaned_data.get("files") or []
                for upload in files:
                    validate_upload(upload)
                with transaction.atomic():
                    matter = registration.register_matter(request.user, _input_from(form))
                    for upload in files:
                        attach(matter, upload, by=request.user, purpose="material")
            except UserError as exc:
                error = exc.message
            else:
                messages.success(request, f"立项成功：{matter.number}。请核对任务分解后交办。")
                return redirect(matter.get_absolute_url())
        else:
            error = form_errors(form)
    return render(request, "supervision/matter_form.html", {"form": form, "error": error}, status=400 if error else 200)


def _initial(matter) -> dict:
    return {"number": matter.number, "title": matter.title, "source": matter.source, "source_ref": matter.source_ref,
            "basis": matter.basis, "category": matter.category, "leader": matter.leader_id,
            "lead_unit": matter.lead_unit_id, "co_units": [u.pk for u in matter.co_units.all()],
            "target": matter.target, "deadline": matter.deadline, "report_cycle": matter.report_cycle,
            "report_day": matter.report_day, "importance": matter.importance, "method": matter.method,
            "recheck_months": matter.recheck_months}


@login_required
@require_http_methods(["GET", "POST"])
def matter_edit(request, pk: int):
    matter = _visible_matter(request, pk)
    refused = reason_refused(request.user, "edit", matter)
    if refused:
        return render(request, "supervision/forbidden.html", {"reason": refused}, status=403)
    form = f.MatterForm(request.POST or None, initial=_initial(matter))
    form.fields.pop("milestones")
    form.fields.pop("files")
    error = None
    if request.method == "POST":
        if form.is_valid():
            try:
                registration.update_matter(matter, request.user, _input_from(form))
            except UserError as exc:
                error = exc.message
            else:
                messages.success(request, "已保存修改")
                return redirect(matter.get_absolute_url())
        else:
            error = form_errors(form)
    return render(request, "supervision/matter_form.html", {"form": form, "error": error, "matter": matter},
                  status=400 if error else 200)


@login_required
@require_POST
def task_remove(request, pk: int, task_pk: int):
    matter = _visible_matter(request, pk)
    task = matter.tasks.filter(pk=task_pk).first()
    if task is None:
        raise Http404
    try:
        check(request.user, "decompose", matter)
        registration.remove_task(task, request.user)
    except UserError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已删除任务")
    return redirect(matter.get_absolute_url())
