"""`zhongshu demo` loads a living 督查督办 office: about 150 matters in every state, today's
red, yellow and green lights, the papers and reminders the ladders produced, a history that
runs forward in working hours, and a second run that adds nothing.

Building the office takes a while, so the module loads it once (module-scoped fixture, in a
transaction rolled back at the end) and every test reads from it.
"""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone

# Each test runs in its own savepoint inside the module's transaction (see the `demo` fixture).
pytestmark = pytest.mark.django_db


def _counts() -> dict:
    from zhongshu.audit.models import AuditRecord
    from zhongshu.clocks.models import Clock, RungFiring
    from zhongshu.hotline.models import Ticket, TicketStep
    from zhongshu.notify.models import Notice
    from zhongshu.org.models import User
    from zhongshu.supervision.models import Matter, ProgressReport, SupervisionDoc, Task

    return {model.__name__: model.objects.count()
            for model in (Matter, Task, ProgressReport, SupervisionDoc, Clock, RungFiring, Notice, User, AuditRecord,
                          Ticket, TicketStep)}


def _seed() -> None:
    """What the migrations seed (calendar, ladders, time limits), present even after an earlier
    flushing test."""
    from seed_data import ensure_seed_data

    from zhongshu.workcal.models import CalendarDay, CalendarYear
    from zhongshu.workcal.seed import seed_years

    ensure_seed_data()
    seed_years(CalendarYear, CalendarDay)


