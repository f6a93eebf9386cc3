"""12345 as its users click it, in real Chromium: the agent takes a call on the intake form (a bad
phone number first: the reason under the field, everything typed kept), lands on the ticket page;
the dispatcher 派单 by the 派单目录; the 联络员 of 市交通局 签收 and 答复; the dispatcher 审核办结;
the agent records the callback 满意. Screenshots at 1366×768 and one at 375×740 (test-artifacts/)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "解放路公交站台顶棚破损"
DESCRIPTION = "解放路与人民路交叉口北侧公交站台顶棚破损漏雨，雨天候车市民淋雨，请尽快修复。"


def submit(page, button):
    with page.expect_navigation():
        button.click()


@pytest.fixture
def hl_world(seeded, city, make_user, password, settings, tmp_path):
    from zhongshu.hotline.catalogue import load_taxonomy
    from zhongshu.hotline.models import CatalogueEntry, Category

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ZHONGSHU_HOTLINE_MODEL_DIR = str(tmp_path / "models")
    make_user("hotline_agent", city.office, username="hl_agent", password=password, full_name="王话务")
    make_user("hotline_dispatcher", city.office, username="hl_dispatcher", password=password, full_name="赵派单")
    make_user("liaison", city.traffic, username="hl_jt", password=password, full_name="孙联络")
    load_taxonomy([("城乡建设", "道路交通", "公交设施"), ("城乡建设", "供水", "停水")])
    CatalogueEntry.objects.create(category=Category.objects.get(name="道路交通"), unit=city.traffic,
                                  basis="《市交通运输局权责清单》第 12 项：城市道路与公交设施养护")
    return city


def test_hotline_loop(live_server, new_page, login, shot, overflow, hl_world):
    from playwright.sync_api import expect

    from zhongshu.hotline.models import Ticket

    base = live_server.url

    def open_page(width=1366, height=768):
        page = new_page(width, height)
        page.emulate_media(reduced_motion="reduce")
        return page

    def said(page, text):
        expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()

    def step_form(page, label):
        page.locator("#zs-steps").get_by_role("button", name=label, exact=True).click()
        form = page.get_by_role("form", name=label)
        expect(form).to_be_visible()
        return form

    # --- 话务员: 受理 ---------------------------------------------------------------------------------
    agent = open_page()
    login(agent, base, "hl_agent")
    agent.goto(base + "/hotline/intake/")
    expect(agent.get_by_role("heading", name="受理工单", exact=True)).to_be_visible()
    expect(agent.locator("#id_caller_phone")).to_be_focused()  # type right away
    agent.keyboard.type("1390000")  # too short
    agent.get_by_label("来电人", exact=True).fill("刘女士")
    agent.get_by_label("诉求类型").select_option(label="投诉")
    agent.get_by_label("分类").select_option(label="道路交通 / 公交设施")
    agent.get_by_label("地点").fill("解放路与人民路交叉口北侧")
    agent.get_by_label("标题").fill(TITLE)
    agent.get_by_label("诉求内容").fill(DESCRIPTION)
    with agent.expect_navigation():
        agent.get_by_label("诉求内容").press("Control+Enter")
    expect(agent.locator("#id_caller_phone-error")).to_contain_text("联系电话格式不正确")
    expect(agent.get_by_label("标题")).to_have_value(TITLE)
    expect(agent.get_by_label("诉求内容")).to_have_value(DESCRIPTION)
    assert Ticket.objects.count() == 0
    shot(agent, "hl-intake-error-1366")
    agent.get_by_label("联系电话").fill("13900001234")
    submit(agent, agent.get_by_role("button", name="受理（Ctrl+Enter）"))
    ticket = Ticket.objects.get()
    said(agent, f"已受理，工单编号 {ticket.number}")
    expect(agent.locator("#zs-ticket-state")).to_have_text("待派单")
    expect(agent.locator("#zs-caller")).to_contain_text("13900001234")
    assert overflow(agent) <= 0
    shot(agent, "hl-ticket-received-1366")

    # --- 派单员: the queue's 待派单 tab → 派单 by the 派单目录 -------------------------------------------
    disp = open_page()
    login(disp, base, "hl_dispatcher")
    disp.goto(base + "/hotline/")
    disp.locator('[data-tab="to_dispatch"]').click()
    disp.wait_for_url("**/hotline/?tab=to_dispatch")
    rows = disp.locator("#zs-queue tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("刘**")
    expect(rows.first).to_contain_text("139****1234")
    expect(rows.first.locator(".light")).to_have_count(1)
    assert overflow(disp) <= 0
    shot(disp, "hl-queue-1366")
    rows.first.get_by_role("link", name=ticket.number).click()
    disp.wait_for_url(f"**/hotline/tickets/{ticket.pk}/")
    form = step_form(disp, "派单")
    expect(form.get_by_label("承办单位")).to_have_value(str(hl_world.traffic.pk))  # the catalogue's unit
    submit(disp, form.get_by_role("button", name="提交派单"))
    said(disp, "派单成功")
    expect(disp.locator("#zs-ticket-state")).to_have_text("待签收")
    expect(disp.locator("#zs-basis")).to_contain_text("《市交通运输局权责清单》第 12 项")
    expect(disp.locator("#zs-clocks")).to_contain_text("签收时限")

    # --- 联络员: 待签收 → 签收 → 答复 --------------------------------------------------------------------
    unit = open_page()
    login(unit, base, "hl_jt")
    unit.goto(base + "/hotline/?tab=to_accept")
    unit.get_by_role("link", name=ticket.number).click()
    unit.wait_for_url(f"**/hotline/tickets/{ticket.pk}/")
    expect(unit.locator("#zs-caller")).to_contain_text("13900001234")  # not confidential: the unit calls back
    submit(unit, unit.locator("#zs-steps").get_by_role("button", name="签收", exact=True))
    said(unit, "签收成功")
    expect(unit.locator("#zs-ticket-state")).to_have_text("办理中")
    form = step_form(unit, "答复市民")
    form.get_by_label("办理结果").select_option(label="已解决")
    form.get_by_label("答复内容").fill("已于当日更换站台顶棚，并电话告知市民。")
    shot(unit, "hl-reply-form-1366")
    submit(unit, form.get_by_role("button", name="提交答复市民"))
    said(unit, "答复市民成功")
    expect(unit.locator("#zs-ticket-state")).to_have_text("已答复待办结")

    # --- 派单员: 审核办结 -------------------------------------------------------------------------------
    disp.goto(base + "/hotline/?tab=to_close")
    disp.get_by_role("link", name=ticket.number).click()
    submit(disp, disp.locator("#zs-steps").get_by_role("button", name="审核办结", exact=True))
    said(disp, "审核办结成功")
    expect(disp.locator("#zs-ticket-state")).to_have_text("已办结待回访")

    # --- 话务员: 回访 满意 --------------------------------------------------------------------------------
    agent.goto(base + "/hotline/?tab=callback")
    agent.get_by_role("link", name=ticket.number).click()
    form = step_form(agent, "回访")
    form.get_by_label("满意度").select_option(label="满意")
    form.get_by_label("回访记录").fill("市民表示满意")
    submit(agent, form.get_by_role("button", name="提交回访"))
    said(agent, "回访成功")
    expect(agent.locator("#zs-ticket-state")).to_have_text("已回访")
    expect(agent.locator("#zs-callback")).to_contain_text("满意")
    timeline = agent.locator("#zs-timeline")
    for kind in ("受理", "派单", "签收", "答复", "办结", "回访"):
        expect(timeline.get_by_text(kind, exact=True)).to_be_visible()
    assert overflow(agent) <= 0
    shot(agent, "hl-ticket-finished-1366")
    ticket.refresh_from_db()
    assert ticket.state == "finished" and ticket.satisfaction == "satisfied"
    assert "已回访" in agent.locator("main").inner_text()

    # --- on a phone: the ticket page still fits -----------------------------------------------------
    phone = open_page(375, 740)
    login(phone, base, "hl_agent")
    phone.goto(base + ticket.get_absolute_url())
    expect(phone.locator("#zs-ticket-state")).to_have_text("已回访")
    assert overflow(phone) <= 0
    shot(phone, "hl-ticket-375")
