"""The loop of DOMAIN.md §8 through the services: 受理 → 派单 → 签收 → 答复 → 办结 → 回访, and its
side paths (退单 / 异议 / 裁定, 延期, 挂起, 重开, 并单, 重办), with the clocks they drive."""

from __future__ import annotations

from datetime import datetime

import pytest
from hl_time import SH, at

from zhongshu.clocks import clock_for
from zhongshu.clocks.models import ClockState
from zhongshu.core.errors import PermissionDenied, TransitionRefused, UserError
from zhongshu.hotline import transitions as tr
from zhongshu.hotline.choices import StepKind, TicketState
from zhongshu.hotline.models import Ticket

pytestmark = pytest.mark.django_db


def _due(ticket, kind):
    return clock_for(ticket, kind).due_at.astimezone(SH)


def _kinds(ticket):
    return [s.kind for s in ticket.steps.order_by("at", "id")]


def test_full_loop_by_the_catalogue(hl, new_ticket):
    t = new_ticket()
    assert t.number == "202600000001" and t.state == TicketState.RECEIVED
    assert len(t.retrieval_code) == 6
    assert clock_for(t, "hotline.dispatch").state == ClockState.RUNNING

    tr.dispatch(t, hl.dispatcher, at=at(2026, 3, 2, 10))
    t.refresh_from_db()
    # 道路破损 has no entry of its own: the parent 道路交通 entry applies, and is shown
    assert t.unit == hl.city.traffic and t.catalogue_entry.category == hl.traffic_cat
    assert "权责清单》第 12 项" in t.dispatch_basis and "道路交通" in t.dispatch_basis
    assert clock_for(t, "hotline.dispatch").state == ClockState.DONE
    # 签收 1 working day; 投诉 15 working days from Monday 2 March 2026 → Monday 23 March
    assert _due(t, "hotline.accept") == datetime(2026, 3, 3, 23, 59, 59, tzinfo=SH)
    assert _due(t, "hotline.handle") == datetime(2026, 3, 23, 23, 59, 59, tzinfo=SH)

    with pytest.raises(PermissionDenied, match="承办单位"):
        tr.accept(t, hl.sl_liaison, at=at(2026, 3, 2, 11))
    tr.accept(t, hl.jt_liaison, at=at(2026, 3, 2, 11))
    t.refresh_from_db()
    assert t.state == TicketState.HANDLING and not t.accepted_late
    tr.note(t, hl.jt_staff, "已安排养护队现场查看", at=at(2026, 3, 3, 9))
    tr.reply(t, hl.jt_staff, reply="已更换井盖，恢复通行。", resolution="solved", at=at(2026, 3, 4, 15))
    t.refresh_from_db()
    assert t.state == TicketState.REPLIED and not t.replied_late
    assert clock_for(t, "hotline.handle").state == ClockState.DONE
    tr.close(t, hl.dispatcher, at=at(2026, 3, 4, 16))
    t.refresh_from_db()
    assert t.state == TicketState.CLOSED and t.closed_how == "unit"
    assert _due(t, "hotline.callback") == datetime(2026, 3, 5, 23, 59, 59, tzinfo=SH)
    tr.callback(t, hl.agent, satisfaction="satisfied", note="市民表示满意", at=at(2026, 3, 5, 10))
    t.refresh_from_db()
    assert t.state == TicketState.FINISHED and t.satisfaction == "satisfied"
    assert clock_for(t, "hotline.callback").state == ClockState.DONE
    assert _kinds(t) == [StepKind.RECEIVE, StepKind.DISPATCH, StepKind.ACCEPT, StepKind.NOTE, StepKind.REPLY,
                         StepKind.CLOSE, StepKind.CALLBACK]


def test_late_acceptance_and_late_reply_are_recorded(hl, new_ticket):
    t = new_ticket()
    tr.dispatch(t, hl.dispatcher, at=at(2026, 3, 2, 10))
    tr.accept(t, hl.jt_leader, at=at(2026, 3, 4, 9))
    tr.reply(t, hl.jt_liaison, reply="已修复", resolution="solved", at=at(2026, 3, 24, 9))
    t.refresh_from_db()
    assert t.accepted_late and t.replied_late


