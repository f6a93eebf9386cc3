"""Ticket pages: 受理 (intake), 工单 (the scoped queue with its tabs per role), the ticket page with
every step the user may take now, and the 派单目录.

Every POST goes through intake.receive or a transitions.py function, which check role, unit and
state; a refusal shows the page again with what was typed and the Chinese reason (never a 500).
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.clocks.lights import light, light_q, light_title
from zhongshu.clocks.models import Clock, ClockState
from zhongshu.core.errors import PermissionDenied, TransitionRefused, UserError
from zhongshu.org.models import OrgUnit
from zhongshu.org.roles import HOTLINE_ROLES
from zhongshu.org.scope import get_visible_or_404, sees_all_of, unit_range

from .. import forms as f
from .. import transitions as t
from ..catalogue import entry_for
from ..choices import (
    AT_UNIT,
    DONE_STATES,
    OPEN_STATES,
    RequestState,
    RequestType,
    Satisfaction,
    TicketState,
)
from ..intake import TicketInput, receive
from ..models import CatalogueEntry, Category, ExtensionRequest, KnowledgeEntry, Ticket, TimeLimitRule
from ..permissions import AGENT, DISPATCH, HEAD, UNIT_WRITERS, allowed, caller_for, reason_refused
from .common import Step, forbidden, post_step, tabs

log = logging.getLogger(__name__)

PAGE_SIZE = 50
CLOCK_KINDS = {"hotline.dispatch": "派单时限", "hotline.accept": "签收时限", "hotline.handle": "办理时限",
               "hotline.callback": "回访时限"}
OPEN_CLOCK = (ClockState.RUNNING, ClockState.PAUSED)
COLOR_RANK = {"red": 3, "yellow": 2, "green": 1, "none": 0}


def _ticket_ct():
    return ContentType.objects.get_for_model(Ticket)


def _open_clocks(ids) -> dict[int, list]:
    """{ticket id: [open clocks]} in one query."""
    out: dict[int, list] = {}
    if not ids:
        return out
    for clock in Clock.objects.filter(content_type=_ticket_ct(), object_id__in=list(ids), state__in=OPEN_CLOCK,
                                      kind__in=list(CLOCK_KINDS)).order_by("due_at"):
        out.setdefault(clock.object_id, []).append(clock)
    return out


def _worst(clocks, now):
    """(colour, words, the clock) of the most pressing open clock; ("none", "", None) without one."""
    best = ("none", "", None)
    for clock in clocks:
        color = light(clock, now)
        if best[2] is None or COLOR_RANK[color] > COLOR_RANK[best[0]]:
            best = (color, light_title(clock, now), clock)
    return best


# --- 受理 ----------------------------------------------------------------------------------------
def _intake_page(request, form, errors=(), status=200):
    return render(request, "hotline/intake.html", {"form": form, "errors": list(errors), "tabs": tabs(request.user),
                                                   "tab": "intake"}, status=status)


@login_required
def intake(request):
    reason = reason_refused(request.user, "receive")
    if reason:
        return forbidden(request, reason)
    if request.method != "POST":
        return _intake_page(request, f.IntakeForm())
    form = f.IntakeForm(request.POST)
    if not form.is_valid():
        return _intake_page(request, form, status=400)
    d = form.cleaned_data
    data = TicketInput(description=d["description"], title=d["title"], channel=d["channel"],
                       caller_name=d["caller_name"], caller_phone=d["caller_phone"], confidential=d["confidential"],
                       category=d["category"], request_type=d["request_type"], urgency=d["urgency"],
                       location=d["location"])
    try:
        ticket = receive(data, by=request.user)
    except PermissionDenied as exc:
        return forbidden(request, exc.message)
    except UserError as exc:
        details = list(exc.details or [exc.message])
        for text in details:
            for word, name in f.ERROR_FIELDS:
                if text.startswith(word):
                    form.add_error(name, text)
                    break
        return _intake_page(request, form, details, status=400)
    messages.success(request, f"已受理，工单编号 {ticket.number}")
    return redirect(ticket.get_absolute_url())


# --- 工单 (the queue) -----------------------------------------------------------------------------
def _pending_extension_ids():
    return ExtensionRequest.objects.filter(state=RequestState.PENDING).values("ticket_id")


# (key, label, roles that see the tab, condition)
QUEUE_TABS = (
    ("to_dispatch", "待派单", DISPATCH, lambda: Q(state=TicketState.RECEIVED)),
    ("returned", "退单待审", DISPATCH, lambda: Q(state=TicketState.RETURNED)),
    ("to_close", "待办结审核", DISPATCH, lambda: Q(state=TicketState.REPLIED)),
    ("extension", "延期待批", DISPATCH, lambda: Q(pk__in=_pending_extension_ids())),
    ("to_accept", "待签收", UNIT_WRITERS, lambda: Q(state=TicketState.DISPATCHED)),
    ("handling", "办理中", UNIT_WRITERS, lambda: Q(state=TicketState.HANDLING)),
    ("callback", "待回访", AGENT, lambda: Q(state=TicketState.CLOSED)),
    ("disputed", "派单异议", HEAD, lambda: Q(state=TicketState.DISPUTED)),
)

# ?kpi=… from the KPI page: the tickets behind one number
KPI_FILTERS = {
    "open": ("未办结", lambda now: Q(state__in=OPEN_STATES)),
    "done": ("已办结", lambda now: Q(state__in=DONE_STATES)),
    "accepted_late": ("逾期签收", lambda now: Q(accepted_late=True)),
    "replied_late": ("逾期答复", lambda now: Q(replied_late=True)),
    "returned": ("发生退单", lambda now: Q(returns__gt=0)),
    "satisfied": ("满意", lambda now: Q(satisfaction=Satisfaction.SATISFIED)),
    "basic": ("基本满意", lambda now: Q(satisfaction=Satisfaction.BASIC)),
    "unsatisfied": ("不满意", lambda now: Q(satisfaction=Satisfaction.UNSATISFIED)),
    "unit_at_fault": ("不满意（承办单位原因）", lambda now: Q(unit_at_fault=True)),
    "called_back": ("已回访", lambda now: Q(callback_at__isnull=False)),
    "direct": ("直接答复", lambda now: Q(closed_how="direct")),
    "overdue": ("逾期未办结", lambda now: Q(pk__in=_light_ids("red", now))),
}

SORTS = {"-received": ("受理时间由近到远", ("-received_at", "-id")), "received": ("受理时间由远到近", ("received_at", "id")),
         "due": ("时限由近到远", ("due", "-received_at")), "state": ("状态", ("state", "-received_at"))}
LIGHTS = (("red", "红灯"), ("yellow", "黄灯"), ("green", "绿灯"), ("none", "无（未计时）"))


def _kpi_metric(name):
    """The KPI module when `name` is one of its counts (kpi.filter_q is the exact set behind it)."""
    try:
        from .. import kpi
    except ImportError:  # pragma: no cover - the KPI page not installed
        return None
    return kpi if name in getattr(kpi, "COUNTS", ()) else None


def _light_ids(color, now):
    clocks = Clock.objects.filter(content_type=_ticket_ct(), kind__in=list(CLOCK_KINDS), state__in=OPEN_CLOCK)
    return clocks.filter(light_q(color, now)).values("object_id")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _day(value, what, errors):
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(f"{what}格式不正确：{value[:20]}（如 2026-03-01）")
        return None


def _moment(day: date, end=False) -> datetime:
    moment = datetime.combine(day + timedelta(days=1) if end else day, time.min)
    return timezone.make_aware(moment, timezone.get_current_timezone())


def _queue_filters(request, now):
    """(Q, the filters as given, errors)."""
    g, errors, cond = request.GET, [], Q()
    flt = {k: g.get(k, "").strip() for k in ("state", "unit", "category", "type", "light", "from", "to", "q", "kpi",
                                            "sort", "tab")}
    if flt["state"] in TicketState.values:
        cond &= Q(state=flt["state"])
    else:
        flt["state"] = ""
    unit_id = _int(flt["unit"])
    if unit_id:
        cond &= Q(unit_id=unit_id)
    elif flt["unit"] == "none":  # the KPI table's row of tickets without a unit
        cond &= Q(unit__isnull=True)
    flt["unit"] = unit_id
    cat_id = _int(flt["category"])
    cat = Category.objects.filter(pk=cat_id).only("id", "full_name").first() if cat_id else None
    if cat is not None:
        cond &= Q(category_id=cat.pk) | Q(category__full_name__startswith=f"{cat.full_name} / ")
    flt["category"] = cat.pk if cat else None
    if flt["type"] in RequestType.values:
        cond &= Q(request_type=flt["type"])
    else:
        flt["type"] = ""
    if flt["light"] in dict(LIGHTS):
        if flt["light"] == "none":
            cond &= ~Q(pk__in=Clock.objects.filter(content_type=_ticket_ct(), kind__in=list(CLOCK_KINDS),
                                                   state=ClockState.RUNNING).values("object_id"))
        else:
            cond &= Q(pk__in=_light_ids(flt["light"], now))
    else:
        flt["light"] = ""
    start, end = _day(flt["from"], "开始日期", errors), _day(flt["to"], "结束日期", errors)
    metric = _kpi_metric(flt["kpi"])
    if metric is not None and start and end and start <= end:
        # a count of the KPI table: its own cohort (受理口径 by received_at, 办结口径 by closed_at)
        cond &= metric.filter_q(flt["kpi"], metric.Period(start, end))
        flt["kpi_label"] = f"{metric.COUNT_LABELS.get(flt['kpi'], flt['kpi'])}（按考核口径，{start} 至 {end}）"
        start = end = None
    elif metric is not None:
        errors.append("考核口径须同时给出开始和结束日期，已忽略")
        flt["kpi"] = ""
    if start:
        cond &= Q(received_at__gte=_moment(start))
    if end:
        cond &= Q(received_at__lt=_moment(end, end=True))
    if start and end and start > end:
        errors.append("开始日期不能晚于结束日期")
    if flt["q"]:
        words = flt["q"][:100]
        cond &= Q(title__icontains=words) | Q(number=words)
    if flt.get("kpi_label") or not flt["kpi"]:
        pass
    elif flt["kpi"] in KPI_FILTERS:
        cond &= KPI_FILTERS[flt["kpi"]][1](now)
        flt["kpi_label"] = KPI_FILTERS[flt["kpi"]][0]
    elif flt["kpi"]:
        errors.append(f"未知的考核口径：{flt['kpi'][:20]}，已忽略")
        flt["kpi"] = ""
    if flt["sort"] not in SORTS:
        flt["sort"] = "-received"
    return cond, flt, errors


def _user_tabs(user):
    roles = user.role_set
    return [(key, label, cond) for key, label, who, cond in QUEUE_TABS if roles & who]


@login_required
def queue(request):
    user, now = request.user, timezone.now()
    if unit_range(user).nothing and not sees_all_of(user, Ticket):
        return forbidden(request, "您没有可查看的热线工单范围")
    cond, flt, errors = _queue_filters(request, now)
    scoped = Ticket.objects.restrict(user)
    my_tabs = _user_tabs(user)
    counts = scoped.aggregate(**{key: Count("pk", filter=c()) for key, _, c in my_tabs}) if my_tabs else {}
    qs = scoped.filter(cond)
    tab = next((x for x in my_tabs if x[0] == flt["tab"]), None)
    if tab is not None:
        qs = qs.filter(tab[2]())
    else:
        flt["tab"] = ""
    if flt["sort"] == "due":
        due = Clock.objects.filter(content_type=_ticket_ct(), object_id=OuterRef("pk"), kind__in=list(CLOCK_KINDS),
                                   state__in=OPEN_CLOCK).order_by("due_at").values("due_at")[:1]
        qs = qs.annotate(due=Subquery(due))
    qs = qs.order_by(*SORTS[flt["sort"]][1]).select_related("unit", "category")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    tickets = list(page.object_list)
    clocks = _open_clocks([tk.pk for tk in tickets])
    rows = []
    for tk in tickets:
        color, words, clock = _worst(clocks.get(tk.pk, ()), now)
        name, phone = caller_for(user, tk, in_list=True)
        rows.append({"t": tk, "color": color, "words": words, "clock": clock, "caller": name, "phone": phone})
    query = request.GET.copy()
    query.pop("page", None)
    tab_queries = {}
    for key, _, _ in [("", None, None)] + my_tabs:
        q = query.copy()
        q.pop("tab", None)
        if key:
            q["tab"] = key
        tab_queries[key] = q.urlencode()
    return render(request, "hotline/queue.html", {
        "rows": rows, "page": page, "flt": flt, "errors": errors, "query": query.urlencode(),
        "queue_tabs": [(key, label, counts.get(key, 0), tab_queries[key]) for key, label, _ in my_tabs],
        "all_query": tab_queries[""],
        "states": TicketState.choices, "types": RequestType.choices, "lights": LIGHTS,
        "sorts": [(k, v[0]) for k, v in SORTS.items()], "kpis": ([(flt["kpi"], flt["kpi_label"])] if flt["kpi"] and flt["kpi"] not in KPI_FILTERS else [])
        + [(k, v[0]) for k, v in KPI_FILTERS.items()],
        "units": OrgUnit.objects.filter(is_active=True).order_by("path").only("id", "name", "depth"),
        "categories": Category.objects.filter(active=True).order_by("full_name").only("id", "full_name"),
        "tabs": tabs(user), "tab": "queue", "active_filters": any(flt[k] for k in (
            "state", "unit", "category", "type", "light", "from", "to", "q", "kpi")),
    })


# --- the ticket page -----------------------------------------------------------------------------
def _pending_extension(ticket):
    return ticket.extensions.filter(state=RequestState.PENDING).select_related("asked_by").first()


def _decide_extension(tk, u, d):
    ext = _pending_extension(tk)
    if ext is None:
        raise TransitionRefused("没有待审批的延期申请")
    return t.decide_extension(ext, u, approve=d["approve"] == "yes", comment=d["comment"])


def _merge(tk, u, d, user):
    number = d["number"].strip()
    into = Ticket.objects.restrict(user).filter(number=number).first()
    if into is None:
        raise UserError(f"工单 {number} 不存在或无权查看", code="not_found")
    return t.merge(tk, u, into=into)


def _callback(tk, u, d):
    return t.callback(tk, u, satisfaction=d["satisfaction"] or None, unit_at_fault=d["unit_at_fault"],
                      note=d["note"], reached=not d["not_reached"])


S = TicketState
STEPS = {
    "answer": Step("直接答复", f.AnswerForm, "answer", (S.RECEIVED,),
                   lambda tk, u, d: t.answer(tk, u, reply=d["reply"], knowledge=d["knowledge"])),
    "dispatch": Step("派单", f.DispatchForm, "dispatch", (S.RECEIVED, S.RETURNED),
                     lambda tk, u, d: t.dispatch(tk, u, unit=d["unit"], category=d["category"], basis=d["basis"])),
    "accept": Step("签收", f.EmptyForm, "accept", (S.DISPATCHED,), lambda tk, u, d: t.accept(tk, u)),
    "note": Step("办理记录", f.NoteForm, "note", (S.HANDLING,), lambda tk, u, d: t.note(tk, u, d["text"])),
    "reply": Step("答复市民", f.ReplyForm, "reply", (S.HANDLING,),
                  lambda tk, u, d: t.reply(tk, u, reply=d["reply"], resolution=d["resolution"])),
    "extension": Step("申请延期", f.ExtensionForm, "request_extension", (S.HANDLING,),
                      lambda tk, u, d: t.request_extension(tk, u, days=d["days"], basis=d["basis"])),
    "return": Step("退单", f.ReturnForm, "return", AT_UNIT,
                   lambda tk, u, d: t.return_ticket(tk, u, reason=d["reason"], text=d["text"]), danger=True),
    "dispute": Step("提出派单异议", f.DisputeForm, "dispute", AT_UNIT, lambda tk, u, d: t.dispute(tk, u, text=d["text"]),
                    danger=True),
    "decide_return": Step("审核退单", f.DecideReturnForm, "decide_return", (S.RETURNED,),
                          lambda tk, u, d: t.decide_return(tk, u, agree=d["agree"] == "yes", unit=d["unit"],
                                                           basis=d["basis"], comment=d["comment"])),
    "rule_dispute": Step("裁定派单异议", f.RuleDisputeForm, "rule_dispute", (S.DISPUTED,),
                         lambda tk, u, d: t.rule_dispute(tk, u, unit=d["unit"], ruling=d["ruling"])),
    "decide_extension": Step("审批延期", f.DecideExtensionForm, "decide_extension", (S.HANDLING, S.SUSPENDED),
                             _decide_extension),
    "close": Step("审核办结", f.EmptyForm, "close", (S.REPLIED,), lambda tk, u, d: t.close(tk, u)),
    "reject_reply": Step("退回重办", f.ReasonForm, "close", (S.REPLIED,),
                         lambda tk, u, d: t.reject_reply(tk, u, reason=d["reason"]), danger=True),
    "callback": Step("回访", f.CallbackForm, "callback", (S.CLOSED,), _callback),
    "merge": Step("并单", f.MergeForm, "merge", (S.RECEIVED, S.DISPATCHED, S.HANDLING), None),
    "suspend": Step("挂起", f.ReasonForm, "suspend", t.SUSPENDABLE,
                    lambda tk, u, d: t.suspend(tk, u, reason=d["reason"]), danger=True),
    "resume": Step("恢复办理", f.EmptyForm, "resume", (S.SUSPENDED,), lambda tk, u, d: t.resume(tk, u)),
    "reopen": Step("重开", f.ReasonForm, "reopen", (S.CLOSED, S.FINISHED),
                   lambda tk, u, d: t.reopen(tk, u, reason=d["reason"])),
}


def _offered(name, ticket, pending_ext) -> bool:
    """State rules beyond the step's states (the service checks them again)."""
    if name == "return":
        return not ticket.dispatch_final
    if name == "dispute":
        return t.can_dispute(ticket)
    if name == "extension":
        return pending_ext is None
    if name == "decide_extension":
        return pending_ext is not None
    return True


