"""The 批示 pages as a user meets them: the 登记簿 (scoped, filtered), 登记 with a scan and 转办 at
once, a 批示 written on a 收文, each step's form and its refusals, the monthly summary and its .docx
reopened, and the API with the same rules."""

from __future__ import annotations

import io
import json
from datetime import date

import docx
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from ins_time import at, review_all

from zhongshu.instructions import transitions as tr
from zhongshu.instructions.models import Instruction
from zhongshu.supervision import matters_for
from zhongshu.supervision import transitions as sv

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _form(ip, **extra):
    data = {"leader": ip.mayor.pk, "written_on": "2026-03-02", "text": "请交通局牵头抓紧整改。",
            "carrier_title": "关于城区主干道汛期积水情况的报告", "carrier_ref": "示交〔2026〕5号", "route_now": "on",
            "lead_unit": ip.city.traffic.pk, "co_units": [ip.city.water.pk], "deadline": "2026-03-20",
            "route_note": ""}
    data.update(extra)
    return data


@pytest.fixture
def moment():
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        yield


def test_register_with_scan_and_route_at_once(ip, client, moment):
    client.force_login(ip.supervisor)
    page = client.get("/instructions/new/")
    assert page.status_code == 200 and "即批即转" in page.content.decode()
    r = client.post("/instructions/new/", _form(ip, scan=SimpleUploadedFile("批示.pdf", PDF)))
    inst = Instruction.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/instructions/{inst.pk}/"
    html = client.get(r["Location"]).content.decode()
    assert "请交通局牵头抓紧整改。" in html and "批示.pdf" in html and "示例市交通运输局" in html
    task = matters_for(inst.rounds.get()).get().tasks.get(unit=ip.city.traffic)
    assert task.get_absolute_url() in html  # the 督办 task is one click away


def test_bad_registration_shows_every_reason_and_keeps_what_was_typed(ip, client, moment):
    client.force_login(ip.supervisor)
    r = client.post("/instructions/new/", _form(ip, written_on="2026-03-09", leader=ip.vice.pk,
                                                 scan=SimpleUploadedFile("批示.pdf", b"MZ\x90\x00rest")))
    html = r.content.decode()
    assert r.status_code == 400 and "批示日期 2026-03-09 晚于今天" in html and "文件内容与扩展名不符" in html
    assert "请交通局牵头抓紧整改。" in html  # kept
    r = client.post("/instructions/new/", _form(ip, lead_unit=""))
    assert r.status_code == 400 and "即转办时请选择牵头单位" in r.content.decode()
    assert not Instruction.objects.exists()


def test_list_is_scoped_and_filtered(ip, client, new_instruction, moment):
    a = new_instruction(route=True)
    b = new_instruction(leader=ip.vice, text="请东城区核实。", carrier_title="东城区噪声扰民问题")
    tr.route(b.rounds.get(), ip.supervisor, tr.RouteInput(lead_unit=ip.city.east, deadline=date(2026, 3, 9)))
    client.force_login(ip.jt_liaison)
    html = client.get("/instructions/").content.decode()
    assert a.carrier_title in html and b.carrier_title not in html
    assert client.get(f"/instructions/{b.pk}/").status_code == 404
    client.force_login(ip.supervisor)
    html = client.get("/instructions/", {"leader": ip.vice.pk}).content.decode()
    assert b.carrier_title in html and a.carrier_title not in html
    html = client.get("/instructions/", {"q": "积水"}).content.decode()
    assert a.carrier_title in html and b.carrier_title not in html
    assert "共 0 件" in client.get("/instructions/", {"month": "2026-02"}).content.decode()


def test_a_批示_on_a_收文(ip, client, moment):
    from zhongshu.documents import incoming

    doc = incoming.receive(ip.clerk, issuer="示例市交通运输局", title="关于汛期积水点整治的请示", copies=1,
                           channel="exchange")
    client.force_login(ip.clerk)
    on = f"documents.incomingdocument:{doc.pk}"
    page = client.get("/instructions/new/", {"on": on}).content.decode()
    assert "关于汛期积水点整治的请示" in page and 'name="on"' in page
    r = client.post("/instructions/new/", _form(ip, on=on, route_now=""))
    inst = Instruction.objects.get()
    assert r.status_code == 302 and inst.carrier_id == doc.pk
    assert doc.get_absolute_url() in client.get(inst.get_absolute_url()).content.decode()
    # a 联络员 cannot register, nor smuggle a record in
    client.force_login(ip.jt_liaison)
    assert client.get("/instructions/new/", {"on": on}).status_code == 403
    client.force_login(ip.supervisor)
    assert "找不到" in client.get("/instructions/new/", {"on": "documents.incomingdocument:999"}).content.decode()


