"""A 批示 from 登记 to 阅结 and 续批, through the transitions: the 督办 matter it becomes, the
units' 办理情况报告 as their 办结申请, 呈报 to the leader, and who may do each step."""

from __future__ import annotations

from datetime import date

import pytest
from ins_time import at, review_all

from zhongshu.core.errors import PermissionDenied, TransitionRefused, UserError
from zhongshu.instructions import transitions as tr
from zhongshu.instructions.choices import InstructionState, RoundState
from zhongshu.instructions.models import Report, Round
from zhongshu.notify.models import Notice
from zhongshu.supervision import matters_for
from zhongshu.supervision import transitions as sv
from zhongshu.supervision.choices import TaskState

pytestmark = pytest.mark.django_db


def _report(round_, user, unit, when=None):
    return tr.report(round_, user, unit=unit, process="3月5日召开专题会，排查积水点12处。",
                     situation="已完成8处改造，其余4处4月底前完工。", suggestions="建议将排水管网改造纳入年度计划。",
                     at=when or at(2026, 3, 10, 15))


def _accept_all(round_, ip):
    for task in matters_for(round_).get().tasks.filter(parent__isnull=True):
        sv.accept(task, ip.jt_liaison if task.unit == ip.city.traffic else ip.sl_liaison, at=at(2026, 3, 3, 9))


def test_register_and_route_make_an_assigned_matter(ip, new_instruction):
    inst = new_instruction(route=True)
    assert inst.number == "2026-0001" and inst.state == InstructionState.OPEN
    round_ = inst.rounds.get()
    assert round_.state == RoundState.HANDLING and round_.deadline == date(2026, 3, 20)
    assert round_.lead_unit == ip.city.traffic and list(round_.co_units.all()) == [ip.city.water]
    matter = matters_for(round_).get()
    assert matter.source == "instruction" and matter.leader == ip.mayor
    assert matter.basis == round_.text and "关于城区主干道汛期积水情况的报告" in matter.title
    tasks = {t.unit: t for t in matter.tasks.filter(parent__isnull=True)}
    assert set(tasks) == {ip.city.traffic, ip.city.water}
    assert all(t.state == TaskState.ASSIGNED and t.deadline == date(2026, 3, 20) for t in tasks.values())
    # the units are told by 督查督办's 交办 notice; the 转办 clock is done the same day
    assert Notice.objects.filter(recipient=ip.jt_liaison).exists()
    from zhongshu.clocks import clock_for

    assert clock_for(round_, tr.ROUTE_KIND).state == "done"
    # the second 批示 of the year takes the next number
    assert new_instruction().number == "2026-0002"


def test_default_deadline_is_the_setting_in_working_days(ip, new_instruction, settings):
    settings.ZHONGSHU_INSTRUCTIONS_FEEDBACK_WORKDAYS = 5
    inst = new_instruction(route=True, deadline=None, when=at(2026, 4, 30, 10))  # Thursday before 劳动节
    # 5 working days from 30 April 2026: 1–5 May are holidays, 9 May (Saturday) is a 调休 working day
    round_ = inst.rounds.get()
    assert round_.deadline == date(2026, 5, 11)


