"""The units' writes in /api/v1/meetings/: 回执, 登记传达 and the 传达情况报告 run the same steps as the
pages, with the API's statuses (403 role or unit, 404 unseen, 409 state, 422 input) and nothing half-written."""

from __future__ import annotations

import meeting_flow as flow
import pytest
import time_machine

from zhongshu.meetings.models import Attendance, Relay

pytestmark = pytest.mark.django_db


def _as(client, user):
    client.force_login(user)
    return client


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


@time_machine.travel("2026-03-03 09:00 +0800", tick=False)
def test_a_unit_replies_to_its_invitation(client, people, city):
    meeting = flow.noticed(people, city)
    mine = meeting.attendances.get(unit=city.traffic)
    theirs = meeting.attendances.get(unit=city.water)
    c = _as(client, people.jt_liaison)
    bad = _post(c, f"/api/v1/meetings/attendances/{mine.pk}/reply", {"reply": "leave"})
    assert bad.status_code == 422 and "请假须写明事由" in bad.json()["message"]
    assert Attendance.objects.get(pk=mine.pk).reply == "pending"
    r = _post(c, f"/api/v1/meetings/attendances/{mine.pk}/reply",
              {"reply": "substitute", "substitute": "市交通运输局副局长 李强"})
    assert r.status_code == 200
    assert (r.json()["reply"], r.json()["reply_label"], r.json()["substitute"]) == ("substitute", "委托代会",
                                                                                    "市交通运输局副局长 李强")
    assert _post(c, f"/api/v1/meetings/attendances/{theirs.pk}/reply", {"reply": "attending"}).status_code == 404
    assert _post(_as(client, people.sysadmin), f"/api/v1/meetings/attendances/{mine.pk}/reply",
                 {"reply": "attending"}).status_code == 403


def test_a_unit_records_its_relay_then_reports_it(client, people, city):
    meeting = flow.issued(people, city)                      # 印发 on 9 March 10:00
    relay = Relay.objects.get(meeting=meeting, unit=city.traffic)
    url = f"/api/v1/meetings/relays/{relay.pk}"
    with time_machine.travel("2026-03-09 17:00 +0800", tick=False):
        c = _as(client, people.jt_liaison)
        early = _post(c, f"{url}/report", {"report": "已传达"})
        assert early.status_code == 409 and "请先登记传达" in early.json()["message"]
        bad = _post(c, f"{url}/relay", {"relayed_on": "2026-03-10T09:00:00+08:00", "method": "meeting",
                                        "audience": ""})
        assert bad.status_code == 422
        message = bad.json()["message"]
        assert "晚于现在" in message and "请选择传达方式" in message and "传达范围" in message
        assert Relay.objects.get(pk=relay.pk).state == "pending"
        r = _post(c, f"{url}/relay", {"relayed_on": "2026-03-09T16:00:00+08:00", "method": "party_group",
                                      "audience": "局党组成员、各处室负责人"})
        assert r.status_code == 200
        assert (r.json()["state"], r.json()["relayed_late"], r.json()["method"]) == ("relayed", False, "party_group")
        again = _post(c, f"{url}/relay", {"relayed_on": "2026-03-09T16:00:00+08:00", "method": "study",
                                          "audience": "全体干部"})
        assert again.status_code == 409
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        c = _as(client, people.jt_liaison)            # a new session: the last one has timed out
        r = _post(c, f"{url}/report", {"report": "已召开党组会议传达学习，制定征地拆迁工作方案。"})
        assert r.status_code == 200 and r.json()["state"] == "reported" and r.json()["reported_late"] is False
    relay.refresh_from_db()
    assert relay.relay_clock.state == "done" and relay.report_clock.state == "done"
    assert relay.reported_by == people.jt_liaison


def test_another_unit_or_a_leader_cannot_write_a_relay(client, people, city):
    meeting = flow.issued(people, city)
    relay = Relay.objects.get(meeting=meeting, unit=city.traffic)
    url = f"/api/v1/meetings/relays/{relay.pk}/relay"
    body = {"relayed_on": "2026-03-09T16:00:00+08:00", "method": "study", "audience": "全体干部"}
    assert _post(_as(client, people.sl_liaison), url, body).status_code == 404      # not theirs to see
    refused = _post(_as(client, people.mayor), url, body)                           # sees it, may not record it
    assert refused.status_code == 403 and refused.json()["message"].startswith("只有")
    assert Relay.objects.get(pk=relay.pk).state == "pending"


def test_the_openapi_document_lists_the_writes(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/meetings/attendances/{attendance_id}/reply", "/api/v1/meetings/relays/{relay_id}/relay",
                 "/api/v1/meetings/relays/{relay_id}/report"):
        assert "post" in paths[path], path
    body = paths["/api/v1/meetings/relays/{relay_id}/relay"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]
