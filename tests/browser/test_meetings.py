"""会议 in real Chromium: 市交通局's 联络员 submits a 议题 with its material; the 会务人员 accept it, plan
the meeting, put it on the agenda, invite, notify, sign in, record that it was held, draft the 纪要 with
an 议定事项 and issue it; the 督查室 turns the 议定事项 into a 督办 matter; the bureau records its 传达 and
reports it. Screenshots at 1366 and 375 px in test-artifacts/."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def _docx(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("关于人民路拓宽改造工程征地拆迁补偿方案的汇报")
    out = io.BytesIO()
    document.save(out)
    path = tmp_path / "汇报材料.docx"
    path.write_bytes(out.getvalue())
    return path


def test_meeting_from_topic_to_relay(live_server, new_page, login, shot, overflow, seeded, city, make_user, password,
                                     settings, tmp_path):
    from django.utils import timezone
    from playwright.sync_api import expect

    from zhongshu.clocks.models import Ladder, Rung
    from zhongshu.clocks.schedule import invalidate_ladders
    from zhongshu.meetings.ladders import ensure_ladders
    from zhongshu.meetings.models import Meeting, Relay
    from zhongshu.supervision import matters_for

    ensure_ladders(Ladder, Rung)
    invalidate_ladders()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user("meeting_clerk", city.office, username="hw_clerk", password=password, full_name="王会务")
    make_user("city_leader", city.root, username="hw_mayor", password=password, full_name="陈市长")
    make_user("city_leader", city.root, username="hw_vice", password=password, full_name="刘副市长")
    make_user("supervisor", city.office, username="hw_dcs", password=password, full_name="李督查")
    make_user("liaison", city.traffic, username="hw_jt", password=password, full_name="交通局联络员")
    make_user("liaison", city.water, username="hw_sl", password=password, full_name="水利局联络员")
    title = "关于人民路拓宽改造工程征地拆迁补偿方案的议题"

    # the unit submits its 议题
    page = new_page()
    login(page, live_server.url, "hw_jt")
    page.goto(live_server.url + "/meetings/topics/")
    page.get_by_role("link", name="提交议题").click()
    page.fill("#id_title", title)
    page.fill("#id_summary", "提请会议研究人民路拓宽改造工程征地拆迁补偿标准和资金安排。")
    page.fill("#id_reporter", "市交通运输局局长 孙明")
    page.select_option("#id_consulted_units", [str(city.water.pk)])
    page.fill("#id_consultation", "市水利局无不同意见。")
    page.check("#id_legal_review_needed")
    page.fill("#id_legal_opinion", "经市司法局审查，补偿方案合法。")
    page.select_option("#id_leader", label="刘副市长")
    page.check("#id_leader_agreed")
    page.set_input_files("#id_materials", str(_docx(tmp_path)))
    shot(page, "meetings-topic-new")
    with page.expect_navigation():
        page.get_by_role("button", name="提交议题").click()
    expect(page.locator("#zs-topic-state")).to_have_text("待审核")
    expect(page.locator("#zs-materials")).to_contain_text("汇报材料.docx")

    # the 会务人员: accept, plan, agenda, invite, notice, sign-in, held
    page = new_page()
    login(page, live_server.url, "hw_clerk")
    page.goto(live_server.url + "/meetings/")
    page.locator("#zs-waiting").get_by_role("link", name=title).click()
    with page.expect_navigation():
        page.get_by_role("button", name="受理议题").click()
    expect(page.locator("#zs-topic-state")).to_have_text("已受理待上会")
    page.goto(live_server.url + "/meetings/new/")
    starts = timezone.localtime() - timedelta(hours=2)
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_place", "市政府第一会议室")
    page.select_option("#id_chair", label="陈市长")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    meeting = Meeting.objects.get()
    page.select_option("#id_schedule-topics", label=f"{title}（市交通局）")
    with page.expect_navigation():
        page.locator("#step-schedule").get_by_role("button", name="安排议题").click()
    expect(page.locator("#zs-agenda")).to_contain_text(title)
    page.select_option("#id_invite-units", [str(city.traffic.pk), str(city.water.pk)])
    with page.expect_navigation():
        page.locator("#step-invite").get_by_role("button", name="确定参会人员").click()
    with page.expect_navigation():
        page.locator("#step-notice").get_by_role("button", name="发送会议通知").click()
    expect(page.locator("#zs-meeting-state")).to_have_text("已通知")
    row = meeting.attendances.get(unit=city.traffic)
    with page.expect_navigation():
        page.locator(f"#zs-attendance-{row.pk}").get_by_role("button", name="签到").click()
    expect(page.locator(f"#zs-attendance-{row.pk} .zs-signed")).to_contain_text("已签到")
    with page.expect_navigation():
        page.locator("#step-hold").get_by_role("button", name="登记会议召开").click()
    expect(page.locator("#zs-meeting-state")).to_have_text("已召开")

    # the 纪要 with its 议定事项, issued
    page.fill("#id_draft-text", "会议研究了人民路拓宽改造工程征地拆迁补偿方案。\n一、关于征地拆迁补偿方案\n会议原则同意该方案。")
    page.select_option("#id_draft-relay_units", [str(city.traffic.pk), str(city.water.pk)])
    with page.expect_navigation():
        page.get_by_role("button", name="保存纪要").click()
    expect(page.locator("#zs-minutes-text")).to_contain_text("会议原则同意该方案。")
    page.locator("#step-decision summary").click()
    page.fill("#id_decision-text", "市交通运输局牵头，4月底前完成人民路拓宽改造工程征地拆迁。")
    page.select_option("#id_decision-lead_unit", str(city.traffic.pk))
    with page.expect_navigation():
        page.locator("#step-decision").get_by_role("button", name="增加").click()
    with page.expect_navigation():
        page.locator("#step-issue").get_by_role("button", name="印发纪要").click()
    expect(page.locator("#zs-meeting-state")).to_have_text("纪要已印发")
    expect(page.locator("#zs-relays")).to_contain_text("示例市水利局")
    with page.expect_download() as download:
        page.locator("#zs-minutes-docx").click()
    import docx

    text = "\n".join(p.text for p in docx.Document(download.value.path()).paragraphs)
    assert "示例市人民政府常务会议纪要" in text and "第1期" in text and "会议原则同意该方案。" in text

    # the 督查室 registers the 议定事项 as a matter
    page = new_page()
    login(page, live_server.url, "hw_dcs")
    page.goto(live_server.url + meeting.get_absolute_url())
    with page.expect_navigation():
        page.locator("#zs-decisions").get_by_role("button", name="立项督办").click()
    matter = matters_for(meeting.decisions.get()).get()
    expect(page.locator("#zs-decisions")).to_contain_text(matter.number)
    shot(page, "meetings-meeting")

    # the bureau records and reports its 传达
    relay = Relay.objects.get(meeting=meeting, unit=city.traffic)
    page = new_page()
    login(page, live_server.url, "hw_jt")
    page.goto(live_server.url + "/meetings/relays/")
    expect(page.locator("#zs-relays")).not_to_contain_text("市水利局")
    page.locator(f"#zs-relay-{relay.pk}").get_by_role("link").click()
    page.select_option("#id_relay-method", "party_group")
    page.fill("#id_relay-audience", "局党组成员、各科室负责人")
    with page.expect_navigation():
        page.get_by_role("button", name="登记传达").click()
    expect(page.locator("#zs-relay-state")).to_have_text("已传达待报告")
    page.fill("#id_report-report", "已召开局党组会议传达学习，部署征收工作。")
    with page.expect_navigation():
        page.get_by_role("button", name="提交报告").click()
    expect(page.locator("#zs-relay-state")).to_have_text("已报告")
    expect(page.locator("#zs-report")).to_contain_text("部署征收工作")
    shot(page, "meetings-relay")

    for width, height, user, path, name in (
            (1366, 768, "hw_clerk", meeting.get_absolute_url(), "meetings-relay-table"),
            (375, 740, "hw_clerk", meeting.get_absolute_url(), "meetings-meeting-375"),
            (375, 740, "hw_sl", "/meetings/relays/", "meetings-relays-375"),
            (375, 740, "hw_sl", f"/meetings/relays/{Relay.objects.get(unit=city.water).pk}/", "meetings-relay-375")):
        page = new_page(width, height)
        login(page, live_server.url, user)
        page.goto(live_server.url + path)
        shot(page, name)
        assert overflow(page) <= 0, name
    page = new_page(1366, 768)
    login(page, live_server.url, "hw_clerk")
    page.goto(live_server.url + meeting.get_absolute_url())
    expect(page.locator(f"#zs-relay-{relay.pk}")).to_contain_text("已报告")
