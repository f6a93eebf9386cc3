"""发文 pages and API: the list (scoped, filtered), 拟稿 through the form (typed and uploaded,
refusals with the form kept), a document's page with its versions, 会签 table, findings and only
the user's steps, the comparison page (escaped), the API, the menu."""

from __future__ import annotations

import outgoing_flow as flow
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhongshu.documents import outgoing as out
from zhongshu.documents.models import OutgoingDocument

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def _form(city, series, **overrides):
    data = {"kind": "notice", "title": "示例市交通运输局关于做好2026年春运道路交通保障工作的通知",
            "main_to": "各县（市、区）交通运输局，市直有关单位", "copy_to": "", "secrecy": "none", "urgency": "normal",
            "drafting_unit": city.traffic.pk, "series": series.pk, "countersign_units": [city.water.pk],
            "text": flow.NOTICE}
    data.update(overrides)
    return data


def test_the_list_is_scoped_and_filtered(client, people, city, series):
    asked = flow.drafting(people, city, series)  # 市水利局, 东城区 to countersign
    alone = out.submit(flow.drafting(people, city, series, title="关于乙工作的通知", countersign_units=[]), people.jt_staff)
    page = _client(client, people.clerk).get("/documents/outgoing/").content.decode()
    assert f"zs-outgoing-{asked.pk}" in page and f"zs-outgoing-{alone.pk}" in page and "共 2 件" in page
    by_state = client.get("/documents/outgoing/?state=reviewing").content.decode()
    assert f"zs-outgoing-{alone.pk}" in by_state and f"zs-outgoing-{asked.pk}" not in by_state
    assert "共 0 件" in client.get("/documents/outgoing/?kind=request").content.decode()
    assert "共 1 件" in client.get("/documents/outgoing/?q=乙工作").content.decode()
    assert "共 2 件" in client.get("/documents/outgoing/?year=2026").content.decode()
    water = _client(client, people.sl_staff).get("/documents/outgoing/").content.decode()
    assert f"zs-outgoing-{asked.pk}" in water and f"zs-outgoing-{alone.pk}" not in water
    assert 'id="zs-draft"' in water  # a 经办人 drafts for his own unit
    assert _client(client, people.sl_staff).get(alone.get_absolute_url()).status_code == 404
    assert _client(client, people.sysadmin).get("/documents/outgoing/").status_code == 403


def test_drafting_through_the_form_typed_or_uploaded(client, people, city, series):
    _client(client, people.jt_staff)
    form = client.get("/documents/outgoing/new/").content.decode()
    assert "拟稿单位" in form and "示例市水利局" not in form.split('name="drafting_unit"')[1].split("</select>")[0]
    response = client.post("/documents/outgoing/new/", _form(city, series))
    doc = OutgoingDocument.objects.get()
    assert response.status_code == 302 and response.url == doc.get_absolute_url()
    assert doc.drafted_by == people.jt_staff and list(doc.countersign_units.all()) == [city.water]
    up = flow.upload(flow.NOTICE, "春运通知.docx")
    response = client.post("/documents/outgoing/new/", _form(city, series, text="", file=up, title="关于丙的通知"))
    assert response.status_code == 302
    assert OutgoingDocument.objects.get(title="关于丙的通知").versions.get().file_name == "春运通知.docx"
    other = client.post("/documents/outgoing/new/", _form(city, series, drafting_unit=city.water.pk))
    assert other.status_code == 400  # not a unit he may draft for (the form offers only his own)


def test_a_refused_draft_keeps_the_form_and_saves_nothing(client, people, city, series):
    _client(client, people.jt_staff)
    exe = SimpleUploadedFile("通知.docx", b"MZ\x90\x00" + b"\x00" * 300)
    response = client.post("/documents/outgoing/new/", _form(city, series, text="", file=exe, title="关于丁的通知"))
    html = response.content.decode()
    assert response.status_code == 400 and "不是有效的 Word 文档" in html and 'value="关于丁的通知"' in html
    response = client.post("/documents/outgoing/new/", _form(city, series, kind="request", main_to="市政府、市财政局",
                                                             secrecy="secret"))
    html = response.content.decode()
    assert response.status_code == 400 and "请示只主送一个机关" in html and "不得在非涉密信息系统中拟制和处理" in html
    assert OutgoingDocument.objects.count() == 0


