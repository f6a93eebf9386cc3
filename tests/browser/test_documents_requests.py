"""收文 in real Chromium: the 主办单位's 联络员 asks for a later deadline on the document's page, the
文秘 sees the request and approves it, and the new deadline shows; at 1366 and 375 px.
Screenshots in test-artifacts/."""

from __future__ import annotations

from datetime import timedelta

import pytest

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _handling(city, clerk, mayor):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from zhongshu.documents import incoming as inc

    now = timezone.now() - timedelta(hours=1)
    doc = inc.receive(clerk, issuer="示例市交通运输局", title="关于人民路拓宽改造工程征地拆迁有关问题的请示", at=now)
    inc.register(doc, clerk, inc.Registration(
        title=doc.title, issuer=doc.issuer, doc_number="示交发〔2026〕12号", secrecy="none", urgency="normal",
        written_on=timezone.localdate(now) - timedelta(days=3), copies=1, received_on=timezone.localdate(now),
        channel="exchange", summary=""), scans=[SimpleUploadedFile("来文.pdf", PDF, content_type="application/pdf")],
        at=now)
    inc.review(doc, clerk, accept=True, at=now)
    inc.propose(doc, clerk, opinion="建议呈陈市长阅示", leader=mayor, unit=city.traffic, at=now)
    return inc.direct(doc, mayor, opinion="请市交通局抓紧办理", lead_unit=city.traffic, at=now)


def test_a_unit_asks_for_more_time_and_the_clerk_approves(live_server, new_page, login, shot, overflow, seeded, city,
                                                          make_user, password, settings):
    from playwright.sync_api import expect

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clerk = make_user("doc_clerk", city.office, username="ws_req", password=password, full_name="周文秘")
    mayor = make_user("city_leader", city.root, username="mayor_req", password=password, full_name="陈市长")
    make_user("liaison", city.traffic, username="jt_req", password=password, full_name="交通联络员")
    doc = _handling(city, clerk, mayor)
    until = doc.deadline + timedelta(days=7)
    url = live_server.url + doc.get_absolute_url()

    page = new_page(1366, 900)
    login(page, live_server.url, "jt_req")
    page.goto(url)
    page.locator("#step-extend").evaluate("d => { d.open = true }")
    page.fill("#id_extend-until", until.isoformat())
    page.fill("#id_extend-reason", "需等待征地补偿标准批复")
    with page.expect_navigation():
        page.locator("#step-extend").get_by_role("button", name="提交申请延期").click()
    expect(page.locator("#zs-requests")).to_contain_text("待审批")
    expect(page.locator("#step-extend")).to_have_count(0)          # one request at a time

    for width, height, name in ((1366, 900, "documents-incoming-request"), (375, 740, "documents-incoming-request-375")):
        page = new_page(width, height)
        login(page, live_server.url, "ws_req")
        page.goto(url)
        expect(page.locator("#zs-requests")).to_contain_text("需等待征地补偿标准批复")
        shot(page, name)
        assert overflow(page) <= 0
    page.locator("#step-decide").evaluate("d => { d.open = true }")
    with page.expect_navigation():
        page.locator("#step-decide").get_by_role("button", name="提交审批申请").click()
    expect(page.locator("#zs-requests")).to_contain_text("已同意")
    expect(page.locator("#zs-opinions")).to_contain_text(f"{until.year}年{until.month}月{until.day}日")
    doc.refresh_from_db()
    assert doc.deadline == until