def _visible(request, pk):
    return get_visible_or_404(Ticket.objects.select_related(
        "category", "unit", "catalogue_entry", "catalogue_entry__category", "catalogue_entry__unit",
        "suggested_category", "suggested_unit", "received_by", "dispatched_by", "master", "knowledge",
        "return_unit"), request.user, pk=pk)


def _initial(name, ticket, entry):
    if name in ("dispatch", "decide_return") and entry is not None and entry.unit_id != ticket.return_unit_id:
        return {"unit": str(entry.unit_id)}
    if name == "rule_dispute" and ticket.unit_id:
        return {"unit": str(ticket.unit_id)}
    return None


def knowledge_matches(ticket, limit: int = 5) -> list[tuple[KnowledgeEntry, list[str]]]:
    """Knowledge entries whose keywords (or question) occur in the ticket's title or description."""
    text = f"{ticket.title} {ticket.description}"
    found = []
    for entry in KnowledgeEntry.objects.filter(active=True).only("id", "question", "answer", "keywords")[:500]:
        words = [w for w in re.split(r"[\s、，,;；/|]+", entry.keywords or "") if len(w) >= 2]
        hits = [w for w in words if w in text]
        if entry.question and (entry.question in text or (ticket.title and ticket.title in entry.question)):
            hits.append("问题相同")
        if hits:
            found.append((entry, hits))
    found.sort(key=lambda pair: -len(pair[1]))
    return found[:limit]


