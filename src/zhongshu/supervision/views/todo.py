"""待办: what waits for the signed-in user in 督查督办, by the one permission table.

- a unit's 联络员 / leader: tasks to accept, reports due in the open period, tasks to finish;
  a unit leader also extension requests waiting for the unit's approval;
- the 督查室: completion requests to review, returns to decide, extensions to approve,
  coordination requests, matters waiting for 销号, 回头看 due within 10 working days;
- a city leader: coordination requests addressed to them.
Each list is one query (restricted by org.scope), at most LIMIT rows, oldest first, and one COUNT
for its true size when it has LIMIT rows. `queues(user, now)` gives the same lists unfetched: the 工作台's 待办
(supervision/todo.py) counts them and links here.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from zhongshu.org.roles import Role
from zhongshu.workcal.calc import get_calendar

from ..choices import MatterState, RequestState, TaskState
from ..models import (
    CompletionRequest,
    CoordinationRequest,
    ExtensionRequest,
    Matter,
    Recheck,
    ReturnRequest,
    Task,
)
from ..permissions import OFFICE, UNIT_ACTORS, UNIT_WRITERS

LIMIT = 100


def _own_unit_tasks(user):
    return Task.objects.restrict(user).filter(unit__path__startswith=user.unit.path) if user.unit_id else Task.objects.none()


def queues(user, now) -> list[tuple[str, str, object, str]]:
    """(key, title, queryset, kind) of each list that waits for `user`, not yet fetched."""
    roles = user.role_set
    out = []

    def add(key, title, qs, kind):
        out.append((key, title, qs, kind))

    if roles & UNIT_WRITERS and user.unit_id:
        mine = _own_unit_tasks(user).select_related("matter", "unit", "clock", "accept_clock", "report_clock")
        if roles & UNIT_ACTORS:
            add("accept", "待签收", mine.filter(state=TaskState.ASSIGNED, parent=None).order_by("assigned_at"), "task")
        add("report", "本期待报进展", mine.filter(state=TaskState.IN_PROGRESS, report_clock__state="running",
                                                report_clock__due_at__lte=now + timedelta(days=10))
            .order_by("report_clock__due_at"), "task")
        if roles & UNIT_ACTORS:
            add("doing", "办理中", mine.filter(state=TaskState.IN_PROGRESS).order_by("deadline"), "task")
        if Role.UNIT_LEADER in roles:
            add("ext_unit", "待单位审批的延期申请",
                ExtensionRequest.objects.restrict(user).filter(state=RequestState.PENDING_UNIT,
                                                               task__unit__path__startswith=user.unit.path)
                .select_related("task", "task__matter", "task__unit").order_by("requested_at"), "request")
    if roles & OFFICE:
        add("review", "待审核的办结申请", CompletionRequest.objects.filter(state=RequestState.PENDING)
            .select_related("task", "task__matter", "task__unit").order_by("submitted_at"), "request")
        add("returns", "待处理的退回", ReturnRequest.objects.filter(state=RequestState.PENDING)
            .select_related("task", "task__matter", "task__unit").order_by("requested_at"), "request")
        add("ext_office", "待督查室审批的延期申请", ExtensionRequest.objects.filter(state=RequestState.PENDING_OFFICE)
            .select_related("task", "task__matter", "task__unit").order_by("requested_at"), "request")
        add("close", "待销号的事项", Matter.objects.filter(state=MatterState.AWAITING_CLOSE)
            .select_related("lead_unit").order_by("deadline"), "matter")
        horizon = get_calendar().add_workdays(timezone.localtime(now).date(), 10).value
        add("recheck", "近期到期的回头看", Recheck.objects.filter(result="", due_on__lte=horizon,
                                                          matter__state=MatterState.CLOSED)
            .select_related("matter", "matter__lead_unit").order_by("due_on"), "recheck")
    if roles & OFFICE or Role.CITY_LEADER in roles:
        qs = CoordinationRequest.objects.filter(state=RequestState.PENDING)
        if not roles & OFFICE:
            qs = qs.filter(leader=user)
        add("coordination", "待答复的协调申请", qs.select_related("task", "task__matter", "task__unit", "leader")
            .order_by("requested_at"), "request")
    return out


def sections(user, now) -> list[dict]:
    out = []
    for key, title, qs, kind in queues(user, now):
        items = list(qs[:LIMIT])
        count = len(items) if len(items) < LIMIT else qs.count()   # counted only when the list is cut
        out.append({"key": key, "title": title, "items": items, "count": count, "kind": kind})
    return out


@login_required
def todo(request):
    now = timezone.now()
    found = sections(request.user, now)
    return render(request, "supervision/todo.html", {"sections": found, "now": now,
                                                     "total": sum(s["count"] for s in found)})