def test_steps_on_the_page(ip, client, new_instruction, moment):
    inst = new_instruction(route=True)
    round_ = inst.rounds.get()
    client.force_login(ip.jt_liaison)
    html = client.get(inst.get_absolute_url()).content.decode()
    assert 'id="step-report"' in html and 'id="step-submit"' not in html and 'id="step-route"' not in html
    data = {"report-unit": ip.city.traffic.pk, "report-process": "召开专题会", "report-situation": "已整改"}
    r = client.post(f"/instructions/{inst.pk}/report/", data)
    assert r.status_code == 409 and "请先签收" in r.content.decode()  # the 督办 task comes first
    sv.accept(matters_for(round_).get().tasks.get(unit=ip.city.traffic), ip.jt_liaison)
    assert client.post(f"/instructions/{inst.pk}/report/", data).status_code == 302
    client.force_login(ip.sl_liaison)
    sv.accept(matters_for(round_).get().tasks.get(unit=ip.city.water), ip.sl_liaison)
    r = client.post(f"/instructions/{inst.pk}/report/", {"report-unit": ip.city.water.pk, "report-process": "配合排查",
                                                         "report-situation": "完成", "report-files": [
                                                             SimpleUploadedFile("照片.jpg", b"\xff\xd8\xffjpeg\xff\xd9")]})
    assert r.status_code == 302
    r = client.post(f"/instructions/{inst.pk}/submit/")  # a unit cannot 呈报 for the office
    assert r.status_code == 403 and "只有督查室工作人员、督查室主任可以呈报办理情况" in r.content.decode()
    client.force_login(ip.supervisor)
    html = client.get(inst.get_absolute_url()).content.decode()
    assert 'id="step-submit"' in html and "照片.jpg" in html and "召开专题会" in html
    assert 'id="zs-to-review"' in html  # the 办结 to review in 督查督办 first, one click away
    r = client.post(f"/instructions/{inst.pk}/submit/", {"submit-note": "请阅"})
    assert r.status_code == 409 and "请先在督查督办中审核" in r.content.decode()
    review_all(round_, ip.supervisor)
    assert client.post(f"/instructions/{inst.pk}/submit/", {"submit-note": "请阅"}).status_code == 302
    client.force_login(ip.vice)
    assert 'id="step-decide"' not in client.get(inst.get_absolute_url()).content.decode()
    r = client.post(f"/instructions/{inst.pk}/decide/", {"decide-decision": "close"})
    assert r.status_code == 403 and "不是您批的" in r.content.decode()
    client.force_login(ip.mayor)
    r = client.post(f"/instructions/{inst.pk}/decide/", {"decide-decision": "continue", "decide-text": ""})
    assert r.status_code == 400 and "续批须填写新的批示内容" in r.content.decode()
    r = client.post(f"/instructions/{inst.pk}/decide/", {"decide-decision": "continue", "decide-text": "再抓紧。"})
    assert r.status_code == 302
    html = client.get(inst.get_absolute_url()).content.decode()
    assert 'id="round-2"' in html and "再抓紧。" in html and "待转办" in html


def test_a_unit_cannot_post_a_step_it_does_not_see(ip, client, new_instruction, moment):
    inst = new_instruction(route=True)
    client.force_login(ip.dc_liaison)
    assert client.post(f"/instructions/{inst.pk}/report/", {}).status_code == 404
    client.force_login(ip.supervisor)
    assert client.post(f"/instructions/{inst.pk}/nonsense/", {}).status_code == 404