def _run() -> str:
    out = io.StringIO()
    call_command("demo", quiet=True, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            _seed()
            first = _run()
            before = _counts()
            second = _run()
            yield SimpleNamespace(first=first, second=second, before=before, after=_counts(), now=timezone.now())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def people(demo):
    from zhongshu.org.models import User

    return {u.username: u for u in User.objects.all()}


def demo_matters():
    from zhongshu.core.management.demo_supervision import demo_matters as matters

    return matters()


def test_about_150_matters_in_every_state_and_a_summary_that_counts_them(demo):
    from zhongshu.supervision.choices import MatterState, TaskState
    from zhongshu.supervision.models import Task

    matters = demo_matters()
    assert 140 <= matters.count() <= 160
    assert set(matters.values_list("state", flat=True)) == set(MatterState.values)
    assert set(Task.objects.filter(matter__in=matters).values_list("state", flat=True)) == set(TaskState.values)
    assert f"演示事项 {matters.count()} 项" in demo.first
    assert "红灯" in demo.first and "督办通知单" in demo.first
    assert len(set(matters.values_list("source", flat=True))) >= 9
    assert len(set(matters.values_list("leader", flat=True))) == 2
    assert Task.objects.filter(matter__in=matters).values("unit").distinct().count() >= 10


def test_a_second_run_adds_nothing_and_says_so(demo):
    assert demo.after == demo.before
    assert "已存在" in demo.second and "本次新建 0" in demo.second


def test_today_has_red_yellow_and_green_tasks_and_the_overview_shows_them(demo, people):
    from zhongshu.supervision import stats
    from zhongshu.supervision.choices import OPEN_TASK_STATES
    from zhongshu.supervision.ledger import task_light_q
    from zhongshu.supervision.models import Task

    now = timezone.now()
    open_tasks = Task.objects.filter(matter__in=demo_matters(), parent=None, state__in=OPEN_TASK_STATES)
    lights = {c: open_tasks.filter(task_light_q(c, now)).count() for c in ("red", "yellow", "green")}
    assert lights["red"] >= 10 and lights["yellow"] >= 5 and lights["green"] >= 30, lights
    rows = stats.unit_rows(people["dcs_li"], None, now)
    assert len(rows) >= 10
    total = stats.totals(rows, ("red", "yellow", "green", "done", "done_on_time", "overdue", "accepted_late"))
    assert total["red"] and total["yellow"] and total["green"] and total["overdue"]
    assert 0 < total["done_on_time"] < total["done"]  # on time and late both happen
    assert total["accepted_late"] > 0


def test_overdue_tasks_got_their_papers_and_the_first_steps_their_notices(demo):
    from zhongshu.supervision.choices import DocKind
    from zhongshu.supervision.models import SupervisionDoc, Task

    matters = demo_matters()
    docs = SupervisionDoc.objects.filter(matter__in=matters)
    assert docs.filter(kind=DocKind.ESCALATE).count() >= 5
    assert docs.filter(kind=DocKind.REMIND).count() >= 10
    # one 交办通知单 per unit and assignment
    assert docs.filter(kind=DocKind.ASSIGN).count() >= Task.objects.filter(
        matter__in=matters, parent=None, assigned_at__isnull=False).values("matter", "unit").distinct().count()
    for doc in docs.filter(kind=DocKind.ESCALATE, task__clock__isnull=False).select_related("task__clock"):
        assert doc.task.clock.escalated
    assert matters.filter(flagged=True).exists()


def test_a_liaison_sees_an_overdue_red_item_and_a_cuiban_reminder_on_the_workbench(demo, client):
    from zhongshu.notify.models import Notice
    from zhongshu.org.models import User
    from zhongshu.web.dashboard import latest_notices

    liaison = User.objects.get(username="jt_liaison")
    assert Notice.objects.filter(recipient=liaison, title__startswith="【催办】").exists()
    assert any(n.title.startswith("【催办】") for n in latest_notices(liaison))
    client.force_login(liaison)
    page = client.get("/").content.decode()
    assert "light-red" in page and "已逾期" in page and "【催办】" in page
    assert Notice.objects.filter(kind="clock.missing_contact").count() == 0  # every unit has its contacts


def test_every_side_path_of_the_loop_is_there(demo):
    from zhongshu.supervision.choices import RecheckResult, RequestState
    from zhongshu.supervision.models import (
        CompletionRequest,
        CoordinationRequest,
        ExtensionRequest,
        Recheck,
        ReturnRequest,
        Task,
    )

    matters = demo_matters()

    def states(model, path="task__matter__in"):
        return set(model.objects.filter(**{path: matters}).values_list("state", flat=True))

    assert {RequestState.PENDING_UNIT, RequestState.PENDING_OFFICE, RequestState.APPROVED,
            RequestState.REJECTED} <= states(ExtensionRequest)
    assert {RequestState.PENDING, RequestState.ANSWERED} <= states(CoordinationRequest)
    assert {RequestState.PENDING, RequestState.APPROVED, RequestState.REJECTED} <= states(ReturnRequest)
    assert {RequestState.PENDING, RequestState.APPROVED, RequestState.REJECTED} <= states(CompletionRequest)
    results = set(Recheck.objects.filter(matter__in=matters).values_list("result", flat=True))
    assert {RecheckResult.PASSED, RecheckResult.FAILED, ""} <= results
    assert {"excellent", "good", "fair"} <= set(matters.values_list("rating", flat=True))
    milestones = set(Task.objects.filter(matter__in=matters, is_milestone=True).values_list("state", flat=True))
    assert {"done", "in_progress"} <= milestones
    assert any(t.accept_overdue for t in Task.objects.filter(matter__in=matters, state="assigned", parent=None))
    # a 回头看 falls due within the next ten working days (the 督查室's 待办 lists it)
    from zhongshu.workcal.calc import get_calendar

    horizon = get_calendar().add_workdays(timezone.localdate(), 10).value
    assert Recheck.objects.filter(matter__in=matters, result="", due_on__lte=horizon).exists()


def test_the_history_runs_forward_in_working_hours(demo):
    from zhongshu.notify.models import Notice
    from zhongshu.supervision.models import ProgressReport, Task
    from zhongshu.workcal.calc import get_calendar

    cal = get_calendar()
    now = timezone.now()
    matters = demo_matters()
    for task in Task.objects.filter(matter__in=matters, accepted_at__isnull=False, parent=None):
        assert task.assigned_at <= task.accepted_at <= now
        assert cal.is_work_time(task.accepted_at)
    previous = {}
    reopened = matters.filter(rechecks__result="failed")  # their rework starts again from a lower figure
    for report in (ProgressReport.objects.filter(task__matter__in=matters).exclude(task__matter__in=reopened)
                   .order_by("task", "submitted_at")):
        assert cal.is_work_time(report.submitted_at) and report.submitted_at <= now
        if report.task_id in previous:  # pre-filled style: progress rises from period to period
            assert report.progress >= previous[report.task_id]
        previous[report.task_id] = report.progress
    assert ProgressReport.objects.filter(task__matter__in=matters, on_time=False).exists()
    assert not Notice.objects.filter(created_at__gt=now).exists()
    assert Notice.objects.filter(read_at__isnull=False).exists() and Notice.objects.filter(read_at=None).exists()


def test_the_hotline_has_tickets_in_every_state_through_the_real_steps(demo, people):
    from django.db.models import Count

    from zhongshu.hotline.choices import TicketState
    from zhongshu.hotline.models import Ticket

    tickets = Ticket.objects.filter(caller_phone__startswith="1990000")
    assert tickets.count() == 240
    states = dict(tickets.values_list("state").annotate(n=Count("id")))
    for state in (TicketState.RECEIVED, TicketState.DISPATCHED, TicketState.HANDLING, TicketState.RETURNED,
                  TicketState.REPLIED, TicketState.CLOSED, TicketState.FINISHED):
        assert states.get(state, 0) > 0, state
    assert "12345 热线：载入演示工单 240 张" in demo.first
    assert "演示工单已存在（240 张）" in demo.second
    # every dispatched ticket names the 派单目录 entry it followed
    assert not tickets.filter(unit__isnull=False, catalogue_entry__isnull=True).exists()
    # a unit's liaison sees its own tickets only
    liaison = people["jt_liaison"]
    mine = Ticket.objects.restrict(liaison)
    assert mine.exists() and set(mine.values_list("unit__code", flat=True)) <= {"SL-JT", "SL-JT-GL", "SL-JT-YS"}


def test_the_demo_has_批示_in_three_states_and_loads_them_once(demo):
    from zhongshu.instructions.choices import InstructionState, RoundState
    from zhongshu.instructions.models import Instruction
    from zhongshu.supervision import matters_for
    from zhongshu.supervision.choices import TaskState

    items = list(Instruction.objects.order_by("number"))
    assert len(items) == 3 and "领导批示：3 件" in demo.first and "已有批示" in demo.second
    done, handling, waiting = items
    assert done.state == InstructionState.CLOSED and done.rounds.get().reports.count() == 2
    assert {t.state for t in matters_for(done.rounds.get()).get().tasks.all()} == {TaskState.DONE}
    assert handling.rounds.get().state == RoundState.HANDLING
    assert matters_for(handling.rounds.get()).get().tasks.get().state == TaskState.IN_PROGRESS
    assert waiting.rounds.get().state == RoundState.TO_ROUTE


def test_the_demo_has_发文字号_series_so_发文_can_be_drafted(demo):
    from zhongshu.documents.models import NumberSeries

    assert {"示政发", "示政办发", "示交发"} <= set(NumberSeries.objects.values_list("code", flat=True))
    assert "发文字号：5 个新建" in demo.first and "发文字号：0 个新建" in demo.second
