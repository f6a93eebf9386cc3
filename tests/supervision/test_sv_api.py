"""The API's contract: typed inputs, Chinese errors with stable codes, the same permissions and
states as the pages, bulk 立项 all or nothing, and its place in the OpenAPI document."""

from __future__ import annotations

from datetime import date

import pytest
import sv_flow as flow
import time_machine
from sv_time import at

from zhongshu.org.tokens import create_token
from zhongshu.supervision.models import Matter, Task

API = "/api/v1/supervision"


@pytest.fixture
def call(client):
    def make(user):
        auth = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user)[1]}"}

        def request(method, path, data=None, **params):
            if method == "get":
                return client.get(API + path, params, **auth)
            return getattr(client, method)(API + path, data or {}, content_type="application/json", **auth)

        return request

    return make


def matter_json(city, **over):
    data = {"title": "建成城市快速路二期工程", "lead_unit_id": city.traffic.pk, "co_unit_ids": [city.water.pk],
            "deadline": "2026-06-30", "source": "work_report", "milestones": [{"deadline": "2026-03-31",
                                                                                "title": "完成主体结构"}]}
    data.update(over)
    return data


@time_machine.travel(at(2026, 1, 5, 10), tick=False)
def test_create_read_and_decompose(call, people, city):
    office = call(people.supervisor)
    created = office("post", "/matters", matter_json(city, leader_id=people.vice.pk))
    assert created.status_code == 201
    body = created.json()
    assert body["number"] == "2026-0001" and body["state"] == {"code": "draft", "label": "待交办"}
    assert body["leader"] == {"id": people.vice.pk, "name": "刘副市长"} and body["co_units"][0]["name"] == "示例市水利局"
    assert body["deadline_note"] == ""  # 2026 has its statutory arrangement
    tasks = office("get", f"/matters/{body['id']}/tasks").json()
    assert [(tk["unit"]["name"], tk["role"]["code"], tk["is_milestone"]) for tk in tasks] == [
        ("示例市交通运输局", "lead", False), ("示例市水利局", "co", False), ("示例市交通运输局", "lead", True)]
    added = office("post", f"/matters/{body['id']}/tasks", {"unit_id": city.east.pk, "title": "做好征迁",
                                                           "deadline": "2026-04-30"})
    assert added.status_code == 201 and added.json()["state"]["code"] == "draft"
    assert office("delete", f"/matters/{body['id']}/tasks/{added.json()['id']}").status_code == 204


@time_machine.travel(at(2026, 1, 5, 10), tick=False)
@pytest.mark.parametrize("payload, status, code, words", [
    ({"title": "x"}, 422, "validation_error", "lead_unit_id：必填"),
    ({"title": "x", "lead_unit_id": 1, "deadline": "2026-02-30"}, 422, "validation_error", "日期格式应为 YYYY-MM-DD"),
    ({"title": " ", "lead_unit_id": "LEAD", "deadline": "2026-06-30"}, 422, "validation_error", "须为整数"),
])
def test_schema_errors_are_chinese(call, people, payload, status, code, words):
    response = call(people.supervisor)("post", "/matters", payload)
    assert response.status_code == status and response.json()["code"] == code and words in response.json()["message"]


@time_machine.travel(at(2026, 1, 5, 10), tick=False)
def test_rule_errors_are_422_with_every_problem(call, people, city):
    response = call(people.supervisor)("post", "/matters", matter_json(city, title=" ", deadline="2025-12-01",
                                                                        lead_unit_id=999999))
    assert response.status_code == 422 and response.json()["code"] == "invalid_unit"
    response = call(people.supervisor)("post", "/matters", matter_json(city, title=" ", deadline="2025-12-01"))
    body = response.json()
    assert response.status_code == 422 and body["code"] == "invalid_matter"
    assert "请填写事项名称" in body["details"] and any("早于今天" in d for d in body["details"])
    assert not Matter.objects.exists()


@time_machine.travel(at(2026, 1, 5, 10), tick=False)
def test_permission_state_and_scope_errors(call, people, city, new_matter):
    m = new_matter()
    liaison = call(people.jt_liaison)
    refused = liaison("post", "/matters", matter_json(city))
    assert refused.status_code == 403 and refused.json() == {"code": "forbidden",
                                                             "message": "只有督查室工作人员、督查室主任可以立项"}
    lead = flow.lead_task(m)
    early = liaison("post", f"/tasks/{lead.pk}/accept")
    assert early.status_code == 409 and early.json()["message"] == "待交办的任务不能签收"
    assert call(people.dc_liaison)("get", f"/tasks/{lead.pk}").status_code == 404
    from django.test import Client

    assert Client().get(f"{API}/matters").status_code == 401


