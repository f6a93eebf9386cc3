"""A task's page and every step on it (签收, 反馈, 延期, 协调, 退回, 办结申请, 催办, 督办) and on its
requests (延期审批, 协调答复, 退回处理, 办结审核).

Each step is a POST to /supervision/tasks/<id>/<step>/ (or to the request's URL); the form is
validated, the step is run by transitions.py (which checks role, unit and state), and on a
refusal the page is shown again with the form as typed and the reason in Chinese.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.clocks.lights import light_title
from zhongshu.core.files import attachments_for
from zhongshu.org.scope import get_visible_or_404

from .. import forms as f
from .. import transitions as t
from ..choices import RequestState, TaskState
from ..ledger import task_light
from ..models import CompletionRequest, CoordinationRequest, ExtensionRequest, ReturnRequest, Task
from ..permissions import allowed
from .common import Step, post_step

OPEN = (TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.RETURNED, TaskState.REVIEW)
TASK_STEPS = {
    "accept": Step("签收", f.StyledForm, "accept", (TaskState.ASSIGNED,), lambda tk, u, d, files: t.accept(tk, u)),
    "report": Step("进展反馈", f.ReportForm, "report", (TaskState.IN_PROGRESS,),
                   lambda tk, u, d, files: t.report(tk, u, t.ReportInput(**d))),
    "extension": Step("申请延期", f.ExtensionForm, "request_extension", (TaskState.ASSIGNED, TaskState.IN_PROGRESS),
                      lambda tk, u, d, files: t.request_extension(tk, u, new_deadline=d["new_deadline"],
                                                                  reason=d["reason"])),
    "coordination": Step("申请协调", f.CoordinationForm, "request_coordination", (TaskState.IN_PROGRESS,),
                         lambda tk, u, d, files: t.request_coordination(tk, u, leader=d["leader"], issue=d["issue"])),
    "return": Step("退回", f.ReturnForm, "return", (TaskState.ASSIGNED, TaskState.IN_PROGRESS),
                   lambda tk, u, d, files: t.return_task(tk, u, reason=d["reason"],
                                                         suggested_unit=d.get("suggested_unit"))),
    "completion": Step("申请办结", f.CompletionForm, "request_completion", (TaskState.IN_PROGRESS,),
                       lambda tk, u, d, files: t.request_completion(tk, u, result=d["result"], files=files)),
    "remind": Step("催办", f.OptionalNoteForm, "remind", (TaskState.ASSIGNED, TaskState.IN_PROGRESS),
                   lambda tk, u, d, files: t.remind(tk, u, note=d.get("reason", ""))),
    "escalate": Step("督办", f.ReasonForm, "escalate", OPEN, lambda tk, u, d, files: t.escalate(tk, u, reason=d["reason"])),
}


def _visible_task(request, pk):
    return get_visible_or_404(Task.objects.select_related(
        "matter", "matter__leader", "matter__lead_unit", "unit", "clock", "accept_clock", "report_clock",
        "parent", "latest_report"), request.user, pk=pk)


def report_initial(task, user) -> dict:
    """The report form pre-filled from the last report, so the unit only edits what changed."""
    last = t.last_report(task)
    if last is None:
        return {"progress": task.progress, "handler": getattr(user, "full_name", ""),
                "phone": getattr(user, "phone", "")}
    return {"progress": last.progress, "done": last.done, "problems": last.problems,
            "needs_coordination": last.needs_coordination, "next_steps": last.next_steps,
            "handler": last.handler, "phone": last.phone}


def task_context(request, task, bound: dict | None = None) -> dict:
    user, now = request.user, timezone.now()
    bound = bound or {}
    steps = []
    report_note = t.report_blocked(task, now) if task.state == TaskState.IN_PROGRESS else None
    for name, step in TASK_STEPS.items():
        if name == "report" and report_note and name not in bound:
            continue  # this period is reported: the form comes back when the next one opens
        if task.state in step.states and allowed(user, step.permission, task):
            if name == "report":
                form = bound.get(name) or step.form(initial=report_initial(task, user), prefix=name)
            else:
                form = bound.get(name) or step.form(prefix=name)
            steps.append({"name": name, "label": step.label, "form": form, "open": name in bound})
    period = t.current_period(task, now) if task.state == TaskState.IN_PROGRESS else None
    extensions = list(task.extensions.select_related("requested_by", "unit_decided_by", "office_decided_by"))
    completions = list(task.completions.select_related("submitted_by", "reviewed_by"))
    evidence = {c.pk: list(attachments_for(c)) for c in completions}
    return {
        "task": task, "matter": task.matter, "now": now, "light": task_light(task, now),
        "light_words": light_title(task.light_clock, now) if task.light_clock else "",
        "steps": steps, "period": period, "report_note": report_note,
        "reports": task.reports.select_related("submitted_by"),
        "extensions": [(e, _decision_form(user, e, bound)) for e in extensions],
        "coordinations": [(c, f.AnswerForm(prefix=f"answer{c.pk}") if c.state == RequestState.PENDING
                           and allowed(user, "answer_coordination", c) else None)
                          for c in task.coordinations.select_related("leader", "requested_by", "replied_by")],
        "returns": [(r, f.DecideReturnForm(prefix=f"return{r.pk}") if r.state == RequestState.PENDING
                     and allowed(user, "decide_return", r) else None)
                    for r in task.returns.select_related("requested_by", "suggested_unit", "new_unit", "decided_by")],
        "completions": [(c, evidence[c.pk], f.ReviewForm(prefix=f"review{c.pk}") if c.state == RequestState.PENDING
                         and allowed(user, "review", c) else None) for c in completions],
        "children": [(c, task_light(c, now)) for c in task.children.select_related("clock", "accept_clock", "unit")],
        "docs": task.docs.all(),
    }


def _decision_form(user, ext, bound):
    if ext.state == RequestState.PENDING_UNIT and allowed(user, "approve_extension_unit", ext):
        return f.DecisionForm(prefix=f"ext{ext.pk}")
    if ext.state == RequestState.PENDING_OFFICE and allowed(user, "approve_extension_office", ext):
        return f.DecisionForm(prefix=f"ext{ext.pk}")
    return None


@login_required
def task_detail(request, pk: int):
    task = _visible_task(request, pk)
    return render(request, "supervision/task_detail.html", task_context(request, task))


def _page_again(request, task_pk, bound=None):
    def page(form, error):
        context = task_context(request, _visible_task(request, task_pk), bound=bound(form) if bound else None)
        context["error"] = error
        return render(request, "supervision/task_detail.html", context, status=400)

    return page


@login_required
@require_POST
def task_step(request, pk: int, step: str):
    task = _visible_task(request, pk)
    spec = TASK_STEPS.get(step)
    if spec is None:
        raise Http404
    form = spec.form(request.POST, request.FILES, prefix=step)
    return post_step(request, spec.label, form,
                     lambda d: spec.run(task, request.user, d, d.get("files") or []),
                     back=task.get_absolute_url(), page=_page_again(request, pk, lambda form: {step: form}))


# --- decisions on a task's requests ------------------------------------------------------------
def _decide(request, model, pk, prefix, form_class, label, fn):
    item = get_visible_or_404(model.objects.select_related("task"), request.user, pk=pk)
    form = form_class(request.POST, prefix=f"{prefix}{item.pk}")
    return post_step(request, label, form, lambda d: fn(item, d), back=item.task.get_absolute_url(),
                     page=_page_again(request, item.task_id))


@login_required
@require_POST
def extension_decide(request, pk: int):
    return _decide(request, ExtensionRequest, pk, "ext", f.DecisionForm, "延期审批",
                   lambda ext, d: t.decide_extension(ext, request.user, approve=d["approve"], comment=d["comment"]))


@login_required
@require_POST
def coordination_answer(request, pk: int):
    return _decide(request, CoordinationRequest, pk, "answer", f.AnswerForm, "答复协调申请",
                   lambda item, d: t.answer_coordination(item, request.user, reply=d["reply"]))


@login_required
@require_POST
def return_decide(request, pk: int):
    return _decide(request, ReturnRequest, pk, "return", f.DecideReturnForm, "处理退回",
                   lambda item, d: t.decide_return(item, request.user, reassign_to=d.get("reassign_to"),
                                                   comment=d.get("comment", ""), new_deadline=d.get("new_deadline")))


@login_required
@require_POST
def completion_review(request, pk: int):
    return _decide(request, CompletionRequest, pk, "review", f.ReviewForm, "审核",
                   lambda item, d: t.review_completion(item, request.user, accept=d["accept"],
                                                       comment=d.get("comment", ""),
                                                       redo_workdays=d.get("redo_workdays")))
