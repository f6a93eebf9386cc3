"""An issued 纪要 in the search across 公文, 批示 and 纪要: found by its text, 期数 and 议定事项, by the
units the meeting involves only; a draft is not found."""

from __future__ import annotations

import meeting_flow as flow
from meeting_flow import at

from zhongshu.meetings import transitions as tr
from zhongshu.search import search


def test_the_issued_minutes_are_found_by_whom_may_read_them(people, city, make_user,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = flow.drafted(people, city)
    assert search(people.clerk, "补偿方案").total == 0  # a draft is not searchable
    with django_capture_on_commit_callbacks(execute=True):
        tr.issue_minutes(meeting, people.clerk, at=at(2026, 3, 9, 10))
    hits = search(people.clerk, "分期拨付").rows
    assert [(h.entry.kind, h.entry.url) for h in hits] == [("会议纪要", f"/meetings/{meeting.pk}/#zs-minutes")]
    assert search(people.jt_liaison, "排水管网改造方案").total == 1  # an 议定事项's text
    assert search(people.mayor, "第1期").total == 1
    street = make_user("liaison", city.east_street, username="dh_liaison_s")
    assert search(street, "分期拨付").total == 0  # 东湖街道 is not involved
