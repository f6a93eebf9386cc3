"""发文 in real Chromium: 市交通局's 经办人 drafts a 通知 (会签 by 市水利局 and 东城区), saves a second
version and compares the two, sends it to 核稿; the bureau's leader passes it to 陈市长 for 签发; the two
units countersign; the mayor signs; the 文秘 复核, 编号 and 印发 it (the laid-out .docx on the page).
Screenshots in test-artifacts/ at 1366 and 375 px."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))
from outgoing_flow import NOTICE, REVISED  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TITLE = "示例市交通运输局关于做好2026年春运道路交通保障工作的通知"


def _step(page, name: str, button: str):
    with page.expect_navigation():
        page.locator(f"#step-{name}").get_by_role("button", name=button).click()


def test_outgoing_from_draft_to_issue(live_server, new_page, login, shot, overflow, seeded, city, make_user,
                                      password, settings):
    from playwright.sync_api import expect

    from zhongshu.documents.models import NumberSeries

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    NumberSeries.objects.create(code="示交发", name="市交通局发文", issuer="示例市交通运输局")
    make_user("unit_staff", city.traffic, username="fw_staff", password=password, full_name="交通局经办人")
    make_user("unit_leader", city.traffic, username="fw_leader", password=password, full_name="交通局领导")
    make_user("liaison", city.water, username="fw_water", password=password, full_name="水利局联络员")
    make_user("unit_leader", city.east, username="fw_east", password=password, full_name="东城区领导")
    make_user("city_leader", city.root, username="fw_mayor", password=password, full_name="陈市长")
    make_user("doc_clerk", city.office, username="fw_clerk", password=password, full_name="周文秘")

    # 拟稿, a second version, the comparison, 送核稿
    page = new_page()
    login(page, live_server.url, "fw_staff")
    page.goto(live_server.url + "/documents/outgoing/")
    page.get_by_role("link", name="拟稿").click()
    page.fill("#id_title", TITLE)
    page.fill("#id_main_to", "各县（市、区）交通运输局，市直有关单位")
    page.fill("#id_copy_to", "市公安局，市应急管理局")
    page.select_option("#id_series", label="示交发（市交通局发文）")
    page.select_option("#id_countersign_units", label=["示例市水利局", "示例市东城区人民政府"])
    page.fill("#id_text", NOTICE)
    shot(page, "documents-outgoing-new")
    with page.expect_navigation():
        page.get_by_role("button", name="保存为第1稿").click()
    expect(page.locator("#zs-outgoing-state")).to_have_text("拟稿中")
    page.locator("#step-revise summary").click()
    page.fill("#id_revise-text", REVISED)
    page.fill("#id_revise-note", "巡查改为每日三次")
    _step(page, "revise", "提交修改文稿（存为新版本）")
    expect(page.locator("#zs-versions")).to_contain_text("共 2 稿")
    page.get_by_role("link", name="与第1稿比较").click()
    expect(page.locator("#zs-diff del.zs-del").first).to_have_text("两")
    expect(page.locator("#zs-diff ins.zs-ins").first).to_have_text("三")
    shot(page, "documents-outgoing-compare")
    page.go_back()
    _step(page, "submit", "提交送核稿")
    expect(page.locator("#zs-outgoing-state")).to_have_text("待核稿")

    # 核稿 by the bureau's leader: 签发 by 陈市长, 会签 by the two units
    page = new_page()
    login(page, live_server.url, "fw_leader")
    page.goto(live_server.url + "/documents/outgoing/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("#zs-findings")).to_be_visible()
    page.select_option("#id_review-signer", label="陈市长")
    page.fill("#id_review-opinion", "拟同意，请会签")
    _step(page, "review", "提交核稿")
    expect(page.locator("#zs-outgoing-state")).to_have_text("会签中")
    expect(page.locator("#zs-countersigns tbody tr")).to_have_count(2)

    for user, opinion in (("fw_water", "同意"), ("fw_east", "同意，请注意农村公路")):
        page = new_page()
        login(page, live_server.url, user)
        page.goto(live_server.url + "/documents/outgoing/")
        page.get_by_role("link", name=TITLE).click()
        page.fill("#id_countersign-opinion", opinion)
        _step(page, "countersign", "提交会签")
    expect(page.locator("#zs-outgoing-state")).to_have_text("待签发")
    expect(page.locator("#zs-countersigns")).to_contain_text("同意，请注意农村公路")

    # 签发
    page = new_page()
    login(page, live_server.url, "fw_mayor")
    page.goto(live_server.url + "/documents/outgoing/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("#zs-sign-problems")).to_have_count(0)
    page.fill("#id_sign-opinion", "同意印发")
    _step(page, "sign", "提交签发")
    expect(page.locator("#zs-outgoing-state")).to_have_text("已签发待复核")

    # 复核, 编号, 印发 by the 文秘
    page = new_page()
    login(page, live_server.url, "fw_clerk")
    page.goto(live_server.url + "/documents/outgoing/")
    page.get_by_role("link", name=TITLE).click()
    _step(page, "recheck", "提交复核")
    expect(page.locator("#zs-outgoing-state")).to_have_text("已复核待编号")
    _step(page, "number", "提交编号")
    expect(page.locator("#zs-number")).to_have_text("示交发〔2026〕1号")
    _step(page, "issue", "提交印发")
    expect(page.locator("#zs-outgoing-state")).to_have_text("已印发待归档")
    expect(page.locator("#zs-papers")).to_contain_text(".docx")
    with page.expect_download() as info:
        page.locator("#zs-papers a").first.click()
    assert info.value.suggested_filename.endswith(".docx")

    for width, height, name in ((1366, 768, "documents-outgoing-issued"), (375, 740, "documents-outgoing-issued-375")):
        page = new_page(width, height)
        login(page, live_server.url, "fw_clerk")
        page.goto(live_server.url + "/documents/outgoing/")
        expect(page.locator("#zs-outgoing tbody")).to_contain_text("示交发〔2026〕1号")
        page.get_by_role("link", name=TITLE).click()
        expect(page.locator("#zs-history")).to_contain_text("编号：示交发〔2026〕1号")
        expect(page.locator("#step-archive")).to_be_visible()
        shot(page, name)
        page.screenshot(path=str(ARTIFACTS / f"{name}-top.png"))  # what the first screen shows
        assert overflow(page) <= 0
    expect(page.locator("#zs-to-steps")).to_be_visible()  # on a phone, a link to the steps below
    page.locator("#zs-to-steps").click()
    expect(page.locator("#step-archive")).to_be_in_viewport()
