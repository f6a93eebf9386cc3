"""The demo 常务会议 (core/management/demo_meetings.py): built through the transitions, loaded once."""

from __future__ import annotations


def test_the_demo_meeting_loads_once(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from zhongshu.core.management.demo_data import load_people, load_units
    from zhongshu.core.management.demo_meetings import load_meetings
    from zhongshu.meetings.models import Meeting
    from zhongshu.supervision import matters_for

    units, _ = load_units()
    people, _ = load_people(units)
    assert "纪要第1期已印发" in load_meetings(units, people)
    meeting = Meeting.objects.get()
    assert meeting.state == "minutes_issued" and meeting.attendances.filter(signed_in_at__isnull=False).count() == 3
    assert {r.unit.code: r.state for r in meeting.relays.select_related("unit")} == {
        "SL-JT": "pending", "SL-SLJ": "reported", "SL-DC": "relayed"}
    assert matters_for(meeting.decisions.get(seq=1)).count() == 1
    assert "未载入" in load_meetings(units, people) and Meeting.objects.count() == 1
