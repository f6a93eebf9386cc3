"""领导批示 pages: the 批示登记簿 (/instructions/), 登记 (new/, `?on=app.model:pk` for a 批示
written on a record of 中枢), a 批示's page with its rounds, the linked 督办 matters and their
tasks, the 办理情况报告 and only the steps the user may take now, and the monthly summary.

Each step is a POST to /instructions/<id>/<step>/ on the current round; transitions.py decides
(role, unit, state) and on a refusal the page comes back with the form as typed and the reason
in Chinese (status 400).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.core.downloads import DOCX, download
from zhongshu.core.errors import UserError
from zhongshu.core.files import attachments_for
from zhongshu.org.office import office_name
from zhongshu.org.scope import can_see_unit, get_visible_or_404
from zhongshu.supervision import TaskState, tasks_for
from zhongshu.web.forms import form_errors
from zhongshu.web.steps import post_step

from . import forms as f
from . import summary as sm
from . import transitions as tr
from .choices import OPEN_ROUND_STATES, InstructionState, RoundState
from .models import Instruction, Round
from .permissions import allowed, reason_refused, routed_units, units_for

R = RoundState
PAGE_SIZE = 50


def _forbidden(request, reason: str, title: str = "领导批示"):
    return render(request, "instructions/forbidden.html", {"reason": reason, "title": title}, status=403)


def _visible(request, pk):
    return get_visible_or_404(Instruction.objects.select_related("leader", "registered_by", "closed_by",
                                                                 "carrier_type"), request.user, pk=pk)


def _today() -> date:
    return timezone.localdate()


# --- 批示登记簿 ------------------------------------------------------------------------------------
def filtered(user, params):
    """The 批示 `user` sees, filtered as the 登记簿's form says (also used by the API)."""
    form = f.FilterForm(params or None)
    qs = Instruction.objects.restrict(user)
    if form.is_valid():
        data = form.cleaned_data
        state = data.get("state")
        if state == "open":
            qs = qs.filter(state=InstructionState.OPEN)
        elif state == "closed":
            qs = qs.filter(state=InstructionState.CLOSED)
        elif state:
            qs = qs.filter(state=InstructionState.OPEN, rounds__state=state)
        if data.get("leader"):
            qs = qs.filter(leader=data["leader"])
        if data.get("month"):
            year, month = map(int, data["month"].split("-"))
            qs = qs.filter(written_on__year=year, written_on__month=month)
        if data.get("q"):
            q = data["q"].strip()
            qs = qs.filter(Q(number__icontains=q) | Q(carrier_title__icontains=q) | Q(carrier_ref__icontains=q)
                           | Q(rounds__text__icontains=q))
    return form, qs.distinct()


def _current(inst) -> Round:
    return inst.rounds.order_by("-seq").first()


@login_required
def instruction_list(request):
    user = request.user
    form, qs = filtered(user, request.GET)
    page = Paginator(qs.select_related("leader"), PAGE_SIZE).get_page(request.GET.get("page"))
    rounds = {}
    for r in (Round.objects.filter(instruction__in=[i.pk for i in page.object_list]).select_related("lead_unit")
              .prefetch_related("co_units").order_by("instruction_id", "seq")):
        rounds[r.instruction_id] = r  # the latest round wins
    today = _today()
    rows = []
    for inst in page.object_list:
        r = rounds.get(inst.pk)
        rows.append({"inst": inst, "round": r, "units": routed_units(r) if r else [],
                     "overdue": r is not None and r.is_overdue(today)})
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "instructions/list.html", {
        "form": form, "rows": rows, "page": page, "query": query.urlencode(),
        "can_register": allowed(user, "register"), "can_summary": allowed(user, "summary")})


# --- 登记 -----------------------------------------------------------------------------------------
def carrier_from(value: str, user):
    """The record named by `?on=app.model:pk`, if `user` may see it (else UserError in Chinese)."""
    try:
        label, pk = value.split(":", 1)
        app_label, model = label.split(".", 1)
        obj = ContentType.objects.get_by_natural_key(app_label, model).model_class()._base_manager.get(pk=int(pk))
    except (ValueError, AttributeError, ObjectDoesNotExist):
        raise UserError("找不到要登记批示的文件或记录，请从文件页面重新进入", code="invalid_carrier") from None
    if not tr.may_see(user, obj):
        raise UserError("您无权查看该文件或记录，不能在其上登记批示", code="invalid_carrier")
    return obj


