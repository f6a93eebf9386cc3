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
        expect(page.locator("#id_text")).to_have_value(DRAFT.replace("\n", "\n"))  # what was typed is kept
        expect(page.locator("#zs-draft-lines tr.table-warning").first).to_be_visible()
        shot(page, name)
        assert overflow(page) <= 0
