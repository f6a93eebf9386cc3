"""Pause, resume, extend, reopen, complete, stop: events, due history, refusals."""

from __future__ import annotations

from datetime import date

import pytest
from clocks_time import at

from zhongshu.clocks import Limit, complete, extend, pause, reopen, resume, stop
from zhongshu.clocks.models import Clock, ClockState
from zhongshu.core.errors import TransitionRefused, UserError


def kinds(clock):
    return list(clock.events.values_list("kind", flat=True))


def test_pause_resume_gives_back_the_working_days(make_clock, staff):
    # Mon 2026-03-02 + 5 working days = Mon 03-09
    clock = make_clock(Limit.workdays(5))
    assert clock.due_at == at(2026, 3, 9, 23, 59, 59)
    pause(clock, "等待省厅批复", staff.liaison, at=at(2026, 3, 3, 10))
    clock.refresh_from_db()
    assert clock.state == ClockState.PAUSED and clock.next_fire_at is None
    # paused Tuesday, resumed Thursday: Wednesday and Thursday are given back
    resume(clock, staff.liaison, at=at(2026, 3, 5, 10))
    clock.refresh_from_db()
    assert clock.state == ClockState.RUNNING
    assert clock.due_at == at(2026, 3, 11, 23, 59, 59)
    assert "顺延" in clock.due_explanation and "2 个工作日" in clock.due_explanation
    assert kinds(clock) == ["start", "pause", "resume"]
    ev = clock.events.get(kind="resume")
    assert ev.old_due_at == at(2026, 3, 9, 23, 59, 59) and ev.new_due_at == clock.due_at
    assert clock.events.get(kind="pause").reason == "等待省厅批复"
    assert clock.next_fire_at is not None


def test_pause_over_a_weekend_costs_no_working_day(make_clock, staff):
    clock = make_clock(Limit.workdays(5))
    pause(clock, "节前暂停", staff.liaison, at=at(2026, 3, 6, 16))  # Friday
    resume(clock, staff.liaison, at=at(2026, 3, 8, 12))  # Sunday
    assert clock.due_at == at(2026, 3, 9, 23, 59, 59)


def test_pause_of_work_hour_limit_gives_back_working_time(make_clock, staff):
    clock = make_clock(Limit.work_hours(4), started_at=at(2026, 3, 2, 9))  # due Mon 13:00
    assert clock.due_at == at(2026, 3, 2, 13)
    pause(clock, "等待现场核实", staff.liaison, at=at(2026, 3, 2, 10))
    resume(clock, staff.liaison, at=at(2026, 3, 2, 11, 30))
    assert clock.due_at == at(2026, 3, 2, 14, 30)


def test_extend_to_a_date_keeps_history(make_clock, staff):
    clock = make_clock(Limit.workdays(5))
    extend(clock, new_due=date(2026, 3, 20), approved_by=staff.head, reason="涉及多部门协调", at=at(2026, 3, 5))
    clock.refresh_from_db()
    assert clock.due_at == at(2026, 3, 20, 23, 59, 59)
    ev = clock.events.get(kind="extend")
    assert ev.old_due_at == at(2026, 3, 9, 23, 59, 59)
    assert ev.new_due_at == clock.due_at
    assert ev.approved_by == staff.head and ev.reason == "涉及多部门协调"
    assert "延期" in clock.due_explanation and "督查室主任" in clock.due_explanation


def test_extend_by_working_days_counts_from_old_due(make_clock, staff):
    clock = make_clock(Limit.workdays(5))
    extend(clock, limit=Limit.workdays(3), approved_by=staff.head, reason="补充材料", at=at(2026, 3, 5))
    assert clock.due_at == at(2026, 3, 12, 23, 59, 59)


def test_extend_to_an_earlier_date_is_refused(make_clock, staff):
    clock = make_clock(Limit.workdays(5))
    with pytest.raises(TransitionRefused) as err:
        extend(clock, new_due=date(2026, 3, 6), approved_by=staff.head, reason="提前", at=at(2026, 3, 3))
    assert "不晚于原截止时间" in err.value.message
    clock.refresh_from_db()
    assert clock.due_at == at(2026, 3, 9, 23, 59, 59)
    assert kinds(clock) == ["start"]


def test_extend_needs_reason_and_approver(make_clock, staff):
    clock = make_clock()
    with pytest.raises(UserError, match="理由"):
        extend(clock, new_due=date(2026, 3, 20), approved_by=staff.head, reason=" ")
    with pytest.raises(UserError, match="批准人"):
        extend(clock, new_due=date(2026, 3, 20), approved_by=None, reason="x")


def test_complete_then_reopen_with_new_limit(make_clock, staff):
    clock = make_clock(Limit.workdays(5))
    complete(clock, at=at(2026, 3, 6, 15), by=staff.liaison)
    clock.refresh_from_db()
    assert clock.state == ClockState.DONE and clock.completed_at == at(2026, 3, 6, 15)
    assert clock.next_fire_at is None
    reopen(clock, Limit.workdays(3), "复核发现问题未解决", staff.supervisor, at=at(2026, 3, 10, 9))
    clock.refresh_from_db()
    assert clock.state == ClockState.RUNNING and clock.completed_at is None
    assert clock.due_at == at(2026, 3, 13, 23, 59, 59)
    assert kinds(clock) == ["start", "complete", "reopen"]
    assert "重新办理" in clock.due_explanation
    assert clock.next_fire_at is not None


@pytest.mark.parametrize("action,words", [
    (lambda c, u: pause(c, "原因", u), "不能挂起"),
    (lambda c, u: resume(c, u), "不能恢复计时"),
    (lambda c, u: extend(c, new_due=date(2026, 4, 1), approved_by=u, reason="x"), "不能延期"),
    (lambda c, u: complete(c, by=u), "不能办结"),
    (lambda c, u: stop(c, "撤回", u), "不能终止"),
])
def test_done_clock_refuses_changes(make_clock, staff, action, words):
    clock = make_clock()
    complete(clock, at=at(2026, 3, 6), by=staff.liaison)
    with pytest.raises(TransitionRefused) as err:
        action(clock, staff.head)
    assert words in err.value.message and "已办结" in err.value.message
    assert Clock.objects.get(pk=clock.pk).state == ClockState.DONE


def test_running_clock_cannot_be_resumed_or_reopened(make_clock, staff):
    clock = make_clock()
    with pytest.raises(TransitionRefused):
        resume(clock, staff.liaison)
    with pytest.raises(TransitionRefused):
        reopen(clock, Limit.workdays(2), "重新办理", staff.head)


def test_stop_ends_the_clock(make_clock, staff):
    clock = make_clock()
    stop(clock, "事项已撤销", staff.head, at=at(2026, 3, 3))
    clock.refresh_from_db()
    assert clock.state == ClockState.STOPPED and clock.next_fire_at is None
    assert clock.events.last().reason == "事项已撤销"


def test_state_changes_are_audited(make_clock, staff):
    from zhongshu import audit

    clock = make_clock()
    pause(clock, "等待批复", staff.liaison, at=at(2026, 3, 3))
    notes = list(audit.history_for(clock).values_list("note", flat=True))
    assert any(n.startswith("挂起：等待批复") for n in notes)
    assert any(n.startswith("起算") for n in notes)