def test_bulk_register_is_all_or_nothing(call, people, city):
    office = call(people.supervisor)
    with time_machine.travel(at(2026, 1, 5, 10), tick=False):
        good = [matter_json(city, title=f"任务{i}", milestones=[]) for i in range(5)]
        bad = good + [matter_json(city, title="过期的", deadline="2025-01-01", milestones=[])]
        refused = office("post", "/matters/bulk", {"matters": bad})
        assert refused.status_code == 422 and refused.json()["details"] == ["第 6 项：完成时限 2025-01-01 早于今天，请核对"]
        assert not Matter.objects.exists() and not Task.objects.exists()
        done = office("post", "/matters/bulk", {"matters": good})
        assert done.status_code == 201 and done.json()["created"] == 5
        assert [i["name"] for i in done.json()["items"]] == [f"2026-000{n}" for n in range(1, 6)]
        assert Task.objects.count() == 10


def test_the_steps_through_the_api_keep_the_page_rules(call, people, new_matter):
    m = new_matter()
    office, jt, boss = call(people.supervisor), call(people.jt_liaison), call(people.jt_leader)
    with time_machine.travel(at(2026, 1, 5, 10), tick=False):
        assert office("post", f"/matters/{m.pk}/assign").json()["state"]["code"] == "active"
    lead = flow.lead_task(m)
    with time_machine.travel(at(2026, 1, 6, 10), tick=False):
        assert jt("post", f"/tasks/{lead.pk}/accept").json()["state_text"] == "办理中"
        bad = jt("post", f"/tasks/{lead.pk}/reports", {"progress": 101, "done": "x", "handler": "a", "phone": "1"})
        assert bad.status_code == 422 and "进度须为 0 到 100" in bad.json()["message"]
        coord = jt("post", f"/tasks/{lead.pk}/coordinations", {"leader_id": people.vice.pk, "issue": "用地"})
        assert coord.status_code == 201
        assert call(people.mayor)("post", f"/coordinations/{coord.json()['id']}/answer", {"reply": "x"}).status_code == 403
        assert call(people.vice)("post", f"/coordinations/{coord.json()['id']}/answer",
                                 {"reply": "支持"}).json()["state"]["code"] == "answered"
        ret = jt("post", f"/tasks/{lead.pk}/return", {"reason": "不属本单位", "suggested_unit_id": 999999})
        assert ret.status_code == 422 and ret.json()["code"] == "invalid_unit"
    with time_machine.travel(at(2026, 7, 2, 10), tick=False):
        late = boss("post", f"/tasks/{lead.pk}/extensions", {"new_deadline": "2026-09-30", "reason": "来不及"})
        assert late.status_code == 409 and "不能再申请延期" in late.json()["message"]
        doc = office("post", f"/tasks/{lead.pk}/escalate", {"reason": "逾期未办结"})
        assert doc.status_code == 201 and doc.json()["kind"]["code"] == "escalate"
        word = office("get", f"/docs/{doc.json()['id']}.docx")
        assert word.status_code == 200 and word.content[:2] == b"PK"


def test_the_openapi_document_describes_the_module(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/matters", "/matters/bulk", "/matters/{matter_id}/assign", "/tasks/{task_id}/accept",
                 "/tasks/{task_id}/reports", "/tasks/{task_id}/extensions", "/extensions/{ext_id}/decision",
                 "/tasks/{task_id}/completion", "/completions/{item_id}/review", "/matters/{matter_id}/rate",
                 "/rechecks/{recheck_id}", "/overview", "/ledger.xlsx", "/import", "/bulletins"):
        assert API + path in paths, path


def test_ledger_filters_through_the_api(call, people, new_matter, city):
    new_matter()
    response = call(people.supervisor)("get", "/matters", light="purple")
    assert response.status_code == 400 and response.json()["code"] == "invalid_filter"
    assert call(people.supervisor)("get", "/matters", year=2026, limit=1).json()["total"] == 1
    assert call(people.supervisor)("get", "/matters", limit=0).status_code == 422


def test_definitions_travel_with_the_overview(call, people):
    body = call(people.mayor)("get", "/overview", year=2026).json()
    terms = {d["term"] for d in body["definitions"]}
    assert {"按期办结率", "逾期", "按时签收率"} <= terms


def test_import_through_the_api_reports_every_row(client, people, city):
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    wb = openpyxl.Workbook()
    wb.active.append(["事项", "牵头单位", "完成时限"])
    wb.active.append(["好的", "市交通局", date(2026, 6, 30)])
    wb.active.append(["坏的", "火星局", "明年"])
    data = io.BytesIO()
    wb.save(data)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {create_token(people.supervisor)[1]}"}
    with time_machine.travel(at(2026, 1, 5, 10), tick=False):
        response = client.post(f"{API}/import", {"file": SimpleUploadedFile("a.xlsx", data.getvalue())}, **auth)
    body = response.json()
    assert response.status_code == 422 and body["code"] == "rows_invalid"
    assert any(line.startswith("第 3 行「完成时限」") for line in body["details"])
    assert any("未找到单位「火星局」" in line for line in body["details"])
    assert not Matter.objects.exists()
