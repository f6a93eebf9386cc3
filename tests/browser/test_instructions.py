"""领导批示 in real Chromium: the 督查室 registers a 批示 with its scan and routes it at once (即批即转);
the bureau's 联络员 finds the 批示 and its 督办 task, 签收 the task, and files the 办理情况报告 on the
批示's page; the 督查室 呈报 it and the mayor 阅结. Screenshots in test-artifacts/ at 1366 and 375 px."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TITLE = "关于城区主干道汛期积水情况的报告"


def test_register_a_批示_and_see_its_task(live_server, new_page, login, shot, overflow, seeded, city, make_user,
                                        password, settings, tmp_path):
    from playwright.sync_api import expect

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user("supervisor", city.office, username="ps_dcs", password=password, full_name="李督查")
    make_user("city_leader", city.root, username="ps_mayor", password=password, full_name="陈市长")
    make_user("liaison", city.traffic, username="ps_jt", password=password, full_name="交通局联络员")
    scan = tmp_path / "批示原件.pdf"
    scan.write_bytes(PDF)

    page = new_page()
    login(page, live_server.url, "ps_dcs")
    page.goto(live_server.url + "/instructions/")
    page.get_by_role("link", name="登记批示").first.click()
    page.select_option("#id_leader", label="陈市长")
    page.fill("#id_text", "请交通局牵头，抓紧拿出积水点整治方案，主汛期前完成。")
    page.fill("#id_carrier_title", TITLE)
    page.fill("#id_carrier_ref", "示交〔2026〕5号")
    page.set_input_files("#id_scan", str(scan))
    page.select_option("#id_lead_unit", label="示例市交通运输局")
    shot(page, "instructions-register")
    with page.expect_navigation():
        page.get_by_role("button", name="登记").click()
    expect(page.get_by_role("status").filter(has_text="并已转办")).to_be_visible()
    expect(page.locator("#zs-scans")).to_contain_text("批示原件.pdf")
    expect(page.locator("#round-1-units")).to_contain_text("示例市交通运输局")
    expect(page.locator("#round-1-tasks")).to_contain_text("待签收")

    for width, height, name in ((1366, 768, "instructions-unit"), (375, 740, "instructions-unit-375")):
        page = new_page(width, height)
        login(page, live_server.url, "ps_jt")
        page.goto(live_server.url + "/instructions/")
        expect(page.locator("#zs-instructions tbody")).to_contain_text(TITLE)
        page.get_by_role("link", name=TITLE).click()
        expect(page.locator("#round-1-text")).to_contain_text("抓紧拿出积水点整治方案")
        expect(page.locator("#zs-to-accept")).to_contain_text("请先签收督办任务")
        shot(page, name)
        assert overflow(page) <= 0
    # the task of 督查督办, one click away: 签收 there
    instruction_url = page.url
    page.locator("#round-1-tasks").get_by_role("link", name="示例市交通运输局").click()
    with page.expect_navigation():
        page.get_by_role("button", name="签收").first.click()
    page.goto(instruction_url)
    page.fill("#id_report-process", "3月5日召开专题会，排查积水点12处。")
    page.fill("#id_report-situation", "已完成8处改造，其余4处4月底前完工。")
    with page.expect_navigation():
        page.get_by_role("button", name="提交报送办理情况").click()
    expect(page.locator("#round-1-reports")).to_contain_text("排查积水点12处")
    expect(page.locator("#zs-instruction-state")).to_have_text("待呈报")

    page = new_page()
    login(page, live_server.url, "ps_dcs")
    page.goto(live_server.url + "/instructions/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("#zs-to-review")).to_contain_text("示例市交通运输局")
    # the 办结 is reviewed in 督查督办 first, then 呈报
    page.locator("#zs-to-review").get_by_role("link", name="示例市交通运输局").click()
    with page.expect_navigation():
        page.get_by_role("button", name="提交审核").click()
    page.goto(instruction_url)
    with page.expect_navigation():
        page.get_by_role("button", name="提交呈报领导").click()
    expect(page.locator("#zs-instruction-state")).to_have_text("待领导阅示")

    page = new_page()
    login(page, live_server.url, "ps_mayor")
    page.goto(live_server.url + "/instructions/")
    page.get_by_role("link", name=TITLE).click()
    page.fill("#id_decide-note", "已阅")
    with page.expect_navigation():
        page.get_by_role("button", name="提交阅示").click()
    expect(page.locator("#zs-instruction-state")).to_have_text("已办结")
    shot(page, "instructions-closed")