def test_monthly_summary_page_and_docx(ip, client, new_instruction):
    with time_machine.travel(at(2026, 2, 10, 10), tick=False):
        old = new_instruction(written_on=date(2026, 2, 9), carrier_title="春节期间安全生产情况", route=True,
                              deadline=date(2026, 2, 27), when=at(2026, 2, 10, 10))
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        new_instruction(route=True)
        new_instruction(leader=ip.vice, text="请水利局阅研。", carrier_title="水库安全度汛方案")
    with time_machine.travel(at(2026, 4, 1, 10), tick=False):
        client.force_login(ip.mayor)
        html = client.get("/instructions/summary/", {"month": "2026-03"}).content.decode()
        assert "2026年3月领导批示办理情况" in html
        for key, n in (("total", 2), ("closed", 0), ("open", 2), ("overdue", 1), ("carried", 1)):
            assert f'id="zs-count-{key}"' in html
            assert html.split(f'id="zs-count-{key}"')[1].split("</div>")[0].rstrip("</a>").endswith(str(n)), key
        assert old.carrier_title in html
        r = client.get("/instructions/summary/", {"month": "2026-03", "format": "docx"})
        assert r.status_code == 200 and "filename*=UTF-8''" in r["Content-Disposition"]
        document = docx.Document(io.BytesIO(r.content))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "2026年3月领导批示办理情况" in text
        assert "共登记领导批示2件，已办结0件，正在办理2件（其中待转办1件、承办单位办理中1件" in text
        assert "逾期未报1件。往月批示仍在办理1件。" in text
        cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
        assert ["陈市长", "1", "0"] in cells and ["刘副市长", "1", "0"] in cells
        assert any(row[0] == old.number and row[-1] == "办理中（逾期）" for row in cells)
        client.force_login(ip.jt_liaison)
        assert client.get("/instructions/summary/").status_code == 403


def test_api_loop_with_the_same_rules(ip, client):
    from zhongshu.org.tokens import create_token

    def call(user, method, path, body=None):
        token = create_token(user, "test")[1] if not hasattr(user, "_token") else user._token
        user._token = token
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}", "content_type": "application/json"}
        fn = getattr(client, method)
        return fn(f"/api/v1/instructions{path}", json.dumps(body) if body is not None else None, **kwargs) \
            if method == "post" else fn(f"/api/v1/instructions{path}", **kwargs)

    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        body = {"leader_id": ip.mayor.pk, "written_on": "2026-03-02", "text": "请抓紧办理。", "carrier_title": "专报第3期",
                "route": {"lead_unit_id": ip.city.traffic.pk, "deadline": "2026-03-20"}}
        assert call(ip.jt_liaison, "post", "/", body).status_code == 403
        bad = call(ip.supervisor, "post", "/", dict(body, written_on="2026-03-09", text=""))
        assert bad.status_code == 422 and "晚于今天" in bad.json()["message"]
        r = call(ip.supervisor, "post", "/", body)
        assert r.status_code == 201
        out = r.json()
        assert out["current_state"] == "handling" and out["rounds"][0]["tasks"][0]["unit_id"] == ip.city.traffic.pk
        pk = out["id"]
        assert call(ip.dc_liaison, "get", f"/{pk}").status_code == 404
        assert call(ip.jt_liaison, "get", "/").json()["total"] == 1
        assert call(ip.dc_liaison, "get", "/").json()["total"] == 0
        rep = {"unit_id": ip.city.traffic.pk, "process": "已部署", "situation": "已完成"}
        assert call(ip.jt_liaison, "post", f"/{pk}/reports", rep).status_code == 409  # not accepted yet
        sv.accept(matters_for(Instruction.objects.get().rounds.get()).get().tasks.get(), ip.jt_liaison)
        assert call(ip.jt_liaison, "post", f"/{pk}/reports", rep).status_code == 201
        assert call(ip.supervisor, "post", f"/{pk}/submit", {}).status_code == 409  # 办结 not reviewed yet
        review_all(Instruction.objects.get().rounds.get(), ip.supervisor)
        assert call(ip.supervisor, "post", f"/{pk}/submit", {}).json()["current_state"] == "with_leader"
        assert call(ip.vice, "post", f"/{pk}/decide", {"close": True}).status_code == 403
        done = call(ip.mayor, "post", f"/{pk}/decide", {"close": True}).json()
        assert done["state"] == "closed" and done["rounds"][0]["reports"][0]["process"] == "已部署"
        assert call(ip.mayor, "post", f"/{pk}/decide", {"close": True}).status_code == 409
