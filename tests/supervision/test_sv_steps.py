"""The steps of the loop: what each does to the task, its clocks, the matter, papers and notices,
and which steps the current state refuses (with the Chinese reason, changing nothing)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sv_flow as flow
from sv_time import SH, at

from zhongshu.clocks.models import ClockState, EventKind
from zhongshu.core.errors import TransitionRefused, UserError
from zhongshu.notify.models import Notice
from zhongshu.supervision import transitions as t
from zhongshu.supervision.models import SupervisionDoc


def test_assign_starts_clocks_issues_a_notice_per_unit_and_tells_liaison_and_leader(people, new_matter):
    m = new_matter()
    lead = flow.assigned(people, m)
    co = flow.co_task(m)
    m.refresh_from_db()
    assert m.state == "active" and lead.state == co.state == "assigned"
    assert lead.clock.kind == "supervision.task" and lead.clock.due_at.astimezone(SH).date() == date(2026, 6, 30)
    # 签收 within 1 working day of 交办 (Monday 1月5日 → Tuesday 1月6日, end of day)
    assert lead.accept_clock.due_at.astimezone(SH).date() == date(2026, 1, 6)
    docs = list(SupervisionDoc.objects.filter(kind="assign").order_by("seq"))
    assert [(d.unit, d.number) for d in docs] == [(lead.unit, "政办督〔2026〕1号"), (co.unit, "政办督〔2026〕2号")]
    told = set(Notice.objects.filter(kind="supervision.assign").values_list("recipient__username", flat=True))
    assert {"jt_liaison", "jt_leader", "sl_liaison", "sl_leader"} <= told and "jt_staff" not in told
    with pytest.raises(TransitionRefused, match="没有待交办的任务"):
        t.assign(m, people.supervisor, at=at(2026, 1, 5, 11))


def test_assign_refuses_a_task_whose_deadline_passed(people, new_matter):
    m = new_matter(deadline=date(2026, 2, 27))
    with pytest.raises(TransitionRefused, match="完成时限 2026-02-27 已过"):
        t.assign(m, people.supervisor, at=at(2026, 3, 2))
    assert m.tasks.filter(state="draft").count() == 2


def test_late_acceptance_is_visible(people, new_matter):
    lead = flow.assigned(people, new_matter())
    assert lead.state_text in ("待签收", "签收逾期")
    t.accept(lead, people.jt_liaison, at=at(2026, 1, 8, 9))
    lead.refresh_from_db()
    assert lead.accepted_late and lead.accept_clock.state == ClockState.DONE
    from zhongshu import audit

    assert ("transition", "逾期签收") in set(audit.history_for(lead).values_list("action", "note"))
    on_time = flow.co_task(lead.matter)
    t.accept(on_time, people.sl_liaison, at=at(2026, 1, 6, 17))
    on_time.refresh_from_db()
    assert not on_time.accepted_late


def test_reports_one_per_period_with_the_next_period_due(people, new_matter):
    lead = flow.in_progress(people, new_matter())
    # monthly by the 25th; 2026-01-25 is a Sunday → due Friday 1月23日
    assert lead.report_period == "2026-01"
    assert lead.report_clock.due_at.astimezone(SH).date() == date(2026, 1, 23)
    first = t.report(lead, people.jt_staff, flow.report_input(20), at=at(2026, 1, 22))
    assert first.period_label == "2026年1月" and first.on_time
    with pytest.raises(TransitionRefused, match="2026年1月的进展已经报送，不能重复报送；2026年2月的进展可于 2026-02-01 起报送"):
        t.report(lead, people.jt_liaison, flow.report_input(25), at=at(2026, 1, 28, 10))
    lead.refresh_from_db()
    assert lead.report_period == "2026-02" and lead.progress == 20 and lead.clock.progress == 20
    late = t.report(lead, people.jt_staff, flow.report_input(35), at=at(2026, 3, 2))  # Feb report, late
    assert late.period == "2026-02" and not late.on_time
    lead.matter.refresh_from_db()
    assert lead.matter.latest_progress.startswith("【市交通局 2026年2月】") and lead.matter.progress > 0


def test_a_unit_that_accepts_late_in_the_month_may_report_at_once(people, new_matter):
    lead = flow.assigned(people, new_matter())
    t.accept(lead, people.jt_liaison, at=at(2026, 1, 22))  # 1月23日 is too close: the first period is February
    lead.refresh_from_db()
    assert lead.report_period == "2026-02"
    early = t.report(lead, people.jt_staff, flow.report_input(5), at=at(2026, 1, 26))
    assert early.period == "2026-02" and early.on_time


def test_report_form_is_prefilled_from_the_last_report(people, new_matter):
    from zhongshu.supervision.views.tasks import report_initial

    lead = flow.in_progress(people, new_matter())
    t.report(lead, people.jt_staff, flow.report_input(40, "完成桩基80%"), at=at(2026, 1, 22))
    initial = report_initial(lead, people.jt_staff)
    assert initial["progress"] == 40 and initial["done"] == "完成桩基80%" and initial["handler"] == "周婷"


@pytest.mark.parametrize("progress, message", [(100, "进度 100% 请提交办结申请"), (-1, "进度须为 0 到 100"),
                                               (101, "进度须为 0 到 100")])
def test_report_progress_checked(people, new_matter, progress, message):
    lead = flow.in_progress(people, new_matter())
    with pytest.raises(UserError, match=message):
        t.report(lead, people.jt_staff, flow.report_input(progress), at=at(2026, 1, 22))
    assert not lead.reports.exists()


def test_extension_unit_leader_then_office_moves_the_clock_and_keeps_the_history(people, new_matter):
    lead = flow.in_progress(people, new_matter())
    ext = t.request_extension(lead, people.jt_liaison, new_deadline=date(2026, 8, 31), reason="征迁未完成",
                              at=at(2026, 6, 1))
    assert ext.state == "pending_unit"
    with pytest.raises(TransitionRefused, match="已有一份延期申请在审批中"):
        t.request_extension(lead, people.jt_leader, new_deadline=date(2026, 9, 30), reason="再延", at=at(2026, 6, 2))
    t.decide_extension(ext, people.jt_leader, approve=True, comment="同意", at=at(2026, 6, 2))
    lead.refresh_from_db()
    assert ext.state == "pending_office" and lead.deadline == date(2026, 6, 30)  # not yet
    t.decide_extension(ext, people.supervisor, approve=True, at=at(2026, 6, 3))
    lead.refresh_from_db()
    assert ext.state == "approved" and lead.deadline == date(2026, 8, 31)
    assert lead.clock.due_at.astimezone(SH).date() == date(2026, 8, 31)
    event = lead.clock.events.get(kind=EventKind.EXTEND)
    assert event.old_due_at.astimezone(SH).date() == date(2026, 6, 30) and event.approved_by == people.supervisor
    with pytest.raises(TransitionRefused, match="已同意的延期申请不能再审批"):
        t.decide_extension(ext, people.supervisor, approve=False, comment="x", at=at(2026, 6, 4))


def test_extension_refused_after_the_deadline_or_not_later(people, new_matter):
    lead = flow.in_progress(people, new_matter())
    with pytest.raises(TransitionRefused, match="已超过完成时限（2026-06-30），不能再申请延期"):
        t.request_extension(lead, people.jt_liaison, new_deadline=date(2026, 8, 31), reason="晚了", at=at(2026, 7, 1))
    with pytest.raises(TransitionRefused, match="须晚于原完成时限 2026-06-30"):
        t.request_extension(lead, people.jt_liaison, new_deadline=date(2026, 6, 30), reason="x", at=at(2026, 6, 1))
    with pytest.raises(UserError, match="请填写延期理由"):
        t.request_extension(lead, people.jt_liaison, new_deadline=date(2026, 8, 31), reason=" ", at=at(2026, 6, 1))
    assert not lead.extensions.exists()


def test_a_unit_leader_asking_goes_straight_to_the_office_and_the_office_may_refuse(people, new_matter):
    lead = flow.in_progress(people, new_matter())
    ext = t.request_extension(lead, people.jt_leader, new_deadline=date(2026, 8, 31), reason="资金未到位",
                              at=at(2026, 6, 1))
    assert ext.state == "pending_office" and ext.unit_decided_by == people.jt_leader
    with pytest.raises(UserError, match="不同意延期须说明理由"):
        t.decide_extension(ext, people.supervisor, approve=False, at=at(2026, 6, 2))
    t.decide_extension(ext, people.supervisor, approve=False, comment="理由不充分", at=at(2026, 6, 2))
    lead.refresh_from_db()
    assert ext.state == "rejected" and lead.deadline == date(2026, 6, 30)
    assert Notice.objects.filter(recipient=people.jt_liaison, title__startswith="【不同意延期】").exists()


def test_coordination_reaches_the_leader_and_is_answered_once(people, new_matter):
    lead = flow.in_progress(people, new_matter())
    item = t.request_coordination(lead, people.jt_liaison, leader=people.vice, issue="用地指标不足", at=at(2026, 3, 2))
    assert Notice.objects.filter(recipient=people.vice, kind="supervision.coordination").exists()
    with pytest.raises(UserError, match="请选择一位市领导协调"):
        t.request_coordination(lead, people.jt_liaison, leader=people.jt_leader, issue="x", at=at(2026, 3, 2))
    t.answer_coordination(item, people.vice, reply="请市自然资源和规划局优先保障", at=at(2026, 3, 3))
    with pytest.raises(TransitionRefused, match="该协调申请已经答复"):
        t.answer_coordination(item, people.vice, reply="again", at=at(2026, 3, 4))
    assert Notice.objects.filter(recipient=people.jt_liaison, title__startswith="【协调意见】").exists()


def test_return_within_the_window_and_reassignment(people, new_matter, city):
    m = new_matter()
    lead = flow.assigned(people, m)
    old_clock = lead.clock
    item = t.return_task(lead, people.jt_liaison, reason="属住建职能", suggested_unit=city.east, at=at(2026, 1, 7))
    lead.refresh_from_db()
    assert lead.state == "returned"
    t.decide_return(item, people.supervisor, reassign_to=city.east, comment="改由东城区牵头", at=at(2026, 1, 8))
    lead.refresh_from_db()
    m.refresh_from_db()
    old_clock.refresh_from_db()
    assert lead.unit == city.east and lead.state == "assigned" and m.lead_unit == city.east
    assert old_clock.state == ClockState.STOPPED and lead.clock.pk != old_clock.pk and lead.clock.unit == city.east
    assert SupervisionDoc.objects.filter(kind="assign", unit=city.east).exists()
    assert Notice.objects.filter(recipient=people.dc_liaison, kind="supervision.assign").exists()


def test_return_after_the_window_is_refused_and_a_refused_return_restores_the_state(people, new_matter):
    lead = flow.in_progress(people, new_matter())
    with pytest.raises(TransitionRefused, match="交办已超过 3 个工作日（4 个），不能退回"):
        t.return_task(lead, people.jt_liaison, reason="不归我们管", at=at(2026, 1, 9))
    item = t.return_task(lead, people.jt_liaison, reason="不归我们管", at=at(2026, 1, 8))
    with pytest.raises(UserError, match="请填写不同意退回的理由"):
        t.decide_return(item, people.supervisor, at=at(2026, 1, 9))
    t.decide_return(item, people.supervisor, comment="三定方案明确由交通局负责", at=at(2026, 1, 9))
    lead.refresh_from_db()
    assert lead.state == "in_progress" and lead.clock.state == ClockState.RUNNING


def test_completion_needs_acceptance_and_finished_milestones(people, new_matter):
    m = new_matter(milestones=[(date(2026, 3, 31), "完成主体结构")])
    lead = flow.assigned(people, m)
    with pytest.raises(TransitionRefused, match="请先签收，再申请办结"):
        t.request_completion(lead, people.jt_liaison, result="完成", at=at(2026, 1, 6))
    t.accept(lead, people.jt_liaison, at=at(2026, 1, 6))
    lead.refresh_from_db()
    with pytest.raises(TransitionRefused, match="还有 1 个阶段目标未办结"):
        t.request_completion(lead, people.jt_liaison, result="完成", at=at(2026, 6, 1))
    milestone = lead.children.get()
    assert milestone.state == "in_progress"
    item = t.request_completion(milestone, people.jt_liaison, result="主体完工", at=at(2026, 3, 30))
    t.review_completion(item, people.supervisor, accept=True, at=at(2026, 4, 1))
    t.request_completion(lead, people.jt_liaison, result="完成", at=at(2026, 6, 1))
    lead.refresh_from_db()
    assert lead.state == "review"


def test_reject_resumes_the_clock_giving_back_the_review_time_then_accept_counts_the_submission(people, new_matter):
    lead, item = flow.in_review(people, new_matter())  # completion asked 6月20日
    assert lead.clock.state == ClockState.PAUSED
    with pytest.raises(UserError, match="请填写驳回理由"):
        t.review_completion(item, people.supervisor, accept=False, at=at(2026, 6, 22))
    t.review_completion(item, people.supervisor, accept=False, comment="缺少竣工验收材料", at=at(2026, 6, 22))
    lead.refresh_from_db()
    assert lead.state == "in_progress" and lead.clock.state == ClockState.RUNNING
    assert lead.clock.due_at.astimezone(SH).date() > date(2026, 6, 30)  # paused time given back
    second = t.request_completion(lead, people.jt_liaison, result="补充验收报告", at=at(2026, 6, 24))
    t.review_completion(second, people.supervisor, accept=True, at=at(2026, 7, 6))
    lead.refresh_from_db()
    assert lead.state == "done" and lead.progress == 100
    assert lead.completed_at == at(2026, 6, 24) and lead.clock.completed_at <= lead.clock.due_at  # on time
    assert item.state == "rejected" and second.state == "approved"


def test_matter_waits_for_close_then_is_closed_with_a_recheck_in_three_months(people, new_matter):
    m = flow.all_done(people, new_matter())
    assert m.state == "awaiting_close" and m.progress == 100
    t.close(m, people.supervisor, at=at(2026, 6, 26))
    m.refresh_from_db()
    recheck = m.rechecks.get()
    assert m.state == "closed" and m.recheck_due == date(2026, 9, 26) == recheck.due_on
    assert recheck.clock.kind == "supervision.recheck" and recheck.clock.state == ClockState.RUNNING
    with pytest.raises(TransitionRefused, match="已销号的事项不能销号"):
        t.close(m, people.supervisor, at=at(2026, 6, 27))


def test_close_refused_while_tasks_are_open(people, new_matter):
    m = new_matter()
    flow.in_progress(people, m)
    with pytest.raises(TransitionRefused, match="办理中的事项不能销号（须全部任务办结）"):
        t.close(m, people.supervisor, at=at(2026, 3, 1))


def test_rating_rules(people, new_matter):
    m = new_matter()
    flow.in_progress(people, m)
    with pytest.raises(TransitionRefused, match="办理中的事项不能评价"):
        t.rate(m, people.head, rating="good", at=at(2026, 3, 1))
    flow.all_done(people, new_matter())
    done = type(m).objects.get(state="awaiting_close")
    with pytest.raises(UserError, match="评价等次无效"):
        t.rate(done, people.head, rating="A+", at=at(2026, 6, 26))
    with pytest.raises(UserError, match="须写明评价意见"):
        t.rate(done, people.mayor, rating="poor", at=at(2026, 6, 26))
    t.rate(done, people.mayor, rating="excellent", comment="提前通车", at=at(2026, 6, 26))
    done.refresh_from_db()
    assert done.rating == "excellent" and done.rated_by == people.mayor


def test_a_failed_recheck_reopens_the_matter(people, new_matter):
    m = flow.closed(people, new_matter())
    recheck = m.rechecks.get()
    t.record_recheck(recheck, people.supervisor, result="failed", findings="路面出现沉降", redo_workdays=10,
                     at=at(2026, 9, 21))
    m.refresh_from_db()
    lead = flow.lead_task(m)
    assert m.state == "active" and lead.state == "in_progress"
    assert lead.deadline == date(2026, 10, 12)  # 10 working days after 9月21日: 中秋, 国庆 skipped, 10月10日 (Sat) works
    assert lead.clock.state == ClockState.RUNNING and lead.clock.events.filter(kind=EventKind.REOPEN).exists()
    assert flow.co_task(m).state == "done"  # co-units' parts stay done
    with pytest.raises(TransitionRefused, match="该回头看已经记录结果"):
        t.record_recheck(recheck, people.supervisor, result="passed", findings="x", at=at(2026, 9, 22))


def test_a_passed_recheck_ends_it(people, new_matter):
    m = flow.closed(people, new_matter())
    recheck = m.rechecks.get()
    t.record_recheck(recheck, people.supervisor, result="passed", findings="实地查看，运行良好", at=at(2026, 9, 21))
    recheck.refresh_from_db()
    m.refresh_from_db()
    assert m.state == "closed" and recheck.clock.state == ClockState.DONE and recheck.result == "passed"


def test_suspend_stops_every_clock(people, new_matter):
    m = new_matter()
    lead = flow.in_progress(people, m)
    t.suspend(m, people.head, reason="上级政策调整，不再实施", at=at(2026, 3, 2))
    lead.refresh_from_db()
    assert lead.state == "suspended" and lead.clock.state == ClockState.STOPPED
    assert lead.report_clock.state == ClockState.STOPPED and flow.co_task(m).accept_clock.state == ClockState.STOPPED
    with pytest.raises(TransitionRefused, match="已中止的事项不能中止"):
        t.suspend(m, people.head, reason="again", at=at(2026, 3, 3))


def test_flag_marks_the_open_task_clocks(people, new_matter):
    m = new_matter()
    lead = flow.in_progress(people, m)
    t.flag(m, people.mayor, reason="进度严重滞后", at=at(2026, 3, 2))
    lead.refresh_from_db()
    assert m.flagged and lead.clock.flagged
    with pytest.raises(TransitionRefused, match="该事项已挂牌督办"):
        t.flag(m, people.mayor, reason="again", at=at(2026, 3, 3))
    t.flag(m, people.head, flagged=False, at=at(2026, 4, 1))
    lead.refresh_from_db()
    assert not lead.clock.flagged


def test_manual_escalation_turns_red_and_issues_the_paper(people, new_matter):
    from zhongshu.clocks.lights import light

    m = new_matter()
    lead = flow.in_progress(people, m)
    doc = t.escalate(lead, people.supervisor, reason="多次催办未见成效", at=at(2026, 3, 2))
    lead.refresh_from_db()
    assert doc.kind == "escalate" and doc.unit == lead.unit and light(lead.clock, at(2026, 3, 2)) == "red"
    told = set(Notice.objects.filter(kind="supervision.escalate").values_list("recipient__username", flat=True))
    assert {"jt_liaison", "jt_leader", "vice"} <= told


@pytest.mark.parametrize("stage, call, message", [
    ("draft", lambda p, tk: t.accept(tk, p.jt_liaison, at=at(2026, 1, 6)), "待交办的任务不能签收"),
    ("draft", lambda p, tk: t.report(tk, p.jt_liaison, flow.report_input(), at=at(2026, 1, 6)), "待交办的任务不能填报进展"),
    ("assigned", lambda p, tk: t.report(tk, p.jt_liaison, flow.report_input(), at=at(2026, 1, 6)),
     "待签收的任务不能填报进展"),
    ("in_progress", lambda p, tk: t.accept(tk, p.jt_liaison, at=at(2026, 1, 7)), "办理中的任务不能签收"),
    ("review", lambda p, tk: t.request_extension(tk, p.jt_liaison, new_deadline=date(2026, 9, 1), reason="x",
                                                 at=at(2026, 6, 21)), "办结待审的任务不能申请延期"),
    ("review", lambda p, tk: t.return_task(tk, p.jt_liaison, reason="x", at=at(2026, 6, 21)), "办结待审的任务不能退回"),
    ("review", lambda p, tk: t.request_completion(tk, p.jt_liaison, result="x", at=at(2026, 6, 21)),
     "办结待审的任务不能申请办结"),
])
def test_illegal_steps_are_refused_and_change_nothing(people, new_matter, stage, call, message):
    m = new_matter()
    if stage == "draft":
        task = flow.lead_task(m)
    elif stage == "assigned":
        task = flow.assigned(people, m)
    elif stage == "in_progress":
        task = flow.in_progress(people, m)
    else:
        task = flow.in_review(people, m)[0]
    before = (task.state, task.updated_at)
    with pytest.raises(TransitionRefused, match=message):
        call(people, task)
    task.refresh_from_db()
    assert (task.state, task.updated_at) == before


def test_times_of_steps_are_the_given_moments(people, new_matter):
    lead = flow.in_progress(people, new_matter())
    assert lead.assigned_at == at(2026, 1, 5, 10) and lead.accepted_at == at(2026, 1, 6, 9)
    assert lead.accepted_at - lead.assigned_at == timedelta(hours=23)
