"""收文 pages: the 收文登记簿 (/documents/incoming/), 签收 (new/), 登记 with the scans (<id>/register/),
and a document's page with the steps the user may take now, who holds it, and its 传阅 history.

Each step is a POST to /documents/incoming/<id>/<step>/; the form is parsed, incoming.py decides
(role, unit, holder, state) and on a refusal the page comes back with the form as typed and the
reason in Chinese (status 400).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.clocks.lights import light, light_title
from zhongshu.core.errors import TransitionRefused, UserError
from zhongshu.core.files import attachments_for
from zhongshu.org.scope import get_visible_or_404, unit_range
from zhongshu.web.forms import form_errors
from zhongshu.web.steps import post_step

from . import forms as f
from . import incoming as inc
from .choices import CIRCULATING_STATES, OPEN_STATES, IncomingState, RequestState
from .models import IncomingDocument
from .permissions import INCOMING, may_incoming, may_see_incoming
from .todo import listed

S = IncomingState
PAGE_SIZE = 50


def _forbidden(request, reason: str, title: str = "收文"):
    return render(request, "documents/forbidden.html", {"reason": reason, "title": title}, status=403)


def _visible(request, pk):
    return get_visible_or_404(IncomingDocument.objects.select_related(
        "holder", "holder__unit", "holder_unit", "lead_unit", "clock", "received_by", "registered_by", "reviewed_by",
        "proposed_by", "proposed_leader", "proposed_unit", "directed_by", "completed_by", "archived_by"),
        request.user, pk=pk)




# --- 收文登记簿 ------------------------------------------------------------------------------------
def filtered(user, params):
    """The documents `user` sees, filtered as the 登记簿's form says (also used by the API)."""
    form = f.IncomingFilterForm(params or None)
    qs = IncomingDocument.objects.restrict(user)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("state") == "open":
            qs = qs.filter(state__in=OPEN_STATES)
        elif data.get("state"):
            qs = qs.filter(state=data["state"])
        if data.get("unit"):
            unit = data["unit"]
            qs = qs.filter(Q(lead_unit__path__startswith=unit.path) | Q(co_units__path__startswith=unit.path)).distinct()
        if data.get("year"):
            qs = qs.filter(received_on__year=data["year"])
        if data.get("q"):
            q = data["q"].strip()
            qs = qs.filter(Q(title__icontains=q) | Q(doc_number__icontains=q) | Q(issuer__icontains=q)
                           | Q(number__icontains=q))
    return form, qs


@login_required
def incoming_list(request):
    user = request.user
    if not may_see_incoming(user):
        return _forbidden(request, "收文供业务人员使用；系统管理员、安全管理员、审计管理员不处理公文", "收文登记簿")
    form, qs = filtered(user, request.GET)
    todo = listed(user, request.GET.get("todo", ""), qs)
    if todo:
        qs = todo[1]
    qs = qs.select_related("holder", "holder__unit", "holder_unit", "lead_unit", "clock")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [{"doc": d, "light": light(d.clock, now) if d.clock_id else "none",
             "light_words": light_title(d.clock, now) if d.clock_id and d.state == S.HANDLING else ""}
            for d in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "documents/incoming_list.html", {
        "form": form, "rows": rows, "page": page, "query": query.urlencode(), "todo": todo[0] if todo else "",
        "clerk": may_incoming(user, "receive"), "wide": unit_range(user).everything or may_incoming(user, "receive")})


# --- 签收 and 登记 ----------------------------------------------------------------------------------
@login_required
def incoming_new(request):
    user = request.user
    if not may_incoming(user, "receive"):
        return _forbidden(request, "只有文秘（公文管理）可以签收来文", "签收来文")
    form = f.ReceiveForm(request.POST or None)
    error = ""
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                doc = inc.receive(user, issuer=d["issuer"], title=d["title"], copies=d["copies"], channel=d["channel"],
                                  received_on=d.get("received_on"))
                messages.success(request, f"已签收《{doc.title}》，请登记")
                return redirect(reverse("documents:incoming_register", args=[doc.pk]))
            except UserError as exc:
                error = exc.message
        else:
            error = form_errors(form)
    return render(request, "documents/incoming_new.html", {"form": form, "error": error},
                  status=400 if error else 200)


def _registration_initial(doc) -> dict:
    return {"title": doc.title, "issuer": doc.issuer, "doc_number": doc.doc_number, "secrecy": doc.secrecy,
            "urgency": doc.urgency, "written_on": doc.written_on, "copies": doc.copies,
            "received_on": doc.received_on, "channel": doc.channel, "summary": doc.summary}


@login_required
def incoming_register(request, pk: int):
    user = request.user
    doc = _visible(request, pk)
    if not may_incoming(user, "register", doc):
        return _forbidden(request, "只有文秘（公文管理）可以登记", "收文登记")
    if doc.state not in (S.RECEIVED, S.REGISTERED):
        messages.warning(request, f"{doc.get_state_display()}的收文不能再修改登记")
        return redirect(doc.get_absolute_url())
    errors: list[str] = []
    if request.method == "POST":
        form = f.RegisterForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            data = inc.Registration(title=d["title"], issuer=d["issuer"], doc_number=d["doc_number"],
                                    secrecy=d["secrecy"], urgency=d["urgency"], written_on=d.get("written_on"),
                                    copies=d["copies"], received_on=d.get("received_on"), channel=d["channel"],
                                    summary=d["summary"])
            first = doc.state == S.RECEIVED
            try:
                inc.register(doc, user, data, scans=d["scans"])
                messages.success(request, f"已登记，收文编号 {doc.number}" if first else "登记已修改")
                return redirect(doc.get_absolute_url())
            except UserError as exc:
                errors = list(exc.details) if isinstance(exc.details, list) else [exc.message]
        else:
            errors = [form_errors(form)]
    else:
        form = f.RegisterForm(initial=_registration_initial(doc))
    return render(request, "documents/incoming_register.html", {
        "doc": doc, "form": form, "errors": errors, "scans": attachments_for(doc, "scan")},
        status=400 if errors else 200)