def _duplicates(ticket):
    """likely_duplicates, or nothing when the topics package is missing or fails."""
    try:
        from .. import duplicates

        return duplicates.likely_duplicates(ticket)
    except Exception:  # the duplicate hints must never break the ticket page
        log.exception("likely duplicates unavailable for ticket %s", ticket.pk)
        return []


def _suggestions(ticket):
    out = []
    for kind, label in (("category", "建议分类"), ("unit", "建议承办单位")):
        hint = (ticket.suggestion or {}).get(kind)
        if isinstance(hint, dict) and hint.get("label"):
            out.append({"kind": kind, "title": label, "label": hint.get("label"),
                        "confidence": hint.get("confidence"), "reasons": hint.get("reasons") or [],
                        "needs_person": bool(hint.get("needs_person", True))})
    return out


def _suggested_category(ticket):
    if ticket.suggested_category_id:
        return ticket.suggested_category
    hint = (ticket.suggestion or {}).get("category") or {}
    label = hint.get("label") if isinstance(hint, dict) else None
    if not label:
        return None
    return Category.objects.filter(active=True, full_name=label).first() \
        or Category.objects.filter(active=True, name=label).order_by("-level").first()


def ticket_context(request, ticket, bound=None, error=""):
    user, now, bound = request.user, timezone.now(), bound or {}
    pending_ext = _pending_extension(ticket)
    entry = entry_for(ticket.category) if ticket.category_id else None
    steps = []
    for name, spec in STEPS.items():
        if ticket.state in spec.states and allowed(user, spec.permission, ticket) and _offered(name, ticket,
                                                                                               pending_ext):
            form = bound.get(name) or spec.form(prefix=name, initial=_initial(name, ticket, entry))
            steps.append({"name": name, "label": spec.label, "form": form, "open": name in bound,
                          "danger": spec.danger})
    clocks = list(Clock.objects.filter(content_type=_ticket_ct(), object_id=ticket.pk, kind__in=list(CLOCK_KINDS))
                  .order_by("started_at", "id"))
    latest = {}
    for clock in clocks:
        latest[clock.kind] = clock
    clock_rows = [{"label": CLOCK_KINDS[c.kind], "clock": c, "color": light(c, now), "words": light_title(c, now)}
                  for c in latest.values()]
    color, words, _ = _worst([c for c in latest.values() if c.state in OPEN_CLOCK], now)
    name, phone = caller_for(user, ticket)
    can_dispatch = ticket.state in (S.RECEIVED, S.RETURNED) and allowed(user, "dispatch", ticket)
    suggested = _suggested_category(ticket) if can_dispatch else None
    can_merge = ticket.state in STEPS["merge"].states and allowed(user, "merge", ticket)
    show_dups = ticket.state in STEPS["merge"].states and bool(user.role_set & HOTLINE_ROLES)
    can_answer = ticket.state == S.RECEIVED and allowed(user, "answer", ticket)
    return {
        "ticket": ticket, "now": now, "steps": steps, "error": error, "caller_name": name, "caller_phone": phone,
        "light": color, "light_words": words, "clock_rows": clock_rows, "entry": entry,
        "timeline": list(ticket.steps.select_related("unit")), "pending_ext": pending_ext,
        "extensions": list(ticket.extensions.select_related("asked_by", "decided_by").order_by("asked_at")),
        "suggestions": _suggestions(ticket),
        "adopt": suggested if suggested is not None and suggested.pk != ticket.category_id else None,
        "duplicates": _duplicates(ticket) if show_dups else [], "can_merge": can_merge,
        "knowledge": knowledge_matches(ticket) if can_answer else [], "can_answer": can_answer,
        "merged": list(ticket.merged.only("id", "number", "title", "state")) if user.role_set & HOTLINE_ROLES else [],
        "tabs": tabs(user), "tab": "queue",
    }


