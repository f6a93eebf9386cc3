"""收文 in real Chromium: the 文秘 signs for a document and registers it with its scan, passes 初审 and
拟办 to the mayor; the mayor directs it to 市交通局; the bureau's 联络员 finds it in the 收文登记簿 with
its 批办意见 and the steps 办理/办结. Screenshots in test-artifacts/."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_incoming_from_receipt_to_the_unit(live_server, new_page, login, shot, overflow, seeded, city, make_user,
                                           password, settings, tmp_path):
    from playwright.sync_api import expect

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user("doc_clerk", city.office, username="ws_in_clerk", password=password, full_name="周文秘")
    make_user("city_leader", city.root, username="ws_in_mayor", password=password, full_name="陈市长")
    make_user("liaison", city.traffic, username="ws_in_jt", password=password, full_name="交通局联络员")
    scan = tmp_path / "来文扫描件.pdf"
    scan.write_bytes(PDF)

    page = new_page()
    login(page, live_server.url, "ws_in_clerk")
    page.goto(live_server.url + "/documents/incoming/")
    page.get_by_role("link", name="签收来文").click()
    page.fill("#id_issuer", "示例市交通运输局")
    page.fill("#id_title", "关于人民路拓宽改造工程征地拆迁有关问题的请示")
    page.fill("#id_copies", "2")
    with page.expect_navigation():
        page.get_by_role("button", name="签收").click()
    page.fill("#id_doc_number", "示交发〔2026〕12号")
    page.fill("#id_written_on", "2026-01-05")
    page.select_option("#id_urgency", "urgent")
    page.set_input_files("#id_scans", str(scan))
    shot(page, "documents-incoming-register")
    with page.expect_navigation():
        page.get_by_role("button", name="登记").click()
    expect(page.get_by_role("status").filter(has_text="已登记，收文编号")).to_be_visible()
    expect(page.locator("#zs-scans")).to_contain_text("来文扫描件.pdf")
    with page.expect_navigation():
        page.locator("#step-review").get_by_role("button", name="提交初审").click()
    expect(page.locator("#zs-incoming-state")).to_have_text("待拟办")
    page.fill("#id_propose-opinion", "建议呈陈市长阅示，由市交通局办理")
    page.select_option("#id_propose-leader", label="陈市长")
    with page.expect_navigation():
        page.get_by_role("button", name="提交拟办").click()
    expect(page.locator("#zs-holder-text")).to_have_text("陈市长（市政府）")

    page = new_page()
    login(page, live_server.url, "ws_in_mayor")
    page.goto(live_server.url + "/documents/incoming/")
    page.get_by_role("link", name="关于人民路拓宽改造工程征地拆迁有关问题的请示").click()
    page.fill("#id_direct-opinion", "请市交通局抓紧研究办理")
    page.select_option("#id_direct-lead_unit", label="示例市交通运输局")
    with page.expect_navigation():
        page.get_by_role("button", name="提交批办").click()
    expect(page.locator("#zs-incoming-state")).to_have_text("承办中")
    expect(page.locator("#zs-holder-text")).to_have_text("示例市交通运输局")

    for width, height, name in ((1366, 768, "documents-incoming-unit"), (375, 740, "documents-incoming-unit-375")):
        page = new_page(width, height)
        login(page, live_server.url, "ws_in_jt")
        page.goto(live_server.url + "/documents/incoming/")
        expect(page.locator("#zs-incoming tbody")).to_contain_text("关于人民路拓宽改造工程征地拆迁有关问题的请示")
        page.get_by_role("link", name="关于人民路拓宽改造工程征地拆迁有关问题的请示").click()
        expect(page.locator("#zs-direction")).to_contain_text("请市交通局抓紧研究办理")
        expect(page.locator("#zs-movements")).to_contain_text("交承办")
        expect(page.locator("#step-handle")).to_be_visible()
        expect(page.locator("#step-complete")).to_be_visible()
        shot(page, name)
        assert overflow(page) <= 0
