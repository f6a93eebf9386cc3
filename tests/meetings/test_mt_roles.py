"""Every step of 会议 × every role: who may (permissions.ACTIONS), and that a refusal names the reason
and changes nothing. Allowed calls run inside a rolled-back savepoint, so each role meets the same state."""

from __future__ import annotations

import meeting_flow as flow
import pytest
from django.db import transaction
from meeting_flow import at

from zhongshu.core.errors import PermissionDenied
from zhongshu.meetings import transitions as tr
from zhongshu.meetings.models import Topic

USERS = ("clerk", "mayor", "supervisor", "head", "jt_liaison", "jt_leader", "jt_staff", "sl_liaison", "doc_clerk",
         "sysadmin")


class _Rollback(Exception):
    pass


def attempt(call, user) -> str:
    try:
        with transaction.atomic():
            call(user)
            raise _Rollback
    except _Rollback:
        return "ok"
    except PermissionDenied as exc:
        assert exc.message.startswith(("只有", "只能为本单位")), exc.message
        return "denied"


def _attendance(meeting, unit):
    return meeting.attendances.get(unit=unit, person=None)


def setups(people, city):
    """action → (state builder, call(state, user), the users allowed)."""
    unit = {"jt_liaison", "jt_leader"}
    clerk = {"clerk"}
    return {
        "submit_topic": (lambda: None, lambda s, u: tr.submit_topic(
            u, flow.topic_input(people, city), unit=city.traffic, materials=[flow.material()], at=at(2026, 3, 2, 9)),
            unit),
        "resubmit_topic": (lambda: tr.return_topic(flow.submitted(people, city), people.clerk, reason="补材料",
                                                   at=at(2026, 3, 2, 9, 30)),
                           lambda s, u: tr.resubmit_topic(s, u, flow.topic_input(people, city),
                                                          at=at(2026, 3, 2, 10)), unit),
        "accept_topic": (lambda: flow.submitted(people, city),
                         lambda s, u: tr.accept_topic(s, u, at=at(2026, 3, 2, 10)), clerk),
        "return_topic": (lambda: flow.submitted(people, city),
                         lambda s, u: tr.return_topic(s, u, reason="缺材料", at=at(2026, 3, 2, 10)), clerk),
        "plan": (lambda: None, lambda s, u: tr.plan_meeting(u, kind="topic", subject="研究防汛", place="第二会议室",
                                                            starts_at=at(2026, 3, 6, 9), chair=people.vice,
                                                            at=at(2026, 3, 2, 9)), clerk),
        "schedule": (lambda: (flow.planned(people, city), flow.accepted(people, city)),
                     lambda s, u: tr.schedule(s[0], u, [s[1]], at=at(2026, 3, 2, 11)), clerk),
        "unschedule": (lambda: flow.noticed(people, city).topics.get(),
                       lambda s, u: tr.unschedule(s, u, at=at(2026, 3, 3, 9)), clerk),
        "invite": (lambda: flow.planned(people, city),
                   lambda s, u: tr.invite(s, u, units=[city.water], at=at(2026, 3, 2, 11)), clerk),
        "notice": (lambda: _ready(people, city),
                   lambda s, u: tr.send_notice(s, u, text="请准时参会", at=at(2026, 3, 2, 14)), clerk),
        "reply": (lambda: _attendance(flow.noticed(people, city), city.traffic),
                  lambda s, u: tr.reply(s, u, reply="attending", at=at(2026, 3, 3, 9)), clerk | unit),
        "sign_in": (lambda: _attendance(flow.noticed(people, city), city.traffic),
                    lambda s, u: tr.sign_in(s, u, at=at(2026, 3, 5, 8, 50)), clerk),
        "hold": (lambda: flow.noticed(people, city), lambda s, u: tr.hold(s, u, at=at(2026, 3, 5, 12)), clerk),
        "draft": (lambda: flow.held(people, city),
                  lambda s, u: tr.draft_minutes(s, u, title="纪要", text="正文", relay_units=[city.traffic],
                                                at=at(2026, 3, 5, 15)), clerk),
        "add_decision": (lambda: flow.held(people, city),
                         lambda s, u: tr.add_decision(s, u, text="抓紧落实", lead_unit=city.traffic,
                                                      at=at(2026, 3, 5, 15)), clerk),
        "issue": (lambda: flow.drafted(people, city), lambda s, u: tr.issue_minutes(s, u, at=at(2026, 3, 9, 10)), clerk),
        "register": (lambda: flow.issued(people, city).decisions.first(),
                     lambda s, u: tr.register_decision(s, u, at=at(2026, 3, 9, 14)), {"supervisor", "head"}),
        "relay": (lambda: flow.issued(people, city).relays.get(unit=city.traffic),
                  lambda s, u: tr.record_relay(s, u, relayed_on=at(2026, 3, 9, 15), method="party_group",
                                               audience="局党组成员", at=at(2026, 3, 9, 16)), unit),
        "report": (lambda: tr.record_relay(flow.issued(people, city).relays.get(unit=city.traffic), people.jt_liaison,
                                           relayed_on=at(2026, 3, 9, 15), method="study", audience="全体干部",
                                           at=at(2026, 3, 9, 16)),
                   lambda s, u: tr.report_relay(s, u, report="已传达并部署落实", at=at(2026, 3, 10, 9)), unit),
        "remind": (lambda: flow.issued(people, city).relays.get(unit=city.traffic),
                   lambda s, u: tr.remind_relay(s, u, at=at(2026, 3, 10, 9)), clerk),
    }


