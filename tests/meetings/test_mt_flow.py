"""The whole 会议 loop through transitions.py: 议题 → 会议 → 回执 and 签到 → 纪要 → 议定事项 → 传达."""

from __future__ import annotations

from datetime import datetime

import meeting_flow as flow
import pytest
from meeting_flow import at

from zhongshu.core.errors import TransitionRefused, UserError
from zhongshu.core.files import attachments_for
from zhongshu.meetings import transitions as tr
from zhongshu.meetings.choices import MeetingState, RelayState, Reply, TopicState
from zhongshu.notify.models import Notice


def test_a_topic_goes_from_submission_onto_the_agenda(people, city):
    topic = flow.submitted(people, city)
    assert topic.state == TopicState.SUBMITTED and topic.unit == city.traffic
    assert [a.name for a in attachments_for(topic, "material")] == ["汇报材料.docx"]
    assert set(topic.consulted_units.all()) == {city.water, city.east}
    assert Notice.objects.filter(recipient=people.clerk, title__startswith="【新议题】").exists()
    tr.return_topic(topic, people.clerk, reason="缺少资金测算表", at=at(2026, 3, 2, 9, 30))
    assert topic.state == TopicState.RETURNED
    assert Notice.objects.filter(recipient=people.jt_leader, body__contains="缺少资金测算表").exists()
    with pytest.raises(TransitionRefused, match="已退回的议题不能受理"):
        tr.accept_topic(topic, people.clerk, at=at(2026, 3, 2, 9, 40))
    tr.resubmit_topic(topic, people.jt_leader, flow.topic_input(people, city, reporter="副局长 李强"),
                      materials=[flow.material("资金测算表.docx")], at=at(2026, 3, 2, 9, 45))
    assert topic.state == TopicState.SUBMITTED and topic.reporter == "副局长 李强"
    assert attachments_for(topic, "material").count() == 2
    tr.accept_topic(topic, people.clerk, at=at(2026, 3, 2, 10))
    meeting = flow.planned(people, city)
    assert meeting.number == "第1次常务会议" and meeting.name == "2026年第1次常务会议"
    second = tr.plan_meeting(people.clerk2, kind="executive", starts_at=at(2026, 3, 12, 9), place="第一会议室",
                             chair=people.mayor, at=at(2026, 3, 2, 11))
    assert second.session == 2
    tr.schedule(meeting, people.clerk, [topic], at=at(2026, 3, 2, 11, 30))
    topic.refresh_from_db()
    assert topic.state == TopicState.SCHEDULED and topic.meeting == meeting
    with pytest.raises(TransitionRefused, match="只有已受理的议题可以列入议程"):
        tr.schedule(second, people.clerk, [topic], at=at(2026, 3, 2, 11, 40))


def test_notice_replies_and_sign_in(people, city):
    meeting = flow.noticed(people, city)
    assert meeting.state == MeetingState.NOTICED
    for user in (people.jt_liaison, people.sl_leader, people.dc_liaison, people.vice, people.mayor):
        assert Notice.objects.filter(recipient=user, title="【会议通知】2026年第1次常务会议").exists(), user
    rows = {a.unit_id: a for a in meeting.attendances.filter(person=None)}
    with pytest.raises(UserError, match="请假须写明事由"):
        tr.reply(rows[city.east.pk], people.dc_liaison, reply="leave", at=at(2026, 3, 3, 9))
    with pytest.raises(UserError, match="请填写代会人"):
        tr.reply(rows[city.east.pk], people.dc_liaison, reply="substitute", at=at(2026, 3, 3, 9))
    tr.reply(rows[city.east.pk], people.dc_liaison, reply="leave", leave_reason="参加省政府会议", at=at(2026, 3, 3, 9))
    with pytest.raises(TransitionRefused, match="已请假（参加省政府会议），不能签到"):
        tr.sign_in(rows[city.east.pk], people.clerk, at=at(2026, 3, 5, 8, 50))
    tr.reply(rows[city.water.pk], people.sl_liaison, reply="substitute", substitute="副局长 钱进", at=at(2026, 3, 3, 9))
    tr.sign_in(rows[city.water.pk], people.clerk, at=at(2026, 3, 5, 8, 50))
    rows[city.water.pk].refresh_from_db()
    assert rows[city.water.pk].attendee_text == "副局长 钱进（代示例市水利局主要负责同志）"
    with pytest.raises(TransitionRefused, match="已于 08:50 签到"):
        tr.sign_in(rows[city.water.pk], people.clerk, at=at(2026, 3, 5, 8, 55))
    with pytest.raises(TransitionRefused, match="已签到，不能再修改回执"):
        tr.reply(rows[city.water.pk], people.sl_liaison, reply="attending", at=at(2026, 3, 5, 9))
    tr.sign_in(rows[city.traffic.pk], people.clerk, at=at(2026, 3, 5, 8, 52))
    rows[city.traffic.pk].refresh_from_db()
    assert rows[city.traffic.pk].reply == Reply.ATTENDING  # signing in without a 回执 counts as attending
    with pytest.raises(TransitionRefused, match="尚未开始"):
        tr.hold(meeting, people.clerk, at=at(2026, 3, 4, 9))
    tr.hold(meeting, people.clerk, at=at(2026, 3, 5, 12))
    assert meeting.topics.get().state == TopicState.DISCUSSED
    with pytest.raises(TransitionRefused, match="已召开的会议不能填报回执"):
        tr.reply(rows[city.east.pk], people.dc_liaison, reply="attending", at=at(2026, 3, 5, 13))


