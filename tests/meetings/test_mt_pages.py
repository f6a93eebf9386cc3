"""The 会议 pages and API: the whole loop by form posts, each user seeing only what involves their
unit (another unit's ids answer 404), refusals with the form kept, and the issued 纪要 as a real
.docx reopened."""

from __future__ import annotations

import io

import meeting_flow as flow
import pytest
import time_machine
from meeting_flow import at

from zhongshu.core.models import Attachment
from zhongshu.meetings.models import Meeting, Relay, Topic
from zhongshu.supervision import matters_for


def _as(client, user):
    client.force_login(user)
    return client


def test_the_loop_through_the_pages(people, city, client):
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        c = _as(client, people.jt_liaison)
        page = c.get("/meetings/topics/new/")
        assert page.status_code == 200 and "征求意见情况" in page.content.decode()
        r = c.post("/meetings/topics/new/", {
            "kind": "executive", "title": "关于人民路拓宽改造工程的议题", "summary": "提请研究补偿方案", "reporter": "局长 孙明",
            "consulted_units": [city.water.pk], "consultation": "市水利局同意", "legal_review_needed": "on",
            "legal_opinion": "经审查合法", "leader": people.vice.pk, "leader_agreed": "on",
            "materials": [flow.material()]})
        assert r.status_code == 302, r.content.decode()[:2000]
        topic = Topic.objects.get()
        assert r["Location"] == topic.get_absolute_url()
        c = _as(client, people.clerk)
        assert "关于人民路拓宽改造工程的议题" in c.get("/meetings/").content.decode()  # 待审核 on the clerk's list
        assert c.post(topic.get_absolute_url(), {"action": "accept"}).status_code == 302
        r = c.post("/meetings/new/", {"kind": "executive", "starts_at": "2026-03-05T09:00", "place": "第一会议室",
                                      "chair": people.mayor.pk})
        meeting = Meeting.objects.get()
        assert r.status_code == 302 and r["Location"] == meeting.get_absolute_url()
        url = meeting.get_absolute_url()
        assert c.post(url + "schedule/", {"schedule-topics": [topic.pk]}).status_code == 302
        assert c.post(url + "invite/", {"invite-units": [city.traffic.pk, city.water.pk]}).status_code == 302
        assert c.post(url + "notice/", {"notice-text": "请准时参会"}).status_code == 302
    jt_row = meeting.attendances.get(unit=city.traffic)
    with time_machine.travel(at(2026, 3, 3, 9), tick=False):
        c = _as(client, people.jt_liaison)
        page = c.get(url).content.decode()
        assert 'name="reply-item"' in page
        r = c.post(url + "reply/", {"reply-item": jt_row.pk, "reply-reply": "leave"})
        assert r.status_code == 400 and "请假须写明事由" in r.content.decode()
        r = c.post(url + "reply/", {"reply-item": jt_row.pk, "reply-reply": "substitute", "reply-substitute": "副局长 李强"})
        assert r.status_code == 302
        sl_row = meeting.attendances.get(unit=city.water)
        r = c.post(url + "reply/", {"reply-item": sl_row.pk, "reply-reply": "attending"})  # another unit's row
        assert r.status_code == 403 and "只能为本单位填报回执" in r.content.decode()
    with time_machine.travel(at(2026, 3, 5, 8, 50), tick=False):
        c = _as(client, people.clerk)
        assert c.post(url + "sign_in/", {"sign_in-item": jt_row.pk}).status_code == 302
    with time_machine.travel(at(2026, 3, 5, 12), tick=False):
        c = _as(client, people.clerk)  # a new sign-in after the idle timeout
        assert c.post(url + "hold/", {}).status_code == 302
        assert c.post(url + "draft/", {"draft-title": "市政府第1次常务会议纪要", "draft-text": flow.MINUTES_TEXT,
                                       "draft-relay_units": [city.traffic.pk, city.water.pk]}).status_code == 302
        r = c.post(url + "decision/", {"decision-text": "4月底前完成征收", "decision-lead_unit": city.traffic.pk,
                                       "decision-co_units": [city.traffic.pk]})
        assert r.status_code == 400 and "不能同时作为配合单位" in r.content.decode()
        assert c.post(url + "decision/", {"decision-text": "4月底前完成征收", "decision-lead_unit": city.traffic.pk,
                                          "decision-deadline": "2026-04-30"}).status_code == 302
    with time_machine.travel(at(2026, 3, 9, 10), tick=False):
        c = _as(client, people.clerk)
        assert c.post(url + "issue/", {}).status_code == 302
        decision = meeting.decisions.get()
        r = c.post(url + "register/", {"register-item": decision.pk})
        assert r.status_code == 403 and "只有督查室工作人员、督查室主任可以议定事项立项督办" in r.content.decode()
        c = _as(client, people.supervisor)
        assert "立项督办" in c.get(url).content.decode()
        assert c.post(url + "register/", {"register-item": decision.pk}).status_code == 302
        matter = matters_for(decision).get()
        assert matter.number in c.get(url).content.decode()
    relay = Relay.objects.get(meeting=meeting, unit=city.traffic)
    with time_machine.travel(at(2026, 3, 9, 16), tick=False):
        c = _as(client, people.jt_leader)
        queue = c.get("/meetings/relays/").content.decode()
        assert relay.get_absolute_url() in queue and "示例市水利局" not in queue.split("<tbody>")[1]
        r = c.post(relay.get_absolute_url(), {"action": "relay", "relay-relayed_on": "2026-03-09T15:00",
                                              "relay-method": "party_group", "relay-audience": "局党组成员"})
        assert r.status_code == 302
        r = c.post(relay.get_absolute_url(), {"action": "report", "relay-report": ""})
        assert r.status_code == 400 and "学习传达情况" in r.content.decode()
        r = c.post(relay.get_absolute_url(), {"action": "report", "report-report": "已传达学习，部署征收工作"})
        assert r.status_code == 302
    relay.refresh_from_db()
    assert relay.state == "reported" and not relay.relayed_late and not relay.reported_late
    meeting.refresh_from_db()
    assert meeting.state == "minutes_issued" and meeting.attendances.get(unit=city.traffic).substitute == "副局长 李强"


