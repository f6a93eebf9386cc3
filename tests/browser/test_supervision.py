"""督查督办 as its users click it, in real Chromium: the 督查室 imports the annual task table (a bad
file first: the report names row and column), 交办; the lead unit's 联络员 签收, reports progress,
asks for 办结 without evidence; the 督查室 驳回重办 (the 联络员 finds 【驳回重办】 in 消息), the unit
asks again with a PDF, the 督查室 accepts and 销号. A city leader sees a unit's overdue task as a red
number in 督查概览 and follows it to the ledger. The pages fit at 1366×768 and at 375×740."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

ROW1 = "建成城市快速路二期工程"
ROW2 = "推进公交都市建设"
ROW3 = "实施中小河流综合治理"
OVERDUE = "修复汛期水毁堤防"
PROGRESS_1 = "主线桥梁桩基全部完成，路面工程已开工"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" \
      b"trailer<</Root 1 0 R>>\n%%EOF\n"


def xlsx(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "年度任务表"
    sheet.append(["序号", "事项", "牵头单位", "配合单位", "完成时限", "阶段目标"])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(name: str, data: bytes, mime: str) -> dict:
    return {"name": name, "mimeType": mime, "buffer": data}


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def submit(page, button):
    """Click a button that sends a form and wait for the page it leads to."""
    with page.expect_navigation():
        button.click()


@pytest.fixture
def sv_world(seeded, city, make_user, password, settings, tmp_path):
    """督查室 李督查, 市交通局's 联络员 赵敏, 市水利局's 联络员, 陈市长; a 市水利局 task registered,
    assigned and accepted weeks ago whose deadline passed ten days ago (red now)."""
    from zhongshu.clocks.defaults import ensure_default_ladder
    from zhongshu.clocks.models import Ladder, Rung
    from zhongshu.clocks.schedule import invalidate_ladders
    from zhongshu.supervision import transitions as t
    from zhongshu.supervision.ladders import ensure_ladders
    from zhongshu.supervision.registration import MatterInput, register_matter

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    ensure_default_ladder(Ladder, Rung)
    ensure_ladders(Ladder, Rung)
    invalidate_ladders()

    office = make_user("supervisor", city.office, username="dcs", password=password, full_name="李督查")
    jt = make_user("liaison", city.traffic, username="jt_liaison", password=password, full_name="赵敏",
                   phone="0731-88001234")
    sl = make_user("liaison", city.water, username="sl_liaison", password=password, full_name="吴刚")
    make_user("city_leader", city.root, username="mayor", password=password, full_name="陈市长")

    now = timezone.now()
    matter = register_matter(office, MatterInput(title=OVERDUE, lead_unit=city.water,
                                                 deadline=timezone.localdate() - timedelta(days=10)),
                             at=now - timedelta(days=40))
    t.assign(matter, office, at=now - timedelta(days=39))
    t.accept(matter.tasks.get(), sl, at=now - timedelta(days=38))
    return {"office": office, "jt": jt, "sl": sl, "overdue": matter}


def test_supervision_loop(live_server, new_page, login, shot, overflow, sv_world, city):
    from playwright.sync_api import expect

    from zhongshu.supervision import transitions as t
    from zhongshu.supervision.models import Matter

    base = live_server.url
    deadline = timezone.localdate() + timedelta(days=60)
    milestone = timezone.localdate() + timedelta(days=30)

    def open_page(width=1366, height=768):
        page = new_page(width, height)
        page.emulate_media(reduced_motion="reduce")  # Bootstrap's collapse then opens without animation
        return page

    def said(page, text):
        expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()

    # --- 督查室: the ledger, the import (a bad file, then a good one), 交办 --------------------------
    office = open_page()
    login(office, base, "dcs")
    office.get_by_role("button", name="督查督办").click()
    office.get_by_role("link", name="督查台账").click()
    office.wait_for_url(base + "/supervision/")
    expect(office.get_by_role("heading", name="督查事项台账")).to_be_visible()
    office.get_by_role("link", name="导入年度任务表").click()
    office.wait_for_url("**/supervision/import/")

    bad = xlsx([(1, ROW1, "市规划局", "", deadline), (2, ROW2, "市交通局", "", "2026-13-01")])
    office.get_by_label("年度任务表（.xlsx）").set_input_files(upload("任务表.xlsx", bad, XLSX_MIME))
    submit(office, office.get_by_role("button", name="上传并导入"))
    report = office.locator("#zs-import-errors")
    expect(report.get_by_role("heading")).to_have_text("未导入：共 2 处问题")
    problems = report.locator("tbody tr")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_contain_text("第 2 行")
    expect(problems.nth(0)).to_contain_text("「牵头单位」")
    expect(problems.nth(0)).to_contain_text("未找到单位「市规划局」")
    expect(problems.nth(1)).to_contain_text("第 3 行")
    expect(problems.nth(1)).to_contain_text("「完成时限」")
    expect(problems.nth(1)).to_contain_text("2026-13-01")
    assert not Matter.objects.filter(title=ROW1).exists()
    assert overflow(office) <= 0
    shot(office, "sv-import-errors-1366")

    good = xlsx([(1, ROW1, "市交通局", "市水利局", deadline, ""),
                 (2, ROW2, "市交通局", "", deadline, f"{milestone:%Y-%m-%d} 完成线网优化方案"),
                 (3, ROW3, "市水利局", "东城区", deadline, "")])
    office.get_by_label("年度任务表（.xlsx）").set_input_files(upload("任务表.xlsx", good, XLSX_MIME))
    submit(office, office.get_by_role("button", name="上传并导入"))
    office.wait_for_url("**/supervision/?state=draft")
    said(office, "导入成功：共 3 项事项")
    assert office.get_by_label("状态").evaluate("e => e.options[e.selectedIndex].text") == "待交办"
    ledger = office.locator("table.zs-ledger tbody")
    for title in (ROW1, ROW2, ROW3):
        expect(ledger.get_by_role("link", name=title)).to_be_visible()
    expect(ledger.get_by_role("link", name=OVERDUE)).to_have_count(0)  # 办理中, not 待交办
    assert overflow(office) <= 0
    shot(office, "sv-ledger-1366")

    ledger.get_by_role("link", name=ROW1).click()
    office.wait_for_url("**/supervision/matters/*/")
    matter_url = office.url
    expect(office.locator("#zs-matter-state")).to_have_text("待交办")
    submit(office, office.get_by_role("button", name="交办", exact=True))
    said(office, "交办成功")
    tasks = office.locator("#zs-task-table tbody tr")
    expect(tasks).to_have_count(2)
    expect(tasks.filter(has_text="市交通局").filter(has_text="待签收")).to_have_count(1)
    expect(tasks.filter(has_text="市水利局").filter(has_text="待签收")).to_have_count(1)
    expect(office.locator("#zs-matter-state")).to_have_text("办理中")
    assert overflow(office) <= 0
    shot(office, "sv-matter-1366")

    # --- 联络员: 督查待办 → 签收 → 进展反馈 → 申请办结 without evidence ---------------------------------
    unit = open_page()
    login(unit, base, "jt_liaison")
    unit.get_by_role("button", name="督查督办").click()
    unit.get_by_role("link", name="督查待办").click()
    unit.wait_for_url("**/supervision/todo/")
    waiting = unit.locator("#zs-todo-accept")
    expect(waiting.get_by_role("heading", name="待签收")).to_be_visible()
    shot(unit, "sv-todo-liaison-1366")
    waiting.get_by_role("link", name=ROW1).click()
    unit.wait_for_url("**/supervision/tasks/*/")
    task_url = unit.url
    expect(unit.locator("#zs-task-state")).to_have_text("待签收")
    submit(unit, unit.get_by_role("button", name="签收", exact=True))
    said(unit, "签收成功")
    expect(unit.locator("#zs-task-state")).to_have_text("办理中")

    unit.get_by_role("button", name="进展反馈", exact=True).click()
    form = unit.get_by_role("form", name="进展反馈")
    expect(form).to_be_visible()
    expect(form.get_by_label("经办人")).to_have_value("赵敏")  # from the signed-in user
    expect(form.get_by_label("联系电话")).to_have_value("0731-88001234")
    form.get_by_label("完成进度（%）").fill("60")
    form.get_by_label("具体进展").fill(PROGRESS_1)
    form.get_by_label("存在问题").fill("部分路段征迁进度偏慢")
    form.get_by_label("下一步计划").fill("12月底前完成剩余征迁")
    submit(unit, form.get_by_role("button", name="提交进展反馈"))
    said(unit, "进展反馈成功")
    expect(unit.locator("#zs-reports").get_by_text(PROGRESS_1)).to_be_visible()

    # this period is reported: the form is no longer offered, the page says when the next one opens
    expect(unit.get_by_role("button", name="进展反馈", exact=True)).to_have_count(0)
    expect(unit.locator("#zs-report-note")).to_contain_text("的进展已经报送")
    assert overflow(unit) <= 0
    shot(unit, "sv-task-forms-1366")

    # 申请办结: sent empty, the form comes back open with the reason under the field
    unit.get_by_role("button", name="申请办结", exact=True).click()
    done = unit.get_by_role("form", name="申请办结")
    expect(done).to_be_visible()
    expect(form).to_be_hidden()  # one form open at a time
    submit(unit, done.get_by_role("button", name="提交申请办结"))
    result = done.get_by_label("办理结果")
    expect(result).to_be_visible()
    expect(result).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(result).to_have_accessible_description("这个字段是必填项。")
    shot(unit, "sv-task-error-1366")
    result.fill("主线已建成通车，完成年度目标")
    submit(unit, done.get_by_role("button", name="提交申请办结"))
    said(unit, "申请办结成功")
    expect(unit.locator("#zs-task-state")).to_have_text("办结待审")

    # --- 督查室: 驳回重办 from 督查待办 -------------------------------------------------------------------
    office.goto(base + "/supervision/todo/")
    office.locator("#zs-todo-review").get_by_role("link", name=ROW1).click()
    office.wait_for_url(task_url)
    review = office.locator("form.zs-review-form")
    review.get_by_label("审核意见").select_option(label="驳回重办")
    review.get_by_label("说明（驳回时必填）").fill("缺少佐证材料")
    shot(office, "sv-task-review-1366")
    submit(office, review.get_by_role("button", name="提交审核"))
    said(office, "审核成功")
    expect(office.locator("#zs-task-state")).to_have_text("办理中")

    # --- 联络员: 【驳回重办】 in 消息, the task 办理中 again, 办结 with a PDF ---------------------------------
    unit.locator("#zs-inbox-link").click()
    unit.wait_for_url("**/notify/inbox/**")
    expect(unit.get_by_text(f"【驳回重办】{ROW1}").first).to_be_visible()
    unit.goto(task_url)
    expect(unit.locator("#zs-task-state")).to_have_text("办理中")
    expect(unit.locator("#zs-completions").get_by_text("缺少佐证材料")).to_be_visible()
    unit.set_viewport_size({"width": 375, "height": 740})  # the same page on the 联络员's phone
    assert overflow(unit) <= 0
    unit.get_by_role("link", name="去办理").click()
    expect(unit.get_by_role("button", name="申请办结", exact=True)).to_be_in_viewport()
    shot(unit, "sv-task-375")
    unit.set_viewport_size({"width": 1366, "height": 768})
    unit.get_by_role("button", name="申请办结", exact=True).click()
    done.get_by_label("办理结果").fill("主线已建成通车，附竣工验收意见")
    done.get_by_label("佐证材料").set_input_files(upload("竣工验收意见.pdf", PDF, "application/pdf"))
    submit(unit, done.get_by_role("button", name="提交申请办结"))
    said(unit, "申请办结成功")
    expect(unit.locator("#zs-completions").get_by_role("link", name="竣工验收意见.pdf")).to_be_visible()

    # the co-unit (市水利局) finishes its part off-screen
    matter = Matter.objects.get(title=ROW1)
    co = matter.tasks.get(unit=city.water)
    t.accept(co, sv_world["sl"])
    t.review_completion(t.request_completion(co, sv_world["sl"], result="配合完成"), sv_world["office"], accept=True)

    # --- 督查室: 审核通过, then 销号 --------------------------------------------------------------------
    office.goto(task_url)
    review.get_by_label("审核意见").select_option(label="通过，办结")
    submit(office, review.get_by_role("button", name="提交审核"))
    said(office, "审核成功")
    expect(office.locator("#zs-task-state")).to_have_text("已办结")
    office.goto(matter_url)
    expect(office.locator("#zs-matter-state")).to_have_text("待销号")
    submit(office, office.get_by_role("button", name="销号", exact=True))
    said(office, "销号成功")
    expect(office.locator("#zs-matter-state")).to_have_text("已销号")

    # --- 市领导: 督查概览 → the red number of 市水利局 → the ledger filtered to it ------------------------
    leader = open_page()
    login(leader, base, "mayor")
    leader.get_by_role("button", name="督查督办").click()
    leader.get_by_role("link", name="督查概览").click()
    leader.wait_for_url("**/supervision/overview/")
    with leader.expect_navigation():
        leader.get_by_label("年度").select_option(label="全部年度")
    red = leader.locator("#zs-unit-table").get_by_role("link", name="市水利局红灯 1", exact=True)
    expect(red).to_have_css("color", "rgb(200, 16, 46)")
    assert overflow(leader) <= 0
    shot(leader, "sv-overview-1366")
    red.click()
    leader.wait_for_url("**/supervision/?*light=red*")
    assert leader.get_by_label("单位").evaluate("e => e.options[e.selectedIndex].text").strip() == "示例市水利局"
    rows = leader.locator("table.zs-ledger tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link", name=OVERDUE)).to_be_visible()
    expect(rows.first.locator(".light-red")).to_be_visible()
    expect(rows.first).to_contain_text("办理中")

    # --- on a phone: the pages fit, tables scroll inside their wrapper, the filters open on tap ------------
    phone = open_page(375, 740)
    login(phone, base, "dcs")
    phone.goto(base + "/supervision/?view=tasks")
    expect(phone.locator("table.zs-ledger .light-red").first).to_be_visible()
    expect(phone.get_by_label("单位")).to_be_hidden()
    shot(phone, "sv-ledger-375")
    assert overflow(phone) <= 0
    phone.get_by_role("button", name="筛选").click()
    phone.get_by_label("灯色").select_option(label="红灯")
    assert overflow(phone) <= 0
    shot(phone, "sv-ledger-375-filters-open")
    submit(phone, phone.get_by_role("button", name="查询"))
    expect(phone.locator("table.zs-ledger tbody tr")).to_have_count(1)
    expect(phone.get_by_role("button", name="筛选")).to_contain_text("1")  # one condition set
    assert overflow(phone) <= 0
    shot(phone, "sv-ledger-375-filtered")
    for name, url in (("matter", matter_url), ("overview", base + "/supervision/overview/"),
                      ("todo", base + "/supervision/todo/"), ("import", base + "/supervision/import/")):
        phone.goto(url)
        assert overflow(phone) <= 0, name
        shot(phone, f"sv-{name}-375")
