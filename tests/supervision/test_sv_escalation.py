"""The ladders of 督查督办 fired by the foundation's sweeper: who is told, which papers are issued,
the light, exactly once — and how acting (签收, 反馈, 办结申请, 延期) stops the nagging."""

from __future__ import annotations

from datetime import date

import sv_flow as flow
from sv_time import at

from zhongshu.clocks import sweep
from zhongshu.clocks.lights import light
from zhongshu.clocks.models import RungFiring
from zhongshu.notify.models import Notice
from zhongshu.supervision import transitions as t
from zhongshu.supervision.models import SupervisionDoc


def told(kind: str, contains: str = "") -> set[str]:
    qs = Notice.objects.filter(kind=kind)
    if contains:
        qs = qs.filter(title__contains=contains)
    return set(qs.values_list("recipient__username", flat=True))


def test_acceptance_reminders_reach_liaison_and_leader_until_signed(people, new_matter):
    lead = flow.assigned(people, new_matter())
    sweep(now=at(2026, 1, 6, 9))  # 签收 due today
    assert {"jt_liaison", "jt_leader"} <= told("clock.due", "请签收")
    sweep(now=at(2026, 1, 7, 9))  # 1 working day late
    assert {"jt_liaison", "jt_leader", "dcs"} <= told("clock.remind", "签收逾期")
    t.accept(lead, people.jt_liaison, at=at(2026, 1, 7, 10))
    mine = Notice.objects.filter(title__contains="签收逾期", recipient=people.jt_liaison)
    before = mine.count()
    sweep(now=at(2026, 1, 8, 9))
    assert mine.count() == before  # signed: no more 催签 for 市交通局
    assert Notice.objects.filter(title__contains="签收逾期", recipient=people.sl_liaison).count() == 2  # 市水利局 not


def test_the_task_ladder_warns_reminds_and_escalates_with_papers(people, new_matter):
    lead = flow.in_progress(people, new_matter(deadline=date(2026, 3, 31), co_units=[]))
    sweep(now=at(2026, 3, 25, 9))
    assert not told("clock.warning", "【预警】建成城市快速路")
    sweep(now=at(2026, 3, 26, 9))  # 3 working days before 3月31日
    assert {"jt_liaison", "jt_leader", "jt_staff"} == told("clock.warning", "【预警】建成城市快速路")
    assert light(lead.clock, at(2026, 3, 26, 10)) == "yellow"
    sweep(now=at(2026, 3, 31, 9))
    assert "jt_leader" in told("clock.due", "建成城市快速路")
    sweep(now=at(2026, 4, 1, 9))  # 1 working day late: 催办 with a 催办通知
    reminder = SupervisionDoc.objects.get(kind="remind", task=lead)
    assert {"jt_liaison", "jt_leader"} <= told("clock.remind", "建成城市快速路")
    assert "这是对该事项的第1次催办" in str(reminder.content)
    sweep(now=at(2026, 4, 3, 9))  # repeats every 2 working days until the unit acts
    assert SupervisionDoc.objects.filter(kind="remind", task=lead).count() == 2
    sweep(now=at(2026, 4, 9, 9))  # 5 working days late (清明 4月4–6日 skipped): 督办, and the 3rd 催办 (4月8日)
    lead.clock.refresh_from_db()
    assert lead.clock.escalated and light(lead.clock, at(2026, 4, 9, 10)) == "red"
    assert SupervisionDoc.objects.filter(kind="remind", task=lead).count() == 3
    escalation = SupervisionDoc.objects.get(kind="escalate", task=lead)
    assert escalation.unit == lead.unit and escalation.issued_by is None
    assert {"jt_liaison", "jt_leader", "vice", "dcs", "dcs_head"} <= told("clock.escalate", "建成城市快速路")
    fired = RungFiring.objects.filter(clock=lead.clock).count()
    sweep(now=at(2026, 4, 9, 9))
    assert RungFiring.objects.filter(clock=lead.clock).count() == fired  # exactly once per period
    t.request_completion(lead, people.jt_liaison, result="已完成", at=at(2026, 4, 9, 11))
    sweep(now=at(2026, 4, 14, 9))
    assert SupervisionDoc.objects.filter(kind="remind", task=lead).count() == 3  # the unit acted: no more 催办