def test_a_bad_material_keeps_the_form_and_saves_nothing(people, city, client):
    c = _as(client, people.jt_liaison)
    r = c.post("/meetings/topics/new/", {
        "kind": "executive", "title": "关于人民路的议题", "summary": "说明", "reporter": "孙明", "consultation": "不涉及其他单位",
        "leader": people.vice.pk, "leader_agreed": "on",
        "materials": [flow.material("汇报.docx", b"MZ\x90\x00" + b"\x00" * 300)]})
    body = r.content.decode()
    assert r.status_code == 400 and "文件内容与扩展名不符：汇报.docx" in body and 'value="关于人民路的议题"' in body
    assert Topic.objects.count() == 0 and Attachment.objects.count() == 0
    r = c.post("/meetings/topics/new/", {"kind": "executive", "title": "关于人民路的议题", "summary": "说明",
                                         "reporter": "孙明", "leader": people.vice.pk, "materials": [flow.material()]})
    body = r.content.decode()
    assert r.status_code == 400 and "请填写征求意见情况" in body and "须经分管市领导同意" in body


def test_each_unit_sees_only_what_involves_it(people, city, client, make_user):
    meeting = flow.issued(people, city)  # 市交通局 and 市水利局 relay; 东城区 invited; 东湖街道 not involved
    street = make_user("liaison", city.east_street, username="dh_liaison")
    topic = meeting.topics.get()
    jt_relay = meeting.relays.get(unit=city.traffic)
    c = _as(client, street)
    assert c.get(meeting.get_absolute_url()).status_code == 404
    assert c.get(topic.get_absolute_url()).status_code == 404
    assert c.get(jt_relay.get_absolute_url()).status_code == 404
    assert c.get(f"/meetings/{meeting.pk}/minutes.docx").status_code == 404
    assert meeting.name not in c.get("/meetings/").content.decode()
    assert c.get(f"/api/v1/meetings/{meeting.pk}").status_code == 404
    assert c.get("/api/v1/meetings/").json()["total"] == 0
    c = _as(client, people.sl_liaison)  # 市水利局: sees the meeting, its own 传达, not 市交通局's 议题 or 传达
    assert c.get(meeting.get_absolute_url()).status_code == 200
    assert c.get(topic.get_absolute_url()).status_code == 404
    assert c.get(jt_relay.get_absolute_url()).status_code == 404
    data = c.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert [r["unit_id"] for r in data["relays"]] == [city.water.pk]
    assert [r["unit_id"] for r in c.get("/api/v1/meetings/relays?open=true").json()["items"]] == [city.water.pk]
    c = _as(client, people.mayor)  # a city leader sees everything
    data = c.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert {r["unit_id"] for r in data["relays"]} == {city.traffic.pk, city.water.pk}
    assert data["minutes"]["issue_text"] == "第1期" and len(data["decisions"]) == 2
    assert c.get(topic.get_absolute_url()).status_code == 200
    c = _as(client, people.sysadmin)
    assert c.get("/meetings/").status_code == 403
    assert c.get("/api/v1/meetings/").status_code == 403
    assert c.get(meeting.get_absolute_url()).status_code == 404
    r = _as(client, people.clerk).get("/api/v1/meetings/?state=bogus")
    assert r.status_code == 422 and "状态不正确" in r.json()["message"]