def test_dispatch_by_hand_needs_a_basis_and_unknown_category_needs_a_unit(hl, new_ticket):
    t = new_ticket(category=hl.social)
    with pytest.raises(UserError, match="派单目录中没有"):
        tr.dispatch(t, hl.dispatcher)
    with pytest.raises(UserError, match="派单依据"):
        tr.dispatch(t, hl.dispatcher, unit=hl.city.east)
    tr.dispatch(t, hl.dispatcher, unit=hl.city.east, basis="属地管理：东城区人社分局")
    t.refresh_from_db()
    assert t.unit == hl.city.east and t.catalogue_entry is None and t.dispatch_basis == "属地管理：东城区人社分局"


def test_roles_that_may_not_dispatch_or_answer(hl, new_ticket):
    t = new_ticket()
    for user in (hl.agent, hl.jt_liaison, hl.supervisor, hl.mayor, hl.sysadmin):
        with pytest.raises(PermissionDenied):
            tr.dispatch(t, user)
    for user in (hl.jt_liaison, hl.supervisor):
        with pytest.raises(PermissionDenied):
            tr.answer(t, user, reply="x")
    assert Ticket.objects.get(pk=t.pk).state == TicketState.RECEIVED


def test_direct_answer_from_the_knowledge_base(hl, new_ticket):
    from zhongshu.hotline.models import KnowledgeEntry

    kb = KnowledgeEntry.objects.create(question="社保缴费基数怎么查", answer="登录市人社局网站“个人查询”栏目。")
    t = new_ticket(category=hl.social, request_type="consult", title="社保缴费基数查询", description="怎么查社保缴费基数？")
    tr.answer(t, hl.agent, reply=kb.answer, knowledge=kb, at=at(2026, 3, 2, 9, 5))
    t.refresh_from_db()
    assert t.state == TicketState.CLOSED and t.closed_how == "direct" and t.unit is None
    with pytest.raises(TransitionRefused):
        tr.dispatch(t, hl.dispatcher)
    tr.callback(t, hl.agent, satisfaction="unsatisfied", unit_at_fault=True, at=at(2026, 3, 3, 9))
    t.refresh_from_db()
    assert t.state == TicketState.FINISHED and t.round == 1  # no unit to redo it


def test_return_refused_then_dispute_then_final_ruling(hl, new_ticket):
    t = new_ticket()
    tr.dispatch(t, hl.dispatcher, at=at(2026, 3, 2, 10))
    with pytest.raises(UserError, match="退单原因"):
        tr.return_ticket(t, hl.jt_liaison, reason="bogus", text="x")
    tr.return_ticket(t, hl.jt_liaison, reason="wrong_place", text="该路段属东城区管养", at=at(2026, 3, 2, 14))
    t.refresh_from_db()
    assert t.state == TicketState.RETURNED and t.return_unit == hl.city.traffic
    assert clock_for(t, "hotline.handle").state == ClockState.PAUSED
    with pytest.raises(UserError, match="理由"):
        tr.decide_return(t, hl.dispatcher, agree=False)
    tr.decide_return(t, hl.dispatcher, agree=False, comment="主干道由市交通局管养", at=at(2026, 3, 2, 15))
    t.refresh_from_db()
    assert t.state == TicketState.DISPATCHED and clock_for(t, "hotline.handle").state == ClockState.RUNNING
    assert tr.can_dispute(t)
    tr.dispute(t, hl.jt_leader, text="已移交东城区，附交接清单", at=at(2026, 3, 2, 16))
    t.refresh_from_db()
    assert t.state == TicketState.DISPUTED
    with pytest.raises(PermissionDenied):
        tr.rule_dispute(t, hl.dispatcher, unit=hl.city.east, ruling="x")
    tr.rule_dispute(t, hl.head, unit=hl.city.east, ruling="依据交接清单，由东城区办理", at=at(2026, 3, 3, 9))
    t.refresh_from_db()
    assert t.unit == hl.city.east and t.state == TicketState.DISPATCHED and t.dispatch_final
    assert clock_for(t, "hotline.handle").unit == hl.city.east
    with pytest.raises(TransitionRefused, match="最终"):
        tr.return_ticket(t, hl.dc_liaison, reason="overlap", text="再退")