def test_report_reminders_follow_the_open_period(people, new_matter):
    lead = flow.in_progress(people, new_matter())
    sweep(now=at(2026, 1, 22, 9))  # one working day before 1月23日
    assert "jt_liaison" in told("clock.warning", "2026年1月进展")
    t.report(lead, people.jt_staff, flow.report_input(), at=at(2026, 1, 22, 10))
    sweep(now=at(2026, 1, 26, 9))
    assert not told("clock.remind", "2026年1月进展")  # reported in time: no 催报
    sweep(now=at(2026, 2, 26, 9))  # February not reported (due 2月25日)
    assert {"jt_liaison", "jt_leader"} <= told("clock.remind", "2026年2月进展")


def test_an_approved_extension_opens_a_new_period_for_the_ladder(people, new_matter):
    lead = flow.in_progress(people, new_matter(deadline=date(2026, 3, 31), co_units=[]))
    ext = t.request_extension(lead, people.jt_leader, new_deadline=date(2026, 5, 29), reason="设备到货延迟",
                              at=at(2026, 3, 20))
    t.decide_extension(ext, people.supervisor, approve=True, at=at(2026, 3, 23))
    sweep(now=at(2026, 4, 2, 9))
    assert not SupervisionDoc.objects.filter(kind="remind", task=lead).exists()
    sweep(now=at(2026, 6, 1, 9))
    assert SupervisionDoc.objects.filter(kind="remind", task=lead).count() == 1


def test_the_recheck_reminds_the_office(people, new_matter):
    matter = flow.closed(people, new_matter())
    assert matter.recheck_due == date(2026, 9, 26)
    sweep(now=at(2026, 9, 18, 9))
    assert not told("clock.warning", "回头看")
    sweep(now=at(2026, 9, 21, 9))  # 5 working days before 9月26日 is Sunday 9月20日, a 调休 working day
    assert {"dcs", "dcs_head"} <= told("clock.warning", "回头看")
    assert "jt_liaison" not in told("clock.warning", "回头看")
    assert matter.rechecks.get().clock.firings.exists()


def test_reminders_lead_to_the_task_and_the_recheck_to_its_matter(client, people, new_matter):
    lead = flow.in_progress(people, new_matter(deadline=date(2026, 3, 31), co_units=[]))
    sweep(now=at(2026, 4, 1, 9))
    notice = Notice.objects.filter(kind="clock.remind", recipient=people.jt_liaison).first()
    assert notice.link == lead.get_absolute_url()
    matter = flow.closed(people, new_matter(title="另一个事项"))
    sweep(now=at(2026, 9, 21, 9))
    link = Notice.objects.filter(kind="clock.warning", title__contains="回头看", recipient=people.supervisor).first().link
    client.force_login(people.supervisor)
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == matter.get_absolute_url() + "#zs-rechecks"


def test_the_office_reviewing_or_deciding_a_return_stops_the_reporting_nag(people, new_matter):
    lead = flow.in_progress(people, new_matter())
    t.request_completion(lead, people.jt_liaison, result="完成", at=at(2026, 1, 20))
    lead.refresh_from_db()
    assert lead.report_clock.state == "paused" and lead.report_clock.pause_reason == "办结申请审核中"
    sweep(now=at(2026, 1, 27, 9))  # the January report would be late: but it is the office's turn
    assert not told("clock.remind", "2026年1月进展")
    from zhongshu.clocks.lights import light_title

    assert light_title(lead.clock, at(2026, 1, 27, 9)) == "已挂起（办结申请审核中）"


def test_acceptance_and_report_clocks_never_turn_yellow_for_lack_of_progress(people, new_matter):
    lead = flow.in_progress(people, new_matter(milestones=[(date(2026, 5, 29), "完成路面")]))
    assert not lead.report_clock.tracks_progress and not lead.accept_clock.tracks_progress
    assert lead.clock.tracks_progress and not lead.children.get().clock.tracks_progress
    assert light(lead.report_clock, at(2026, 1, 19, 9)) == "green"  # 4 days before its due day, 0%
    assert light(lead.children.get().clock, at(2026, 4, 20, 9)) == "green"