def test_issuing_the_minutes_numbers_them_and_starts_both_relay_clocks(people, city):
    meeting = flow.drafted(people, city)
    assert [d.seq for d in meeting.decisions.all()] == [1, 2]
    minutes = tr.issue_minutes(meeting, people.clerk, at=at(2026, 3, 9, 10))
    assert minutes.issue_text == "第1期" and meeting.state == MeetingState.MINUTES_ISSUED
    relays = {r.unit_id: r for r in meeting.relays.select_related("relay_clock", "report_clock")}
    assert set(relays) == {city.traffic.pk, city.water.pk}
    jt = relays[city.traffic.pk]
    assert jt.state == RelayState.PENDING
    assert jt.relay_clock.kind == "meetings.relay" and jt.relay_clock.due_at == at(2026, 3, 10, 10)  # 24 hours
    assert jt.report_clock.kind == "meetings.relay_report"
    assert jt.report_clock.due_at == datetime(2026, 3, 11, 23, 59, 59, tzinfo=flow.SH)  # 2 working days
    assert jt.relay_clock.leader == people.mayor
    notice = Notice.objects.get(recipient=people.jt_liaison, title="【会议精神传达】2026年第1次常务会议")
    assert "2026-03-10 10:00 前完成学习传达" in notice.body and notice.link == jt.get_absolute_url()
    with pytest.raises(TransitionRefused, match="纪要已印发的会议不能增加议定事项"):
        tr.add_decision(meeting, people.clerk, text="x", lead_unit=city.water, at=at(2026, 3, 9, 11))
    with pytest.raises(TransitionRefused, match="纪要已印发的会议不能印发纪要"):
        tr.issue_minutes(meeting, people.clerk, at=at(2026, 3, 9, 11))


def test_relay_settings_change_the_clocks(people, city, settings):
    settings.ZHONGSHU_MEETINGS_RELAY_HOURS = 12
    settings.ZHONGSHU_MEETINGS_RELAY_REPORT_WORKDAYS = 3
    meeting = flow.issued(people, city)
    relay = meeting.relays.select_related("relay_clock", "report_clock").first()
    assert relay.relay_clock.due_at == at(2026, 3, 9, 22)
    assert relay.report_clock.due_at.date() == datetime(2026, 3, 12).date()


def test_minutes_need_their_relay_units_and_a_draft(people, city):
    meeting = flow.held(people, city)
    with pytest.raises(TransitionRefused, match="纪要尚未起草"):
        tr.issue_minutes(meeting, people.clerk, at=at(2026, 3, 9, 10))
    tr.draft_minutes(meeting, people.clerk, title="纪要", text="正文", at=at(2026, 3, 5, 15))
    with pytest.raises(TransitionRefused, match="请在纪要中确定需传达会议精神的单位"):
        tr.issue_minutes(meeting, people.clerk, at=at(2026, 3, 9, 10))
    assert meeting.relays.count() == 0 and not meeting.minutes.issue_no