def test_agreed_return_must_go_to_another_unit(hl, new_ticket):
    t = new_ticket()
    tr.dispatch(t, hl.dispatcher, at=at(2026, 3, 2, 10))
    tr.return_ticket(t, hl.jt_liaison, reason="wrong_place", text="属东城区", at=at(2026, 3, 2, 11))
    with pytest.raises(TransitionRefused, match="改派其他单位"):
        tr.decide_return(t, hl.dispatcher, agree=True, unit=hl.city.traffic, basis="x")
    tr.decide_return(t, hl.dispatcher, agree=True, unit=hl.city.east, basis="属地：东城区", at=at(2026, 3, 2, 12))
    t.refresh_from_db()
    assert t.unit == hl.city.east and t.state == TicketState.DISPATCHED and not tr.can_dispute(t)


def test_extension_before_the_deadline_moves_the_clock(hl, new_ticket):
    t = new_ticket(request_type="help")  # 求助: 5 working days → Monday 9 March
    tr.dispatch(t, hl.dispatcher, at=at(2026, 3, 2, 10))
    tr.accept(t, hl.jt_liaison, at=at(2026, 3, 2, 11))
    assert _due(t, "hotline.handle").date().isoformat() == "2026-03-09"
    with pytest.raises(UserError, match="依据"):
        tr.request_extension(t, hl.jt_liaison, days=3, basis=" ")
    ext = tr.request_extension(t, hl.jt_liaison, days=3, basis="需协调燃气公司停气施工", at=at(2026, 3, 5, 9))
    with pytest.raises(TransitionRefused, match="待审批"):
        tr.request_extension(t, hl.jt_liaison, days=2, basis="again", at=at(2026, 3, 5, 10))
    tr.decide_extension(ext, hl.dispatcher, approve=True, at=at(2026, 3, 5, 11))
    assert _due(t, "hotline.handle").date().isoformat() == "2026-03-12"
    with pytest.raises(TransitionRefused, match="届满前"):
        tr.request_extension(t, hl.jt_liaison, days=1, basis="太晚了", at=at(2026, 3, 13, 9))


def test_unsatisfied_through_the_units_fault_is_redone(hl, new_ticket):
    t = new_ticket()
    tr.dispatch(t, hl.dispatcher, at=at(2026, 3, 2, 10))
    tr.accept(t, hl.jt_liaison, at=at(2026, 3, 2, 11))
    tr.reply(t, hl.jt_liaison, reply="已处理", resolution="solved", at=at(2026, 3, 3, 9))
    tr.close(t, hl.dispatcher, at=at(2026, 3, 3, 10))
    tr.callback(t, hl.agent, satisfaction=None, reached=False, at=at(2026, 3, 4, 9))
    assert Ticket.objects.get(pk=t.pk).state == TicketState.CLOSED  # not reached: try again
    tr.callback(t, hl.agent, satisfaction="unsatisfied", unit_at_fault=True, note="井盖仍松动",
                at=at(2026, 3, 4, 15))
    t.refresh_from_db()
    assert t.state == TicketState.HANDLING and t.round == 2 and t.satisfaction == "unsatisfied"
    clock = clock_for(t, "hotline.handle")
    assert clock.state == ClockState.RUNNING and clock.started_at.astimezone(SH) == at(2026, 3, 4, 15)
    assert StepKind.REDO in _kinds(t)


