"""The issue's scenario end to end through the API, with time moved forward (time-machine) and
the ladders fired by `zhongshu sweep --now`:

January: the 督查室 imports the 政府工作报告 task table (4 targets, a milestone, monthly reports),
assigns them; the units accept (东城区 a day late) and report every month; the system warns
before the milestone, reminds after it and escalates when it is ignored (催办通知, 督办通知单),
and the leaders see red; 东城区 asks for an extension and gets it approved; 市交通局 submits a
completion without evidence, is rejected, resubmits with evidence and is accepted; matters
are rated and closed; three months later the 回头看 comes due and is done; at the end of the
quarter the 督查室 issues the 督查通报 and exports the ledger.
"""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from docx import Document
from sv_time import at

from zhongshu.notify.models import Notice
from zhongshu.org.tokens import create_token
from zhongshu.supervision.models import Matter, SupervisionDoc

API = "/api/v1/supervision"


def task_table(rows) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026年市政府工作报告重点任务分解表"])
    ws.merge_cells("A1:J1")
    ws.append(["序号", "事项", "目标要求", "牵头领导", "牵头单位", "配合单位", "完成时限", "阶段目标", "填报周期", "领域"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class Api:
    """An API client per person: Bearer token, JSON in and out."""

    def __init__(self, client, user):
        self.client, self.user = client, user
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user, name='test')[1]}"}

    def get(self, path, **params):
        return self.client.get(API + path, params, **self.auth)

    def post(self, path, data=None, status=200, **kw):
        if "files" in kw or "multipart" in kw:
            kw.pop("multipart", None)
            payload = dict(data or {})
            for name, files in kw.pop("files", {}).items():
                payload[name] = files
            response = self.client.post(API + path, payload, **self.auth)
        else:
            response = self.client.post(API + path, data or {}, content_type="application/json", **self.auth)
        assert response.status_code == status, (path, response.status_code, response.content.decode()[:500])
        return response.json() if response.content and response["Content-Type"].startswith("application/json") else response


def sweep(moment: str):
    out = io.StringIO()
    call_command("sweep", now=moment, stdout=out)
    return out.getvalue()