def _carrier_initial(obj) -> dict:
    title = getattr(obj, "title", "") or str(obj)
    ref = getattr(obj, "doc_number", "") or getattr(obj, "number", "") or ""
    return {"carrier_title": str(title)[:300], "carrier_ref": str(ref)[:100]}


@login_required
def instruction_new(request):
    user = request.user
    reason = reason_refused(user, "register")
    if reason:
        return _forbidden(request, reason, "登记批示")
    on = (request.POST.get("on") or request.GET.get("on") or "").strip()
    carrier, errors = None, []
    if on:
        try:
            carrier = carrier_from(on, user)
        except UserError as exc:
            return _forbidden(request, exc.message, "登记批示")
    if request.method == "POST":
        form = f.RegisterForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            data = tr.InstructionInput(leader=d["leader"], written_on=d["written_on"], text=d["text"],
                                       carrier_title=d["carrier_title"], carrier_ref=d["carrier_ref"], carrier=carrier)
            route = tr.RouteInput(lead_unit=d["lead_unit"], co_units=list(d["co_units"] or []),
                                  deadline=d.get("deadline"), note=d.get("route_note", "")) if d["route_now"] else None
            try:
                inst = tr.register(user, data, scan=d.get("scan"), route=route)
                messages.success(request, f"已登记批示 {inst.number}" + ("，并已转办" if route else "，请今日转办"))
                return redirect(inst.get_absolute_url())
            except UserError as exc:
                errors = list(exc.details) if isinstance(exc.details, list) else [exc.message]
        else:
            errors = [form_errors(form)]
    else:
        initial = {"written_on": _today(), "route_now": True}
        if carrier is not None:
            initial.update(_carrier_initial(carrier))
        form = f.RegisterForm(initial=initial)
    return render(request, "instructions/new.html", {"form": form, "errors": errors, "carrier": carrier, "on": on},
                  status=400 if errors else 200)


# --- a 批示's page and its steps -------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    label: str
    form: type
    states: tuple
    run: Callable  # run(round, user, cleaned_data)


def _route(r, user, d):
    return tr.route(r, user, tr.RouteInput(lead_unit=d["lead_unit"], co_units=list(d.get("co_units") or []),
                                           deadline=d.get("deadline"), note=d.get("route_note", "")))


def _report(r, user, d):
    return tr.report(r, user, unit=d["unit"], process=d["process"], situation=d["situation"],
                     suggestions=d.get("suggestions", ""), files=d.get("files") or [])


def _decide(r, user, d):
    return tr.decide(r, user, close=d["decision"] == "close", note=d.get("note", ""), text=d.get("text", ""))


STEPS = {
    "route": Step("转办", f.RouteForm, (R.TO_ROUTE,), _route),
    "report": Step("报送办理情况", f.ReportForm, (R.HANDLING, R.TO_SUBMIT), _report),
    "submit": Step("呈报领导", f.SubmitForm, (R.TO_SUBMIT,), lambda r, u, d: tr.submit(r, u, note=d.get("note", ""))),
    "decide": Step("阅示", f.DecideForm, (R.WITH_LEADER,), _decide),
}


def _form(name, step, round_, user, data=None, files=None):
    kwargs = {"units": units_for(user, round_)} if name == "report" else {}
    return step.form(data, files, prefix=name, **kwargs)


def _carrier_link(inst, user) -> str:
    if inst.carrier_type_id is None:
        return ""
    model = inst.carrier_type.model_class()
    obj = model._base_manager.filter(pk=inst.carrier_id).first() if model else None
    if obj is None or not hasattr(obj, "get_absolute_url") or not tr.may_see(user, obj):
        return ""
    return obj.get_absolute_url()


