"""收文 pages and API: the 登记簿 with who holds each document, the detail page offering each user
only their steps, 签收 and 登记 with the scan through the forms (errors shown, nothing kept), and
the scoped API."""

from __future__ import annotations

import incoming_flow as flow
import pytest
import time_machine

from zhongshu.core.models import Attachment
from zhongshu.documents.models import IncomingDocument

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def test_the_book_lists_with_the_holder_and_filters(client, people, city):
    routed = flow.handling(people, city)
    waiting = flow.proposed(people, city, doc_number="示交发〔2026〕20号")
    page = _client(client, people.clerk).get("/documents/incoming/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "收文登记簿" in html and "签收来文" in html
    assert '<td class="zs-holder">示例市交通运输局</td>' in html  # the one being handled is with its unit
    assert "陈市长（市政府）" in html  # the one waiting for 批办 is in the mayor's hands
    by_state = client.get("/documents/incoming/?state=proposed").content.decode()
    assert waiting.title in by_state and f"zs-incoming-{routed.pk}" not in by_state
    by_unit = client.get(f"/documents/incoming/?unit={city.water.pk}").content.decode()
    assert f"zs-incoming-{routed.pk}" in by_unit and f"zs-incoming-{waiting.pk}" not in by_unit
    unit_page = _client(client, people.jt_liaison).get("/documents/incoming/").content.decode()
    assert f"zs-incoming-{routed.pk}" in unit_page and f"zs-incoming-{waiting.pk}" not in unit_page
    assert "签收来文" not in unit_page
    assert _client(client, people.sysadmin).get("/documents/incoming/").status_code == 403


def test_the_detail_page_offers_each_user_only_their_steps(client, people, city):
    doc = flow.proposed(people, city)
    mayor = _client(client, people.mayor).get(doc.get_absolute_url()).content.decode()
    assert 'id="step-direct"' in mayor and 'id="step-read"' in mayor and 'id="step-circulate"' in mayor
    assert "现在何处" in mayor and "陈市长（市政府）" in mayor
    vice = _client(client, people.vice).get(doc.get_absolute_url()).content.decode()
    assert 'id="step-' not in vice  # he does not hold it
    assert _client(client, people.jt_liaison).get(doc.get_absolute_url()).status_code == 404  # not routed yet
    response = _client(client, people.mayor).post(f"{doc.get_absolute_url()}direct/", {
        "direct-opinion": "请市交通局办理", "direct-lead_unit": city.traffic.pk, "direct-co_units": [city.water.pk]})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.state == "handling"
    unit = _client(client, people.jt_liaison).get(doc.get_absolute_url()).content.decode()
    assert 'id="step-handle"' in unit and 'id="step-complete"' in unit and "请市交通局办理" in unit
    co = _client(client, people.sl_liaison).get(doc.get_absolute_url()).content.decode()
    assert 'id="step-' not in co and "协办：示例市水利局" in co


def test_a_refused_step_shows_the_reason_and_keeps_what_was_typed(client, people, city):
    doc = flow.registered(people)
    response = _client(client, people.clerk).post(f"{doc.get_absolute_url()}review/", {
        "review-decision": "return", "review-reason": ""})
    assert response.status_code == 400
    assert "初审未完成：请填写退文理由" in response.content.decode()
    doc.refresh_from_db()
    assert doc.state == "registered"
    response = client.post(f"{doc.get_absolute_url()}review/", {"review-decision": "return",
                                                                "review-reason": "不属于本机关职权范围"})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.state == "returned" and doc.return_reason == "不属于本机关职权范围"


def test_receive_and_register_through_the_forms(client, people, city):
    _client(client, people.clerk)
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        response = client.post("/documents/incoming/new/", {"issuer": "示例市交通运输局", "title": "关于人民路拓宽的请示",
                                                            "copies": 2, "channel": "exchange"})
        doc = IncomingDocument.objects.get()
        assert response.status_code == 302 and response.url == f"/documents/incoming/{doc.pk}/register/"
        form = {"title": "关于人民路拓宽的请示", "issuer": "示例市交通运输局", "doc_number": "示交发〔2026〕12号",
                "secrecy": "none", "urgency": "urgent", "written_on": "2026-03-05", "copies": 2,
                "received_on": "2026-03-02", "channel": "exchange", "summary": ""}
        bad = client.post(response.url, {**form, "scans": [flow.pdf("扫描.pdf", b"MZ\x90\x00 program")]})
        assert bad.status_code == 400
        text = bad.content.decode()
        assert "登记未完成" in text and "成文日期 2026-03-05 晚于今天（2026-03-02）" in text
        assert 'value="示交发〔2026〕12号"' in text  # what was typed is kept
        form["written_on"] = "2026-02-27"
        bad = client.post(response.url, {**form, "scans": [flow.pdf("扫描.pdf", b"MZ\x90\x00 program")]})
        assert "扫描.pdf 不是PDF文件" in bad.content.decode()
        assert not Attachment.objects.exists()
        doc.refresh_from_db()
        assert doc.state == "received" and doc.number == ""
        ok = client.post(response.url, {**form, "scans": [flow.pdf("第1页.pdf"), flow.pdf("第2页.pdf")]})
        assert ok.status_code == 302
        doc.refresh_from_db()
        assert doc.state == "registered" and doc.number == "2026-0001" and doc.urgency == "urgent"
        assert Attachment.objects.filter(purpose="scan").count() == 2
        again = client.post("/documents/incoming/new/", {"issuer": "示例市交通运输局", "title": "关于人民路拓宽的请示",
                                                         "copies": 2, "channel": "exchange"})
        dup = client.post(again.url, {**form, "doc_number": "示交发[2026]12号", "scans": [flow.pdf()]})
        assert dup.status_code == 400 and "重复登记" in dup.content.decode() and "收文编号 2026-0001" in dup.content.decode()
        scan = Attachment.objects.filter(purpose="scan").first()
        assert client.get(scan.get_absolute_url()).status_code == 200
    assert _client(client, people.jt_liaison).get(scan.get_absolute_url()).status_code == 404  # not routed to it
    assert client.get("/documents/incoming/new/").status_code == 403


def test_the_api_lists_and_reads_what_the_user_may_see(client, people, city):
    routed = flow.handling(people, city)
    waiting = flow.proposed(people, city, doc_number="示交发〔2026〕21号")
    data = _client(client, people.supervisor).get("/api/v1/documents/incoming").json()
    assert data["total"] == 2
    data = _client(client, people.jt_liaison).get("/api/v1/documents/incoming").json()
    assert [d["id"] for d in data["items"]] == [routed.pk]
    item = data["items"][0]
    assert item["holder"] == "示例市交通运输局" and item["lead_unit_id"] == city.traffic.pk
    assert item["co_unit_ids"] == [city.water.pk] and item["deadline"] == "2026-03-10"
    one = client.get(f"/api/v1/documents/incoming/{routed.pk}").json()
    assert [m["kind_label"] for m in one["movements"]] == ["签收", "呈批", "交承办"]
    assert client.get(f"/api/v1/documents/incoming/{waiting.pk}").status_code == 404
    filtered = _client(client, people.clerk).get("/api/v1/documents/incoming?state=proposed").json()
    assert [d["id"] for d in filtered["items"]] == [waiting.pk]
    assert client.get("/api/v1/documents/incoming?state=nonsense").status_code == 422
    assert _client(client, people.auditadmin).get("/api/v1/documents/incoming").status_code == 403


def test_the_menu_offers_the_book(client, people):
    html = _client(client, people.jt_staff).get("/").content.decode()
    assert "收文登记簿" in html