def test_the_whole_loop_reports_submit_close(ip, new_instruction):
    inst = new_instruction(route=True)
    round_ = inst.rounds.get()
    with pytest.raises(TransitionRefused, match="签收"):
        _report(round_, ip.jt_liaison, ip.city.traffic)
    _accept_all(round_, ip)
    first = _report(round_, ip.jt_liaison, ip.city.traffic)
    round_.refresh_from_db()
    assert round_.state == RoundState.HANDLING and [u.pk for u in tr.missing_units(round_)] == [ip.city.water.pk]
    task = matters_for(round_).get().tasks.get(unit=ip.city.traffic, parent__isnull=True)
    assert task.state == TaskState.REVIEW and "排查积水点12处" in task.completions.get().result
    with pytest.raises(TransitionRefused, match="尚未报齐.*示例市水利局未报送"):
        tr.submit(round_, ip.supervisor, at=at(2026, 3, 10, 16))
    _report(round_, ip.sl_leader, ip.city.water, when=at(2026, 3, 11, 10))
    round_.refresh_from_db()
    assert round_.state == RoundState.TO_SUBMIT
    assert Notice.objects.filter(recipient=ip.supervisor, title__startswith="【待呈报】").exists()
    assert first.process.startswith("3月5日") and Report.objects.filter(round=round_).count() == 2
    # the 督查室 reviews the units' 办结 in 督查督办 first: not yet reviewed, not 呈报
    with pytest.raises(TransitionRefused, match="请先在督查督办中审核示例市交通运输局、示例市水利局的办结申请"):
        tr.submit(round_, ip.supervisor, at=at(2026, 3, 11, 9))
    review_all(round_, ip.supervisor)
    tr.submit(round_, ip.supervisor, note="两单位均已报送", at=at(2026, 3, 11, 11))
    round_.refresh_from_db()
    assert round_.state == RoundState.WITH_LEADER and round_.submitted_by == ip.supervisor
    assert Notice.objects.filter(recipient=ip.mayor, title__contains="办理情况").exists()

    tr.decide(round_, ip.mayor, close=True, note="已阅", at=at(2026, 3, 12, 9))
    round_.refresh_from_db()
    inst.refresh_from_db()
    assert round_.state == RoundState.CLOSED and inst.state == InstructionState.CLOSED
    assert inst.closed_by == ip.mayor and round_.decision_note == "已阅"
    with pytest.raises(TransitionRefused, match="已阅结的批示不能阅示"):
        tr.decide(round_, ip.mayor, close=True, at=at(2026, 3, 12, 10))


def test_continued_round_is_routed_again_as_a_new_matter(ip, new_instruction):
    inst = new_instruction(route=True)
    round_ = inst.rounds.get()
    _accept_all(round_, ip)
    _report(round_, ip.jt_liaison, ip.city.traffic)
    _report(round_, ip.sl_liaison, ip.city.water)
    review_all(round_, ip.supervisor)
    tr.submit(round_, ip.supervisor, at=at(2026, 3, 11, 11))
    # the leader's reply typed by the 督查室 from the paper (代录)
    new = tr.decide(round_, ip.supervisor, close=False, text="剩余4处要在主汛期前完工，交通局每周报进度。",
                    at=at(2026, 3, 12, 9))
    round_.refresh_from_db()
    inst.refresh_from_db()
    assert round_.state == RoundState.CONTINUED and round_.decided_by == ip.supervisor
    assert new.seq == 2 and new.state == RoundState.TO_ROUTE and new.leader == ip.mayor
    assert inst.state == InstructionState.OPEN and str(new).endswith("（第2轮）")
    tr.route(new, ip.supervisor, tr.RouteInput(lead_unit=ip.city.traffic, deadline=date(2026, 4, 30)),
             at=at(2026, 3, 12, 10))
    assert matters_for(new).get().tasks.filter(parent__isnull=True).count() == 1
    assert matters_for(round_).count() == 1  # round 1 keeps its own matter


@pytest.mark.parametrize("who,allowed", [
    ("supervisor", True), ("head", True), ("clerk", True), ("mayor", False), ("jt_liaison", False),
    ("jt_staff", False), ("sysadmin", False), ("agent", False)])
def test_who_may_register(ip, new_instruction, who, allowed):
    if allowed:
        assert new_instruction(by=getattr(ip, who)).pk
    else:
        with pytest.raises(PermissionDenied):
            new_instruction(by=getattr(ip, who))


@pytest.mark.parametrize("who,allowed", [
    ("supervisor", True), ("head", True), ("clerk", False), ("mayor", False), ("jt_liaison", False)])
def test_who_may_route(ip, new_instruction, who, allowed):
    round_ = new_instruction().rounds.get()
    data = tr.RouteInput(lead_unit=ip.city.traffic, deadline=date(2026, 3, 20))
    if allowed:
        assert tr.route(round_, getattr(ip, who), data, at=at(2026, 3, 2, 11)).state == RoundState.HANDLING
    else:
        with pytest.raises(PermissionDenied):
            tr.route(round_, getattr(ip, who), data, at=at(2026, 3, 2, 11))
        assert not matters_for(round_).exists()


