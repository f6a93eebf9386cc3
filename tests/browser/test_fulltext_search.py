"""全文检索 in Chromium: a 联络员 searches a phrase from the menu and finds their 批示 with the phrase
marked, not another unit's; the page at 1366 and 375 px. Screenshots in test-artifacts/."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_liaison_finds_their_批示(live_server, new_page, login, shot, overflow, seeded, city, make_user, password,
                                  settings):
    from playwright.sync_api import expect

    from zhongshu.instructions.transitions import InstructionInput, RouteInput, register

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    dcs = make_user("supervisor", city.office, username="fs_dcs", password=password, full_name="李督查")
    mayor = make_user("city_leader", city.root, username="fs_mayor", password=password, full_name="陈市长")
    make_user("liaison", city.traffic, username="fs_jt", password=password, full_name="交通局联络员")
    make_user("unit_leader", city.traffic, username="fs_jt_leader", password=password, full_name="交通局领导")
    for unit, text, title in ((city.traffic, "请交通局抓紧整治人民路积水点。", "关于人民路积水的报告"),
                              (city.water, "请水利局抓紧整治河道积水点。", "关于河道积水的报告")):
        register(dcs, InstructionInput(leader=mayor, written_on=date.today(), text=text, carrier_title=title),
                 route=RouteInput(lead_unit=unit))
    for width, height, name in ((1366, 768, "search"), (375, 740, "search-375")):
        page = new_page(width, height)
        login(page, live_server.url, "fs_jt")
        if width > 900:  # from the menu
            page.goto(live_server.url + "/")
            page.get_by_role("link", name="全文检索").first.click()
        else:
            page.goto(live_server.url + "/search/")
        page.get_by_role("searchbox").fill("积水点")
        with page.expect_navigation():
            page.get_by_role("button", name="检索").click()
        results = page.locator("#zs-search-results")
        expect(results).to_contain_text("陈市长批示：关于人民路积水的报告")
        expect(results).not_to_contain_text("河道")
        expect(results.locator("mark").first).to_have_text("积水点")
        expect(page.locator("#zs-search-total")).to_have_text("共 1 条")
        expect(results.locator(".zs-hit .small").last).to_have_text("请交通局抓紧整治人民路积水点。")  # the body
        shot(page, name)
        assert overflow(page) <= 0