def _ready(people, city):
    meeting = flow.planned(people, city)
    tr.schedule(meeting, people.clerk, [flow.accepted(people, city)], at=at(2026, 3, 2, 11))
    tr.invite(meeting, people.clerk, units=[city.traffic], at=at(2026, 3, 2, 11))
    return meeting


ACTIONS = ["submit_topic", "resubmit_topic", "accept_topic", "return_topic", "plan", "schedule", "unschedule", "invite",
           "notice",
           "reply", "sign_in", "hold", "draft", "add_decision", "issue", "register", "relay", "report", "remind"]


@pytest.mark.parametrize("action", ACTIONS)
def test_each_step_by_each_role(people, city, action):
    build, call, allowed = setups(people, city)[action]
    state = build()
    got = {key: attempt(lambda u: call(state, u), getattr(people, key)) for key in USERS}
    assert {k for k, v in got.items() if v == "ok"} == allowed, got


def test_a_refused_step_changes_nothing(people, city):
    topic = flow.submitted(people, city)
    with pytest.raises(PermissionDenied, match="只有会务人员可以受理议题"):
        tr.accept_topic(topic, people.mayor, at=at(2026, 3, 2, 10))
    with pytest.raises(PermissionDenied, match="只能为本单位提交议题"):
        tr.submit_topic(people.sl_liaison, flow.topic_input(people, city), unit=city.traffic,
                        materials=[flow.material()], at=at(2026, 3, 2, 9))
    assert Topic.objects.get().state == "submitted" and Topic.objects.count() == 1
    meeting = flow.issued(people, city)
    relay = meeting.relays.get(unit=city.traffic)
    with pytest.raises(PermissionDenied, match="只能为本单位登记传达"):
        tr.record_relay(relay, people.sl_liaison, relayed_on=at(2026, 3, 9, 15), method="study", audience="全体",
                        at=at(2026, 3, 9, 16))
    with pytest.raises(PermissionDenied, match="只有督查室工作人员、督查室主任可以议定事项立项督办"):
        tr.register_decision(meeting.decisions.first(), people.clerk, at=at(2026, 3, 9, 14))
    relay.refresh_from_db()
    assert relay.state == "pending" and relay.relay_clock.state == "running"
    assert not meeting.decisions.first().registered_at


def test_a_higher_unit_leader_acts_for_the_unit_below(people, city, make_user):
    """联络员 of 市交通局 act for 公路科 (below it); 公路科's own 联络员 does not act for 市交通局."""
    road = make_user("liaison", city.traffic_road, username="road_liaison")
    topic = tr.submit_topic(people.jt_liaison, flow.topic_input(people, city), unit=city.traffic_road,
                            materials=[flow.material()], at=at(2026, 3, 2, 9))
    assert topic.unit == city.traffic_road
    with pytest.raises(PermissionDenied):
        tr.submit_topic(road, flow.topic_input(people, city), unit=city.traffic, materials=[flow.material()],
                        at=at(2026, 3, 2, 9))
