"""Meeting → 议定事项 → matter → 传达 clocks end to end, the reminders fired by `zhongshu sweep --now`
(seed 003: 24 hours to relay, 2 working days to report), and the meeting page under time-machine."""

from __future__ import annotations

import io

import meeting_flow as flow
import time_machine
from django.core.management import call_command
from meeting_flow import at

from zhongshu.meetings import transitions as tr
from zhongshu.notify.models import Notice
from zhongshu.supervision import matters_for

TITLE = "传达2026年第1次常务会议精神"


def sweep(moment: str) -> str:
    out = io.StringIO()
    call_command("sweep", now=moment, stdout=out)
    return out.getvalue()


def told(user, prefix: str) -> int:
    return Notice.objects.filter(recipient=user, title__startswith=prefix).count()


def test_meeting_to_matter_to_relay_clocks(people, city, client):
    meeting = flow.issued(people, city)  # 纪要 issued Monday 2026-03-09 10:00
    decision = meeting.decisions.first()
    matter = tr.register_decision(decision, people.supervisor, at=at(2026, 3, 9, 14))
    assert list(matters_for(decision)) == [matter]
    jt, sl = meeting.relays.get(unit=city.traffic), meeting.relays.get(unit=city.water)

    assert "预警" in sweep("2026-03-10T09:00+08:00")  # 4 hours before the 24 hours (in working time)
    for user in (people.jt_liaison, people.jt_leader, people.sl_liaison):
        assert told(user, "【传达预警】") == 1, user
    assert told(people.jt_liaison, "【传达报告预警】") == 1  # the working day before the report is due
    assert Notice.objects.filter(recipient=people.jt_liaison, title="【传达预警】" + TITLE).get().link == \
        jt.get_absolute_url()

    tr.record_relay(sl, people.sl_liaison, relayed_on=at(2026, 3, 10, 8, 30), method="office_meeting",
                    audience="局领导班子成员、各科室负责人", at=at(2026, 3, 10, 9, 30))
    sweep("2026-03-10T10:30+08:00")  # the 24 hours are over
    assert told(people.jt_liaison, "【传达时限已到】") == 1
    assert told(people.sl_liaison, "【传达时限已到】") == 0  # relayed in time: the clock stopped
    sweep("2026-03-10T12:30+08:00")  # 2 hours late: 催办, the 会务人员 told too
    for user in (people.jt_liaison, people.jt_leader, people.clerk, people.clerk2):
        assert told(user, "【传达催办】") == 1, user
    assert told(people.mayor, "【传达督办】") == 0

    sweep("2026-03-11T10:30+08:00")  # 24 hours late: 督办, red, to the chair
    assert told(people.mayor, "【传达督办】") == 1 and told(people.jt_leader, "【传达督办】") == 1
    jt.relay_clock.refresh_from_db()
    assert jt.relay_clock.escalated
    assert told(people.sl_liaison, "【传达报告今日到期】") == 1

    client.force_login(people.clerk)
    with time_machine.travel(at(2026, 3, 11, 10, 40), tick=False):
        page = client.get(meeting.get_absolute_url()).content.decode()
    row = page.split(f'id="zs-relay-{jt.pk}"')[1].split("</tr>")[0]
    assert "light-red" in row and "待传达" in row
    assert f'href="{matter.get_absolute_url()}"' in page  # the 议定事项 lists its matter

    jt = tr.record_relay(jt, people.jt_liaison, relayed_on=at(2026, 3, 11, 10, 50), method="party_group",
                         audience="局党组成员", at=at(2026, 3, 11, 11))
    assert jt.relayed_late
    tr.report_relay(sl, people.sl_leader, report="已传达学习并制定排水管网改造工作方案。", at=at(2026, 3, 11, 14))
    sweep("2026-03-12T09:00+08:00")  # the report is 1 working day late for 市交通局 only
    assert told(people.jt_liaison, "【传达报告催办】") == 1 and told(people.sl_liaison, "【传达报告催办】") == 0
    jt = tr.report_relay(jt, people.jt_liaison, report="已传达，正在推进征收。", at=at(2026, 3, 12, 10))
    assert jt.reported_late
    before = Notice.objects.filter(title__contains=TITLE).count()
    sweep("2026-03-16T09:00+08:00")  # all relayed and reported: the reminders stop
    assert Notice.objects.filter(title__contains=TITLE).count() == before


def test_the_relay_ladders_are_seeded_data(db):
    from zhongshu.clocks.models import Ladder

    relay = Ladder.objects.get(kind="meetings.relay")
    assert [r.offset_unit for r in relay.rungs.all()] == ["hours"] * 4
    report = Ladder.objects.get(kind="meetings.relay_report")
    assert [r.code for r in report.rungs.all()] == ["warning", "due", "remind", "escalate"]
    assert {r.offset_unit for r in report.rungs.all()} == {"workdays"}