def detail_context(request, inst, bound: dict | None = None, error: str = "") -> dict:
    user, bound = request.user, bound or {}
    rounds = list(inst.rounds.select_related("leader", "lead_unit", "routed_by", "submitted_by", "decided_by")
                  .prefetch_related("co_units", "reports__unit", "reports__submitted_by").order_by("seq"))
    current = rounds[-1]
    today = _today()
    views = []
    for r in rounds:
        tasks = list(tasks_for(r))
        reports = list(r.reports.all())
        for rep in reports:
            rep.files = list(attachments_for(rep, "report"))
        views.append({"round": r, "tasks": tasks, "reports": reports,
                      "missing": tr.missing_units(r) if r.state in (R.HANDLING, R.TO_SUBMIT) else [],
                      "overdue": r.is_overdue(today)})
    steps = []
    for name, step in STEPS.items():
        if inst.state == InstructionState.OPEN and current.state in step.states and allowed(user, name, current):
            steps.append({"name": name, "label": step.label, "open": name in bound,
                          "form": bound.get(name) or _form(name, step, current, user),
                          "hint": _hint(name, views[-1]["tasks"], user)})
    parts = [v["round"] for v in views] + [rep for v in views for rep in v["reports"]]
    return {"inst": inst, "rounds": views, "current": current, "steps": steps, "error": error, "parts": parts,
            "scans": attachments_for(inst, "scan"), "carrier_link": _carrier_link(inst, user),
            "open": current.state in OPEN_ROUND_STATES}


def _hint(step: str, tasks, user) -> dict | None:
    """What to do in 督查督办 first: 签收 the task before 报送, review the 办结 before 呈报."""
    if step == "report":
        todo, text, anchor = [t for t in tasks if t.state == TaskState.ASSIGNED and can_see_unit(user, t.unit)], \
            "请先签收督办任务，再报送办理情况：", "zs-to-accept"
    elif step == "submit":
        todo, text, anchor = [t for t in tasks if t.state == TaskState.REVIEW], "呈报前请先在督查督办中审核办结申请：", \
            "zs-to-review"
    else:
        return None
    links = [{"url": t.get_absolute_url(), "label": f"{t.unit.name}的任务" if step == "report" else t.unit.name}
             for t in todo]
    return {"id": anchor, "text": text, "links": links} if links else None


@login_required
def instruction_detail(request, pk: int):
    inst = _visible(request, pk)
    return render(request, "instructions/detail.html", detail_context(request, inst))


@login_required
def round_redirect(request, pk: int):
    """Where a reminder about a round's clock leads: its 批示's page, at the round."""
    r = get_visible_or_404(Round.objects.select_related("instruction"), request.user, pk=pk)
    return redirect(r.get_absolute_url())


@login_required
@require_POST
def instruction_step(request, pk: int, step: str):
    inst = _visible(request, pk)
    spec = STEPS.get(step)
    if spec is None:
        raise Http404
    current = _current(inst)
    form = _form(step, spec, current, request.user, request.POST, request.FILES)
    return post_step(request, label=spec.label, form=form, run=lambda d: spec.run(current, request.user, d),
                     done_url=inst.get_absolute_url(),
                     page=lambda error, status: render(request, "instructions/detail.html", detail_context(
                         request, _visible(request, pk), bound={step: form}, error=error), status=status))


# --- 月报 ------------------------------------------------------------------------------------------
def _month(value: str | None) -> tuple[int, int]:
    today = _today()
    try:
        year, month = map(int, (value or "").split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    return today.year, today.month


@login_required
def summary_page(request):
    reason = reason_refused(request.user, "summary")
    if reason:
        return _forbidden(request, reason, "批示月报")
    year, month = _month(request.GET.get("month"))
    s = sm.monthly(request.user, year, month, today=_today())
    if request.GET.get("format") == "docx":
        return download(sm.summary_docx(s, office=office_name()), f"{s.title}.docx", DOCX)
    return render(request, "instructions/summary.html", {"s": s, "counts": s.counts, "month": f"{year}-{month:02d}",
                                                        "list_url": reverse("instructions:list")})