@login_required
def ticket(request, pk: int):
    tk = _visible(request, pk)
    return render(request, "hotline/ticket.html", ticket_context(request, tk))


@login_required
@require_POST
def ticket_step(request, pk: int, step: str):
    tk = _visible(request, pk)
    spec = STEPS.get(step)
    if spec is None:
        raise Http404("没有这个办理环节")
    form = spec.form(request.POST, prefix=step)
    run = spec.run or (lambda tk_, u, d: _merge(tk_, u, d, request.user))

    def page(bound, error):
        return render(request, "hotline/ticket.html",
                      ticket_context(request, _visible(request, pk), bound={step: bound}, error=error), status=400)

    return post_step(request, spec.label, form, lambda d: run(tk, request.user, d), back=tk.get_absolute_url(),
                     page=page)


# --- 派单目录 ------------------------------------------------------------------------------------
@login_required
def catalogue(request):
    user = request.user
    if not (user.role_set & HOTLINE_ROLES):
        return forbidden(request, "只有热线办工作人员可以查看派单目录")
    can_manage = allowed(user, "manage")
    form, status, editing = None, 200, None
    if request.method == "POST":
        reason = reason_refused(user, "manage")
        if reason:
            return forbidden(request, reason)
        editing = CatalogueEntry.objects.filter(pk=_int(request.POST.get("entry")) or 0).first()
        form = f.CatalogueEntryForm(request.POST, instance=editing)
        if form.is_valid():
            saved = form.save()
            messages.success(request, f"派单目录已{'修改' if editing else '新增'}：{saved}")
            return redirect(reverse("hotline:catalogue"))
        status = 400
    elif can_manage:
        editing = CatalogueEntry.objects.filter(pk=_int(request.GET.get("edit")) or 0).first()
        form = f.CatalogueEntryForm(instance=editing) if editing else f.CatalogueEntryForm(
            initial={"category": _int(request.GET.get("category"))})
    categories = list(Category.objects.order_by("full_name"))
    entries = list(CatalogueEntry.objects.select_related("unit", "category").order_by("category__full_name", "-active"))
    active = {e.category_id: e for e in entries if e.active}
    by_id = {c.pk: c for c in categories}
    rows = []
    for c in categories:
        own, node, inherited = active.get(c.pk), by_id.get(c.parent_id), None
        while own is None and node is not None and inherited is None:
            inherited = active.get(node.pk)
            node = by_id.get(node.parent_id)
        rows.append({"c": c, "own": own, "inherited": inherited})
    return render(request, "hotline/catalogue.html", {
        "rows": rows, "inactive": [e for e in entries if not e.active], "form": form, "editing": editing,
        "can_manage": can_manage, "rules": TimeLimitRule.objects.order_by("request_type", "urgency"),
        "tabs": tabs(user), "tab": "catalogue",
    }, status=status)


urlpatterns = [
    path("", queue, name="queue"),
    path("intake/", intake, name="intake"),
    path("catalogue/", catalogue, name="catalogue"),
    path("tickets/<int:pk>/", ticket, name="ticket"),
    path("tickets/<int:pk>/<slug:step>/", ticket_step, name="ticket_step"),
]