def test_the_issued_minutes_download_as_a_minutes_paper(people, city, client):
    meeting = flow.issued(people, city)
    r = _as(client, people.jt_liaison).get(f"/meetings/{meeting.pk}/minutes.docx")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    import docx

    document = docx.Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in document.paragraphs)
    for table in document.tables:
        text += "\n".join(cell.text for row in table.rows for cell in row.cells)
    assert "示例市人民政府常务会议纪要" in text and "第1期" in text
    assert "示例市人民政府办公室" in text and "2026年3月9日" in text
    assert "出席" in text and "请假" in text and "示例市东城区人民政府主要负责同志（参加省政府会议）" in text
    assert "市政府第1次常务会议纪要" in text and "一、关于人民路拓宽改造工程征地拆迁补偿方案" in text
    assert "会议原则同意市交通运输局提出的补偿方案。" in text
    from zhongshu.meetings.minutes_docx import paper_of

    paper = paper_of(meeting)
    assert paper.form == "minutes"
    assert "示例市交通运输局主要负责同志" in paper.attendees and "刘副市长" in paper.attendees
    assert "市水利局副局长 钱进（代示例市水利局主要负责同志）" in paper.attendees
    assert paper.absentees == "示例市东城区人民政府主要负责同志（参加省政府会议）"


def test_before_issue_only_the_drafters_get_the_minutes_as_a_draft(people, city, client):
    meeting = flow.drafted(people, city)
    assert 'id="zs-minutes-preview"' in _as(client, people.clerk).get(meeting.get_absolute_url()).content.decode()
    r = client.get(f"/meetings/{meeting.pk}/minutes.docx")
    assert r.status_code == 200 and "%E9%80%81%E5%AE%A1%E7%A8%BF" in r["Content-Disposition"]     # 送审稿
    import docx

    document = docx.Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "会议原则同意市交通运输局提出的补偿方案。" in text and "期" not in document.paragraphs[1].text
    for user in (people.jt_liaison, people.mayor, people.supervisor):
        assert _as(client, user).get(f"/meetings/{meeting.pk}/minutes.docx").status_code == 404, user


@pytest.mark.parametrize("path", ["/meetings/", "/meetings/topics/", "/meetings/relays/"])
def test_lists_open_for_every_working_role(people, city, client, path):
    flow.issued(people, city)
    for user in (people.clerk, people.mayor, people.supervisor, people.jt_liaison, people.jt_staff):
        assert _as(client, user).get(path).status_code == 200, user


def test_units_read_the_minutes_only_once_issued(people, city, client):
    meeting = flow.drafted(people, city)
    page = _as(client, people.jt_liaison).get(meeting.get_absolute_url()).content.decode()
    assert "纪要正在起草" in page and "会议原则同意" not in page and "4月底前完成" not in page
    data = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert data["minutes"] is None and data["decisions"] == []
    for user in (people.clerk, people.mayor, people.supervisor):
        assert "会议原则同意" in _as(client, user).get(meeting.get_absolute_url()).content.decode(), user
    from zhongshu.meetings import transitions as tr

    tr.issue_minutes(meeting, people.clerk, at=at(2026, 3, 9, 10))
    page = _as(client, people.jt_liaison).get(meeting.get_absolute_url()).content.decode()
    assert "会议原则同意" in page and "4月底前完成" in page
    assert len(client.get(f"/api/v1/meetings/{meeting.pk}").json()["decisions"]) == 2