def test_the_year_of_a_matter_through_the_api(client, people, city):
    office, head, mayor = Api(client, people.supervisor), Api(client, people.head), Api(client, people.mayor)
    jt, sl = Api(client, people.jt_liaison), Api(client, people.sl_liaison)
    dc, dc_boss = Api(client, people.dc_liaison), Api(client, people.dc_leader)

    # --- January: import and assign --------------------------------------------------------------
    with time_machine.travel(at(2026, 1, 5, 9, 30), tick=False):
        table = task_table([
            [1, "建成城市快速路二期工程", "6月底前主线建成通车", "刘副市长", "市交通局", "市水利局", "2026-06-30",
             "2026-03-31 完成主体结构", "每月", "城市建设"],
            [2, "完成东城区老旧小区改造12个", "惠及居民3000户", "陈市长", "东城区", "", "2026年4月30日", "", "每月",
             "民生保障"],
            [3, "新建改建农村公路80公里", "", "刘副市长", "市交通局", "", "2026/5/29", "", "每月", "交通"],
            [4, "建成智慧停车管理平台", "接入泊位1万个", "陈市长", "东城区", "", "2026.5.15", "", "每月", "数字政府"],
        ])
        created = office.post("/import", {"file": SimpleUploadedFile("任务表.xlsx", table)}, status=201, multipart=True)
        assert created["created"] == 4
        ids = {m.title[:4]: m.pk for m in Matter.objects.all()}
        road, homes, rural, parking = ids["建成城市"], ids["完成东城"], ids["新建改建"], ids["建成智慧"]
        for pk in ids.values():
            assert office.post(f"/matters/{pk}/assign")["state"]["code"] == "active"
        assert SupervisionDoc.objects.filter(kind="assign").count() == 5  # 交办通知单: one per unit and matter

    def tasks(pk):
        return {(tk["unit"]["name"], tk["is_milestone"]): tk for tk in office.get(f"/matters/{pk}/tasks").json()}

    road_lead, road_co = tasks(road)[("示例市交通运输局", False)], tasks(road)[("示例市水利局", False)]
    milestone = tasks(road)[("示例市交通运输局", True)]
    homes_lead, rural_lead = tasks(homes)[("示例市东城区人民政府", False)], tasks(rural)[("示例市交通运输局", False)]
    parking_lead = tasks(parking)[("示例市东城区人民政府", False)]

    with time_machine.travel(at(2026, 1, 6, 9), tick=False):
        for task in (road_lead, rural_lead):
            assert jt.post(f"/tasks/{task['id']}/accept")["state"]["code"] == "in_progress"
        sl.post(f"/tasks/{road_co['id']}/accept")
        assert dc.get(f"/tasks/{homes_lead['id']}").json()["state_text"] == "待签收"
        assert jt.get(f"/tasks/{homes_lead['id']}").status_code == 404  # another unit's task
    with time_machine.travel(at(2026, 1, 8, 9), tick=False):
        assert dc.get(f"/tasks/{homes_lead['id']}").json()["state_text"] == "签收逾期"
        assert dc.post(f"/tasks/{homes_lead['id']}/accept")["accepted_late"] is True
        dc.post(f"/tasks/{parking_lead['id']}/accept")

    # --- monthly reports (pre-filled from the last one) ------------------------------------------
    report = {"progress": 20, "done": "完成施工招标", "problems": "", "next_steps": "桩基施工", "handler": "周婷",
              "phone": "0731-1"}
    with time_machine.travel(at(2026, 1, 22, 10), tick=False):
        for api, task in ((jt, road_lead), (jt, rural_lead), (dc, homes_lead), (dc, parking_lead)):
            assert api.post(f"/tasks/{task['id']}/reports", report, status=201)["period_label"] == "2026年1月"
        again = jt.client.post(f"{API}/tasks/{road_lead['id']}/reports", report, content_type="application/json",
                               **jt.auth)
        assert again.status_code == 409 and "已经报送" in again.json()["message"]
    with time_machine.travel(at(2026, 2, 24, 10), tick=False):
        draft = jt.get(f"/tasks/{road_lead['id']}/report-draft").json()
        assert draft["period_label"] == "2026年2月" and draft["done"] == "完成施工招标"  # only edit what changed
        jt.post(f"/tasks/{road_lead['id']}/reports", dict(draft, progress=45, done="主体结构完成60%"), status=201)

    # --- the milestone is ignored: 预警, 催办, 督办 -------------------------------------------------
    assert "预警" in sweep("2026-03-26T09:00+08:00")
    warned = Notice.objects.filter(kind="clock.warning", title__contains="完成主体结构")
    assert {"jt_liaison", "jt_leader"} <= set(warned.values_list("recipient__username", flat=True))
    assert "催办" in sweep("2026-04-01T09:00+08:00")
    reminded = set(Notice.objects.filter(kind="clock.remind", title__contains="完成主体结构")
                   .values_list("recipient__username", flat=True))
    assert {"jt_liaison", "jt_leader"} <= reminded  # never only the clerk
    assert SupervisionDoc.objects.filter(kind="remind", task_id=milestone["id"]).exists()
    assert "督办" in sweep("2026-04-09T09:00+08:00")
    assert SupervisionDoc.objects.filter(kind="escalate", task_id=milestone["id"]).exists()
    assert Notice.objects.filter(kind="clock.escalate", recipient=people.vice).exists()  # 牵头领导 told
    with time_machine.travel(at(2026, 4, 9, 10), tick=False):
        overview = mayor.get("/overview", year=2026).json()
        traffic = next(u for u in overview["units"] if u["unit"]["name"] == "示例市交通运输局")
        assert traffic["red"] >= 1
        red = mayor.get("/matters", light="red").json()
        assert road in [m["id"] for m in red["items"]]
        assert mayor.get(f"/tasks/{milestone['id']}").json()["light"] == "red"
        jt.post(f"/tasks/{milestone['id']}/completion", {"result": "主体结构已完成"}, status=201, multipart=True)
    with time_machine.travel(at(2026, 4, 10, 10), tick=False):
        item = office.get(f"/tasks/{milestone['id']}").json()
        assert item["state"]["code"] == "review"
        from zhongshu.supervision.models import CompletionRequest

        req = CompletionRequest.objects.get(task_id=milestone["id"])
        office.post(f"/completions/{req.pk}/review", {"accept": True})

    # --- 东城区 asks for an extension and gets it ----------------------------------------------------
    with time_machine.travel(at(2026, 4, 20, 10), tick=False):
        ext = dc.post(f"/tasks/{homes_lead['id']}/extensions", {"new_deadline": "2026-06-30",
                                                                "reason": "雨季影响外墙施工"}, status=201)
        refused = dc.client.post(f"{API}/extensions/{ext['id']}/decision", {"approve": True},
                                 content_type="application/json", **dc.auth)
        assert refused.status_code == 403  # a liaison does not approve
        assert dc_boss.post(f"/extensions/{ext['id']}/decision", {"approve": True})["state"]["code"] == "pending_office"
        assert office.post(f"/extensions/{ext['id']}/decision", {"approve": True})["state"]["code"] == "approved"
        moved = office.get(f"/tasks/{homes_lead['id']}").json()
        assert moved["deadline"] == "2026-06-30" and "延期至" in moved["due_explanation"]

    # --- completion rejected for missing evidence, then accepted ---------------------------------
    with time_machine.travel(at(2026, 5, 20, 10), tick=False):
        jt.post(f"/tasks/{rural_lead['id']}/completion", {"result": "80公里全部完工"}, status=201, multipart=True)
        req = CompletionRequest.objects.get(task_id=rural_lead["id"], state="pending")
        office.post(f"/completions/{req.pk}/review", {"accept": False, "comment": "缺少交工验收证明材料"})
        assert jt.get(f"/tasks/{rural_lead['id']}").json()["state"]["code"] == "in_progress"
        assert Notice.objects.filter(recipient=people.jt_liaison, title__startswith="【驳回重办】").exists()
    with time_machine.travel(at(2026, 5, 25, 10), tick=False):
        evidence = SimpleUploadedFile("交工验收证书.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
        jt.post(f"/tasks/{rural_lead['id']}/completion", {"result": "补充交工验收证书"}, status=201,
                files={"files": [evidence]})
        req = CompletionRequest.objects.get(task_id=rural_lead["id"], state="pending")
        assert req.pk and CompletionRequest.objects.filter(task_id=rural_lead["id"]).count() == 2
        office.post(f"/completions/{req.pk}/review", {"accept": True})

    with time_machine.travel(at(2026, 6, 15, 10), tick=False):
        sl.post(f"/tasks/{road_co['id']}/completion", {"result": "完成管线迁改配合"}, status=201, multipart=True)
        dc.post(f"/tasks/{homes_lead['id']}/completion", {"result": "12个小区改造完成"}, status=201, multipart=True)
    with time_machine.travel(at(2026, 6, 26, 10), tick=False):
        jt.post(f"/tasks/{road_lead['id']}/completion", {"result": "主线通车"}, status=201, multipart=True)
        for req in CompletionRequest.objects.filter(state="pending"):
            office.post(f"/completions/{req.pk}/review", {"accept": True})
    # --- rated and closed -----------------------------------------------------------------------------
    with time_machine.travel(at(2026, 6, 30, 10), tick=False):
        refused = jt.client.post(f"{API}/matters/{road}/rate", {"rating": "excellent"},
                                 content_type="application/json", **jt.auth)
        assert refused.status_code == 403 and "评价" in refused.json()["message"]
        assert mayor.post(f"/matters/{road}/rate", {"rating": "excellent", "comment": "提前通车"})["rating"]["label"] == "优秀"
        head.post(f"/matters/{homes}/rate", {"rating": "good"})
        for pk in (road, homes, rural):
            closed = office.post(f"/matters/{pk}/close")
            assert closed["state"]["code"] == "closed" and closed["recheck_due"] == "2026-09-30"
        assert office.get(f"/matters/{parking}").json()["light"] == "red"  # never finished

    # --- three months later: 回头看 ------------------------------------------------------------------
    assert "预警" in sweep("2026-09-22T09:00+08:00")
    assert Notice.objects.filter(recipient=people.supervisor, title__startswith="【回头看】").count() == 3
    with time_machine.travel(at(2026, 9, 29, 10), tick=False):
        recheck = office.get(f"/matters/{road}/rechecks").json()[0]
        done = office.post(f"/rechecks/{recheck['id']}", {"result": "passed", "findings": "实地查看，运行正常"})
        assert done["state"]["code"] == "closed"

    # --- end of the quarter: the 督查通报 and the ledger ---------------------------------------------
    with time_machine.travel(at(2026, 7, 1, 10), tick=False):
        preview = office.get("/bulletins/preview", start="2026-04-01", end="2026-06-30").json()
        assert preview["figures"]["overdue"] == 1 and preview["figures"]["rejected"] == 1
        doc = office.post("/bulletins", {"start": "2026-04-01", "end": "2026-06-30"}, status=201)
        assert doc["kind"]["label"] == "督查通报" and doc["number"].endswith("号")
        word = office.client.get(doc["download"], **office.auth)
        assert word.status_code == 200
        text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
        assert "关于2026年第二季度督查事项办理情况的通报" in text and "建成智慧停车管理平台" in "".join(
            c.text for t in Document(io.BytesIO(word.content)).tables for r in t.rows for c in r.cells)
        ledger = office.client.get(f"{API}/ledger.xlsx", {"year": 2026}, **office.auth)
        assert ledger.status_code == 200
        wb = openpyxl.load_workbook(io.BytesIO(b"".join(ledger.streaming_content)))
        sheet = wb["台账"]
        header = [c.value for c in sheet[2]]
        assert header == ["序号", "事项", "牵头领导", "牵头单位", "配合单位", "完成时限", "最新进展", "状态", "灯"]
        rows = {r[1]: r for r in sheet.iter_rows(min_row=3, values_only=True) if r[1]}
        assert rows["建成智慧停车管理平台"][8] == "红灯" and rows["建成城市快速路二期工程"][7] == "已销号"
        assert rows["建成城市快速路二期工程"][5].date() == date(2026, 6, 30)