# --- a document's page and its steps -------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    label: str
    form: type
    permission: str
    states: tuple
    run: Callable  # run(doc, user, cleaned_data)


def _review(doc, user, d):
    return inc.review(doc, user, accept=d["decision"] == "accept", reason=d.get("reason", ""))


def _decide(doc, user, d):
    pending = doc.requests.filter(state=RequestState.PENDING).first()
    if pending is None:
        raise TransitionRefused("没有待审批的退回或延期申请")
    return inc.decide(pending, user, approve=d["decision"] == "approve", comment=d.get("comment", ""))


STEPS = {
    "review": Step("初审", f.ReviewForm, "review", (S.REGISTERED,), _review),
    "propose": Step("拟办", f.ProposeForm, "propose", (S.REVIEWED,),
                    lambda doc, u, d: inc.propose(doc, u, opinion=d["opinion"], leader=d["leader"], unit=d.get("unit"))),
    "direct": Step("批办", f.DirectForm, "direct", (S.PROPOSED,),
                   lambda doc, u, d: inc.direct(doc, u, opinion=d["opinion"], lead_unit=d.get("lead_unit"),
                                                co_units=list(d.get("co_units") or []), deadline=d.get("deadline"))),
    "read": Step("圈阅", f.ReadForm, "read", CIRCULATING_STATES,
                 lambda doc, u, d: inc.read(doc, u, comment=d.get("comment", ""))),
    "circulate": Step("传阅", f.CirculateForm, "circulate", CIRCULATING_STATES,
                      lambda doc, u, d: inc.circulate(doc, u, to=d["to"], note=d.get("note", ""))),
    "handle": Step("填报办理情况", f.HandleForm, "handle", (S.HANDLING,),
                   lambda doc, u, d: inc.handle(doc, u, text=d["text"])),
    "complete": Step("办结", f.CompleteForm, "complete", (S.HANDLING,),
                     lambda doc, u, d: inc.complete(doc, u, result=d["result"], files=d.get("files") or [])),
    "decline": Step("申请退回", f.DeclineForm, "decline", (S.HANDLING,),
                    lambda doc, u, d: inc.ask(doc, u, kind="decline", reason=d["reason"])),
    "extend": Step("申请延期", f.ExtendForm, "extend", (S.HANDLING,),
                   lambda doc, u, d: inc.ask(doc, u, kind="extend", reason=d["reason"], until=d["until"])),
    "decide": Step("审批申请", f.DecideRequestForm, "decide", (S.HANDLING,), _decide),
    "remind": Step("催办", f.RemindForm, "remind", (S.HANDLING,),
                   lambda doc, u, d: inc.remind(doc, u, note=d.get("note", ""))),
    "archive": Step("归档", f.ArchiveForm, "archive", (S.DONE,),
                    lambda doc, u, d: inc.archive(doc, u, retention=d["retention"], note=d.get("note", ""))),
}
assert all(s.permission in INCOMING for s in STEPS.values())


def _unread_for(doc, user):
    return doc.movements.filter(to_user=user, read_at__isnull=True).order_by("-sent_at", "-id").first()


def detail_context(request, doc, bound: dict | None = None, error: str = "") -> dict:
    user, now, bound = request.user, timezone.now(), bound or {}
    steps = []
    last_to_user = doc.movements.order_by("-sent_at", "-id").first()
    requests = list(doc.requests.select_related("unit", "asked_by", "decided_by"))
    pending = next((r for r in requests if r.state == RequestState.PENDING), None)
    for name, step in STEPS.items():
        if doc.state not in step.states or not may_incoming(user, step.permission, doc):
            continue
        if name == "read" and (last_to_user is None or last_to_user.to_user_id != user.pk or last_to_user.read_at):
            continue  # 圈阅: only the paper one holds and has not read yet
        if (name == "decide") != (pending is not None) and name in ("decide", "decline", "extend"):
            continue  # one request at a time: ask while none is pending, decide while one is
        steps.append({"name": name, "label": step.label, "form": bound.get(name) or step.form(prefix=name),
                      "open": name in bound})
    return {
        "doc": doc, "now": now, "steps": steps, "error": error,
        "can_register": doc.state in (S.RECEIVED, S.REGISTERED) and may_incoming(user, "register", doc),
        "light": light(doc.clock, now) if doc.clock_id else "none",
        "light_words": light_title(doc.clock, now) if doc.clock_id and doc.state == S.HANDLING else "",
        "movements": doc.movements.select_related("from_user", "to_user", "to_unit"),
        "notes": doc.notes.select_related("by"),
        "scans": attachments_for(doc, "scan"), "results": attachments_for(doc, "result"),
        "co_units": list(doc.co_units.all()), "requests": requests, "pending": pending,
    }


@login_required
def incoming_detail(request, pk: int):
    doc = _visible(request, pk)
    return render(request, "documents/incoming_detail.html", detail_context(request, doc))


@login_required
@require_POST
def incoming_step(request, pk: int, step: str):
    doc = _visible(request, pk)
    spec = STEPS.get(step)
    if spec is None:
        raise Http404
    form = spec.form(request.POST, request.FILES, prefix=step)
    return post_step(request, label=spec.label, form=form, run=lambda d: spec.run(doc, request.user, d),
                     done_url=doc.get_absolute_url(),
                     page=lambda error, status: render(request, "documents/incoming_detail.html", detail_context(
                         request, _visible(request, pk), bound={step: form}, error=error), status=status))