def test_reply_rejected_by_the_office_goes_back_with_the_clock(hl, new_ticket):
    t = new_ticket()
    tr.dispatch(t, hl.dispatcher, at=at(2026, 3, 2, 10))
    tr.accept(t, hl.jt_liaison, at=at(2026, 3, 2, 11))
    tr.reply(t, hl.jt_liaison, reply="已处理", resolution="solved", at=at(2026, 3, 3, 9))
    with pytest.raises(PermissionDenied):
        tr.close(t, hl.agent)
    tr.reject_reply(t, hl.dispatcher, reason="答复未说明处理时间", at=at(2026, 3, 3, 10))
    t.refresh_from_db()
    assert t.state == TicketState.HANDLING
    assert clock_for(t, "hotline.handle").state == ClockState.RUNNING


def test_suspend_pauses_and_resume_gives_the_time_back(hl, new_ticket):
    t = new_ticket(request_type="help")
    tr.dispatch(t, hl.dispatcher, at=at(2026, 3, 2, 10))
    tr.accept(t, hl.jt_liaison, at=at(2026, 3, 2, 11))
    tr.suspend(t, hl.dispatcher, reason="等待市民补充材料", at=at(2026, 3, 3, 9))
    t.refresh_from_db()
    assert t.state == TicketState.SUSPENDED and clock_for(t, "hotline.handle").state == ClockState.PAUSED
    tr.resume(t, hl.dispatcher, at=at(2026, 3, 5, 9))
    t.refresh_from_db()
    assert t.state == TicketState.HANDLING
    assert _due(t, "hotline.handle").date() > datetime(2026, 3, 9).date()


def test_merge_then_close_answers_the_duplicate_too(hl, new_ticket):
    a = new_ticket()
    b = new_ticket(caller_phone="13900001111", when=at(2026, 3, 2, 11))
    tr.dispatch(a, hl.dispatcher, at=at(2026, 3, 2, 11))
    with pytest.raises(UserError):
        tr.merge(a, hl.dispatcher, into=a)
    tr.merge(b, hl.dispatcher, into=a, at=at(2026, 3, 2, 12))
    b.refresh_from_db()
    assert b.state == TicketState.MERGED and b.master == a
    assert clock_for(b, "hotline.dispatch").state == ClockState.DONE
    tr.accept(a, hl.jt_liaison, at=at(2026, 3, 2, 13))
    tr.reply(a, hl.jt_liaison, reply="已修复", resolution="solved", at=at(2026, 3, 3, 9))
    tr.close(a, hl.dispatcher, at=at(2026, 3, 3, 10))
    b.refresh_from_db()
    assert b.state == TicketState.CLOSED and b.closed_how == "merged" and b.reply == "已修复"
    assert clock_for(b, "hotline.callback").state == ClockState.RUNNING


def test_reopen_a_finished_ticket(hl, new_ticket):
    t = new_ticket()
    tr.dispatch(t, hl.dispatcher, at=at(2026, 3, 2, 10))
    tr.accept(t, hl.jt_liaison, at=at(2026, 3, 2, 11))
    tr.reply(t, hl.jt_liaison, reply="已修复", resolution="solved", at=at(2026, 3, 3, 9))
    tr.close(t, hl.dispatcher, at=at(2026, 3, 3, 10))
    tr.callback(t, hl.agent, satisfaction="basic", at=at(2026, 3, 4, 9))
    with pytest.raises(UserError):
        tr.reopen(t, hl.dispatcher, reason="")
    tr.reopen(t, hl.dispatcher, reason="市民再次来电：同一井盖又损坏", at=at(2026, 3, 10, 9))
    t.refresh_from_db()
    assert t.state == TicketState.HANDLING and t.round == 2 and t.unit == hl.city.traffic


def test_a_refused_step_changes_nothing(hl, new_ticket):
    t = new_ticket()
    before = (t.state, t.steps.count())
    with pytest.raises(TransitionRefused):
        tr.close(t, hl.dispatcher)
    t.refresh_from_db()
    assert (t.state, t.steps.count()) == before