def test_a_decision_becomes_a_matter_once_linked_back(people, city):
    from zhongshu.supervision import matters_for
    from zhongshu.supervision.choices import MatterState

    meeting = flow.issued(people, city)
    first, second = meeting.decisions.all()
    matter = tr.register_decision(first, people.supervisor, at=at(2026, 3, 9, 14))
    assert list(matters_for(first)) == [matter]
    assert matter.source == "executive_meeting" and matter.lead_unit == city.traffic
    assert set(matter.co_units.all()) == {city.east} and matter.deadline.isoformat() == "2026-04-30"
    assert matter.leader == people.mayor  # no 牵头领导 given: the chair
    assert matter.source_ref == "2026年第1次常务会议纪要（第1期）"
    assert matter.state != MatterState.DRAFT  # 交办 in the same step
    assert matter.tasks.filter(unit=city.traffic).get().state == "assigned"
    from zhongshu.supervision.views.matters import source_record

    assert source_record(matter)[1] == first.get_absolute_url()
    with pytest.raises(TransitionRefused, match="议定事项1已于 2026-03-09 立项"):
        tr.register_decision(first, people.head, at=at(2026, 3, 9, 15))
    assert tr.register_decision(second, people.head, at=at(2026, 3, 9, 15)).leader == people.vice


def test_a_decision_is_not_registered_before_the_minutes_are_issued(people, city):
    meeting = flow.drafted(people, city)
    with pytest.raises(TransitionRefused, match="已召开的会议不能立项议定事项"):
        tr.register_decision(meeting.decisions.first(), people.supervisor, at=at(2026, 3, 6, 9))


def test_a_unit_relays_then_reports(people, city):
    meeting = flow.issued(people, city)
    relay = meeting.relays.get(unit=city.traffic)
    with pytest.raises(TransitionRefused, match="请先登记传达"):
        tr.report_relay(relay, people.jt_liaison, report="已传达", at=at(2026, 3, 9, 16))
    relay = tr.record_relay(relay, people.jt_leader, relayed_on=at(2026, 3, 9, 15), method="party_group",
                            audience="局党组成员、各科室负责人", at=at(2026, 3, 9, 16))
    assert relay.state == RelayState.RELAYED and not relay.relayed_late
    relay.relay_clock.refresh_from_db()
    assert relay.relay_clock.state == "done" and relay.report_clock.state == "running"
    with pytest.raises(TransitionRefused, match="已传达待报告的传达任务不能登记传达"):
        tr.record_relay(relay, people.jt_leader, relayed_on=at(2026, 3, 9, 15), method="party_group",
                        audience="x", at=at(2026, 3, 9, 16))
    relay = tr.report_relay(relay, people.jt_liaison, report="已召开局党组会传达学习，制定征收工作方案。",
                            at=at(2026, 3, 10, 10))
    assert relay.state == RelayState.REPORTED and not relay.reported_late
    relay.report_clock.refresh_from_db()
    assert relay.report_clock.state == "done"
    assert Notice.objects.filter(recipient=people.clerk, title="【传达情况报告】示例市交通运输局").exists()


@pytest.mark.parametrize("kind,source,mark", [("topic", "topic_meeting", "专题会议"), ("office", "other", "办公会议")])
def test_other_kinds_of_meeting_number_and_source_their_own(people, city, kind, source, mark):
    meeting = tr.plan_meeting(people.clerk, kind=kind, subject="研究人民路排水改造", starts_at=at(2026, 3, 5, 9),
                              place="第二会议室", chair=people.vice, at=at(2026, 3, 2, 9))
    assert meeting.number == f"第1次{mark}" and meeting.name == f"2026年第1次{mark}（研究人民路排水改造）"
    topic = tr.accept_topic(flow.submitted(people, city, kind=kind), people.clerk, at=at(2026, 3, 2, 10))
    tr.schedule(meeting, people.clerk, [topic], at=at(2026, 3, 2, 11))
    tr.invite(meeting, people.clerk, units=[city.water], at=at(2026, 3, 2, 11))
    tr.send_notice(meeting, people.clerk, text="请参会", at=at(2026, 3, 2, 14))
    tr.hold(meeting, people.clerk, at=at(2026, 3, 5, 12))
    tr.draft_minutes(meeting, people.clerk, title="纪要", text="会议议定如下。", relay_units=[city.water],
                     at=at(2026, 3, 5, 15))
    decision = tr.add_decision(meeting, people.clerk, text="市水利局完成排水改造方案", lead_unit=city.water,
                               at=at(2026, 3, 5, 15))
    minutes = tr.issue_minutes(meeting, people.clerk, at=at(2026, 3, 9, 10))
    assert minutes.issue_text == "第1期"  # each kind of 纪要 has its own 期数
    matter = tr.register_decision(decision, people.supervisor, at=at(2026, 3, 9, 14))
    assert matter.source == source and matter.leader == people.vice
    from zhongshu.meetings.minutes_docx import paper_of

    assert paper_of(meeting).issuer == f"示例市人民政府{mark}纪要"