def test_who_may_report_and_decide(ip, new_instruction):
    round_ = new_instruction(route=True).rounds.get()
    _accept_all(round_, ip)
    for user in (ip.jt_staff, ip.supervisor, ip.mayor):
        with pytest.raises(PermissionDenied):
            _report(round_, user, ip.city.traffic)
    with pytest.raises(PermissionDenied, match="承办单位"):
        _report(round_, ip.dc_liaison, ip.city.east)
    with pytest.raises(UserError, match="本单位"):
        _report(round_, ip.sl_liaison, ip.city.traffic)  # 水利局 cannot report for 交通局
    _report(round_, ip.jt_leader, ip.city.traffic)
    _report(round_, ip.sl_liaison, ip.city.water)
    review_all(round_, ip.head)
    tr.submit(round_, ip.head, at=at(2026, 3, 11, 11))
    with pytest.raises(PermissionDenied, match="不是您批的"):
        tr.decide(round_, ip.vice, close=True, at=at(2026, 3, 12, 9))
    with pytest.raises(PermissionDenied):
        tr.decide(round_, ip.jt_leader, close=True, at=at(2026, 3, 12, 9))
    assert tr.decide(round_, ip.mayor, close=True, at=at(2026, 3, 12, 9)).state == RoundState.CLOSED


def test_state_rules(ip, new_instruction):
    round_ = new_instruction().rounds.get()
    with pytest.raises(PermissionDenied, match="只有承办单位"):  # not routed yet: no unit has it
        _report(round_, ip.jt_liaison, ip.city.traffic)
    with pytest.raises(TransitionRefused, match="待转办的批示不能呈报"):
        tr.submit(round_, ip.supervisor)
    with pytest.raises(TransitionRefused, match="待转办的批示不能阅示"):
        tr.decide(round_, ip.mayor, close=True)
    tr.route(round_, ip.supervisor, tr.RouteInput(lead_unit=ip.city.traffic, deadline=date(2026, 3, 20)),
             at=at(2026, 3, 2, 11))
    with pytest.raises(TransitionRefused, match="办理中的批示不能转办"):
        tr.route(round_, ip.supervisor, tr.RouteInput(lead_unit=ip.city.water, deadline=date(2026, 3, 20)),
                 at=at(2026, 3, 2, 12))
    assert matters_for(round_).count() == 1
    with pytest.raises(UserError, match="续批须填写"):
        tr.decide(round_, ip.mayor, close=False)


def test_a_street_liaison_sees_nothing_of_a_city_bureau_instruction(ip, new_instruction):
    from zhongshu.instructions.models import Instruction

    new_instruction(route=True)
    assert Instruction.objects.restrict(ip.jt_liaison).count() == 1
    assert Instruction.objects.restrict(ip.sl_staff).count() == 1
    assert Instruction.objects.restrict(ip.dc_liaison).count() == 0
    assert Instruction.objects.restrict(ip.street_liaison).count() == 0
    assert Instruction.objects.restrict(ip.clerk).count() == 1 and Instruction.objects.restrict(ip.agent).count() == 0
    assert Round.objects.restrict(ip.jt_liaison).count() == 1


def test_a_unit_sent_back_to_redo_reports_again_before_呈报(ip, new_instruction):
    round_ = new_instruction(route=True).rounds.get()
    _accept_all(round_, ip)
    _report(round_, ip.jt_liaison, ip.city.traffic)
    _report(round_, ip.sl_liaison, ip.city.water)
    from zhongshu.supervision import tasks_for
    from zhongshu.supervision.transitions import review_completion

    water = tasks_for(round_).get(unit=ip.city.water)
    review_completion(water.completions.get(), ip.supervisor, accept=False, comment="请补充河道排口清淤照片",
                      at=at(2026, 3, 11, 9))
    review_all(round_, ip.supervisor)
    with pytest.raises(TransitionRefused, match="示例市水利局的办结申请已驳回重办，尚未重新报送"):
        tr.submit(round_, ip.supervisor, at=at(2026, 3, 11, 10))
    _report(round_, ip.sl_liaison, ip.city.water, when=at(2026, 3, 12, 9))  # the second report
    review_all(round_, ip.supervisor, when=at(2026, 3, 12, 10))
    assert tr.submit(round_, ip.supervisor, at=at(2026, 3, 12, 11)).state == RoundState.WITH_LEADER
    assert round_.reports.filter(unit=ip.city.water).count() == 2
