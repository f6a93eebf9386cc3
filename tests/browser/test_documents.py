"""拟稿检查 in real Chromium: a 文秘 pastes a 请示 that asks two things of two offices, checks it,
reads what to change and where; the page holds at 375 px. Screenshots in test-artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True)
DRAFT = (Path(__file__).parents[1] / "documents" / "drafts" / "bad_request.txt").read_text(encoding="utf-8")


def test_draft_check(live_server, new_page, login, shot, overflow, seeded, city, make_user, password, settings):
    from playwright.sync_api import expect

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user("supervisor", city.office, username="ws_clerk", password=password, full_name="李文秘")
    for width, height, name in ((1366, 768, "documents-check"), (375, 740, "documents-check-375")):
        page = new_page(width, height)
        login(page, live_server.url, "ws_clerk")
        page.goto(live_server.url + "/documents/check/")
        page.select_option("#id_kind", "request")
        page.fill("#id_number", "示水发[2026]第3号")
        page.fill("#id_text", DRAFT)
        with page.expect_navigation():
            page.get_by_role("button", name="检查").click()
        findings = page.locator("#zs-findings")
        expect(findings).to_contain_text("请示主送多个机关")
        expect(findings).to_contain_text("请示一文多事")
        expect(findings).to_contain_text("成文日期格式不规范")
        expect(findings).to_contain_text("发文字号格式不规范")
        expect(page.locator("#zs-draft-summary")).to_contain_text("处须修改")
        expect(page.locator("#id_text")).to_have_value(DRAFT)  # what was typed is kept
        expect(page.locator("#zs-draft-lines tr.table-warning").first).to_be_visible()
        shot(page, name)
        assert overflow(page) <= 0


def test_lay_out_a_checked_draft_as_word(live_server, new_page, login, shot, seeded, city, make_user, password,
                                         settings, tmp_path):
    import docx

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user("supervisor", city.office, username="ws_clerk2", password=password, full_name="李文秘")
    good = (Path(__file__).parents[1] / "documents" / "drafts" / "good_notice.txt").read_text(encoding="utf-8")
    page = new_page()
    login(page, live_server.url, "ws_clerk2")
    page.goto(live_server.url + "/documents/check/")
    page.fill("#id_number", "示政办发〔2026〕3号")
    page.fill("#id_text", good)
    page.locator("#zs-layout summary").click()
    page.fill("#id_issuer", "示例市人民政府办公室")
    shot(page, "documents-layout-form")
    with page.expect_download() as got:
        page.get_by_role("button", name="生成 Word").click()
    download = got.value
    assert download.suggested_filename.endswith("的通知.docx")
    path = tmp_path / "notice.docx"
    download.save_as(str(path))
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert texts[0] == "示例市人民政府办公室文件" and "示政办发〔2026〕3号" in texts[1]
    assert "附件：春节期间供水值班表" in [t.strip() for t in texts]


def test_number_book(live_server, new_page, login, shot, overflow, seeded, city, make_user, password, settings):
    from playwright.sync_api import expect

    from zhongshu.documents.models import NumberSeries

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    NumberSeries.objects.create(code="示政办发", name="市政府办公室发文", issuer="示例市人民政府办公室")
    make_user("doc_clerk", city.office, username="ws_numbers", password=password, full_name="周文秘")
    for width, height, name in ((1366, 768, "documents-numbers"), (375, 740, "documents-numbers-375")):
        page = new_page(width, height)
        login(page, live_server.url, "ws_numbers")
        page.goto(live_server.url + "/documents/numbers/")
        page.fill("#id_title", f"关于做好春节期间供水保障工作的通知（{width}）")
        with page.expect_navigation():
            page.get_by_role("button", name="取号").click()
        expect(page.get_by_role("status").filter(has_text="已取号")).to_be_visible()
        row = page.locator("#zs-book tbody tr").last
        row.get_by_placeholder("作废原因").fill("标题有误，重拟")
        with page.expect_navigation():
            row.get_by_role("button", name="作废").click()
        expect(page.get_by_role("status").filter(has_text="已作废")).to_be_visible()
        shot(page, name)
        assert overflow(page) <= 0