def test_the_relay_clock_is_shown_in_hours(people, city, client):
    meeting = flow.issued(people, city)  # due 2026-03-10 10:00
    relay = meeting.relays.get(unit=city.traffic)
    with time_machine.travel(at(2026, 3, 9, 15), tick=False):
        c = _as(client, people.clerk)
        assert "还剩 19 小时" in c.get(relay.get_absolute_url()).content.decode()
    with time_machine.travel(at(2026, 3, 10, 13), tick=False):
        c = _as(client, people.jt_liaison)
        row = c.get("/meetings/relays/").content.decode().split(f'id="zs-relay-{relay.pk}"')[1].split("</tr>")[0]
        assert "已超时 3 小时" in row and "light-red" in row


def test_removing_a_decision_and_chasing_a_relay_from_the_page(people, city, client):
    from zhongshu.notify.models import Notice

    meeting = flow.drafted(people, city)
    first = meeting.decisions.first()
    url = meeting.get_absolute_url()
    with time_machine.travel(at(2026, 3, 5, 16), tick=False):
        r = _as(client, people.jt_liaison).post(url + "remove_decision/", {"remove_decision-item": first.pk})
        assert r.status_code == 403 and "只有会务人员可以起草纪要" in r.content.decode()
        assert _as(client, people.clerk).post(url + "remove_decision/", {"remove_decision-item": first.pk}).status_code == 302
    assert list(meeting.decisions.values_list("seq", flat=True)) == [2]
    with time_machine.travel(at(2026, 3, 9, 10), tick=False):
        c = _as(client, people.clerk)
        assert c.post(url + "issue/", {}).status_code == 302
        relay = meeting.relays.get(unit=city.water)
        assert c.post(url + "remind/", {"remind-item": relay.pk, "remind-note": "请今天内传达"}).status_code == 302
        assert c.post(url + "remind/", {"remind-item": 999999}).status_code == 400
    notice = Notice.objects.get(recipient=people.sl_leader, title__startswith="【催报】")
    assert "请今天内传达" in notice.body and notice.link == relay.get_absolute_url()


def test_a_topic_taken_off_the_agenda_waits_for_another_meeting(people, city, client):
    meeting = flow.noticed(people, city)
    topic = meeting.topics.get()
    url = meeting.get_absolute_url()
    with time_machine.travel(at(2026, 3, 3, 9), tick=False):
        r = _as(client, people.jt_liaison).post(url + "unschedule/", {"unschedule-item": topic.pk})
        assert r.status_code == 403 and "只有会务人员可以安排议题上会" in r.content.decode()
        assert _as(client, people.clerk).post(url + "unschedule/", {"unschedule-item": topic.pk}).status_code == 302
    topic.refresh_from_db()
    assert topic.state == "accepted" and topic.meeting is None
    from zhongshu.notify.models import Notice

    assert Notice.objects.filter(recipient=people.jt_liaison, title__startswith="【议题撤出议程】").exists()


def test_the_relay_table_as_excel(people, city, client):
    from openpyxl import load_workbook

    from zhongshu.meetings import transitions as tr

    meeting = flow.issued(people, city)
    tr.record_relay(meeting.relays.get(unit=city.water), people.sl_liaison, relayed_on=at(2026, 3, 10, 11),
                    method="study", audience="全体干部", at=at(2026, 3, 10, 12))
    r = _as(client, people.clerk).get(f"/meetings/{meeting.pk}/relays.xlsx")
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "2026年第1次常务会议精神传达情况表"
    body = [row for row in values if row and row[1] in ("示例市交通运输局", "示例市水利局")]
    assert [row[1] for row in body] == ["示例市交通运输局", "示例市水利局"]
    water = body[1]
    assert water[4] == "集中学习" and water[6] == "是" and water[11] == "已传达待报告"  # 11:00 > 10:00: late
    rows = load_workbook(io.BytesIO(b"".join(_as(client, people.jt_liaison).get(
        f"/meetings/{meeting.pk}/relays.xlsx").streaming_content))).active.iter_rows(values_only=True)
    assert "示例市水利局" not in [row[1] for row in rows]  # a unit exports only its own row