def test_the_page_offers_each_user_only_their_steps(client, people, city, series):
    doc = flow.countersigning(people, city, series)
    water = _client(client, people.sl_liaison).get(doc.get_absolute_url()).content.decode()
    assert 'data-step="countersign"' in water and "待您单位会签：市水利局" in water
    assert "会签时限" in water and "2026-01-15" in water  # 3 working days from 送会签 on 2026-01-12
    assert 'data-step="revise"' not in water
    east = _client(client, people.dc_staff).get(doc.get_absolute_url()).content.decode()
    assert 'id="zs-steps"' not in east  # a 经办人 of a countersigning unit sees, does not countersign
    response = _client(client, people.sl_liaison).post(f"{doc.get_absolute_url()}countersign/", {
        "countersign-decision": "disagree", "countersign-opinion": ""})
    html = response.content.decode()
    assert response.status_code == 400 and "会签未完成：请填写会签意见" in html
    response = client.post(f"{doc.get_absolute_url()}countersign/", {"countersign-decision": "agree",
                                                                      "countersign-opinion": "同意"})
    assert response.status_code == 302
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "同意" in page and 'data-step="countersign"' not in page
    # the signing leader sees the checks' findings; the 文秘 cannot sign
    doc = flow.signing(people, city, series, title="关于加强管理的意见", text=flow.BAD, countersign_units=[])
    mayor = _client(client, people.mayor).get(doc.get_absolute_url()).content.decode()
    assert 'id="zs-sign-problems"' in mayor and "尚不能签发" in mayor and 'data-step="sign"' in mayor
    response = client.post(f"{doc.get_absolute_url()}sign/", {"sign-decision": "approve", "sign-opinion": "同意"})
    assert response.status_code == 409 and "签发未完成：文稿（第1稿）尚有" in response.content.decode()
    assert 'data-step="sign"' not in _client(client, people.clerk).get(doc.get_absolute_url()).content.decode()


def test_numbering_and_issuing_through_the_page(client, people, city, series):
    doc = flow.checked(people, city, series)
    _client(client, people.clerk)
    response = client.post(f"{doc.get_absolute_url()}number/", {"number-typed": "示交发〔2026〕5号"})
    html = response.content.decode()
    assert response.status_code == 409 and "跳号会留下空号" in html and 'value="示交发〔2026〕5号"' in html
    assert client.post(f"{doc.get_absolute_url()}number/", {"number-typed": ""}).status_code == 302
    assert client.post(f"{doc.get_absolute_url()}issue/", {}).status_code == 302
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "示交发〔2026〕1号" in page and ".docx</a>" in page and "已印发待归档" in page
    download = client.get(page.split('id="zs-papers"')[1].split('href="')[1].split('"')[0])
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"


def test_the_versions_and_their_comparison(client, people, city, series):
    doc = flow.drafting(people, city, series)
    _client(client, people.jt_staff)
    response = client.post(f"{doc.get_absolute_url()}revise/", {"revise-text": flow.REVISED + "<b>新增</b>",
                                                                 "revise-note": "改巡查次数"})
    assert response.status_code == 302
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "共 2 稿" in page and "与第1稿比较" in page and "改巡查次数" in page
    html = client.get(f"/documents/outgoing/{doc.pk}/compare/?a=1&b=2").content.decode()
    assert '<del class="zs-del">两</del><ins class="zs-ins">三</ins>' in html
    assert "&lt;b&gt;新增&lt;/b&gt;" in html and "<b>新增</b>" not in html
    assert "增加" in html and "删除 1 字" in html
    assert client.get(f"/documents/outgoing/{doc.pk}/compare/?a=1&b=9").status_code == 404
    assert _client(client, people.dc_staff).get(f"/documents/outgoing/{doc.pk}/compare/").status_code == 200
    alone = flow.drafting(people, city, series, title="关于乙的通知", countersign_units=[])
    assert client.get(f"/documents/outgoing/{alone.pk}/compare/").status_code == 404  # not his unit's


def test_the_api_is_scoped(client, people, city, series):
    asked = flow.issued(people, city, series)
    alone = flow.drafting(people, city, series, title="关于乙的通知", countersign_units=[])
    data = _client(client, people.supervisor).get("/api/v1/documents/outgoing").json()
    assert data["total"] == 2
    data = _client(client, people.sl_liaison).get("/api/v1/documents/outgoing").json()
    assert [d["id"] for d in data["items"]] == [asked.pk]
    item = data["items"][0]
    assert item["number"] == "示交发〔2026〕1号" and item["state"] == "issued" and item["signer"] == "陈市长"
    one = client.get(f"/api/v1/documents/outgoing/{asked.pk}").json()
    assert [v["number"] for v in one["versions"]] == [1] and one["text"] == flow.NOTICE
    assert {c["unit"]: c["state"] for c in one["countersigns"]} == {"示例市水利局": "agreed", "示例市东城区人民政府": "agreed"}
    assert [s["action"] for s in one["steps"]][:3] == ["draft", "submit", "review"]
    assert client.get(f"/api/v1/documents/outgoing/{alone.pk}").status_code == 404
    filtered = _client(client, people.clerk).get("/api/v1/documents/outgoing?state=drafting").json()
    assert [d["id"] for d in filtered["items"]] == [alone.pk]
    assert client.get("/api/v1/documents/outgoing?state=nonsense").status_code == 422
    assert _client(client, people.auditadmin).get("/api/v1/documents/outgoing").status_code == 403


def test_the_menu_offers_outgoing(client, people):
    assert 'href="/documents/outgoing/"' in _client(client, people.jt_staff).get("/").content.decode()
    assert 'href="/documents/outgoing/"' not in _client(client, people.sysadmin).get("/").content.decode()


def test_archive_through_the_page(client, people, city, series):
    doc = flow.issued(people, city, series)
    response = _client(client, people.clerk).post(f"{doc.get_absolute_url()}archive/", {
        "archive-retention": "permanent", "archive-note": "存档"})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.state == "archived" and doc.retention == "permanent"
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "保管期限 永久 · 存档" in page and 'id="zs-steps"' not in page  # nothing left to do
