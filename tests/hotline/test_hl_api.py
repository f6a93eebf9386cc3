"""/api/v1/hotline/: the loop 受理 → 派单 → 签收 → 答复 → 办结 → 回访 with a token per person,
scope (another unit's ticket is a 404), refusals that change nothing, every other step, and the
催签 of `zhongshu sweep --now` in the unit liaison's inbox once the 签收 deadline has passed."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.management import call_command
from hl_time import at

from zhongshu.hotline.models import Ticket
from zhongshu.org.tokens import create_token

pytestmark = pytest.mark.django_db
API = "/api/v1/hotline"


class Api:
    def __init__(self, client, user):
        self.client = client
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user, name='test')[1]}"}

    def get(self, path, status=200, **params):
        r = self.client.get(API + path, params, **self.auth)
        assert r.status_code == status, (path, r.status_code, r.content.decode()[:500])
        return r.json()

    def post(self, path, data=None, status=200):
        r = self.client.post(API + path, data or {}, content_type="application/json", **self.auth)
        assert r.status_code == status, (path, r.status_code, r.content.decode()[:500])
        return r.json()


def sweep(moment: str) -> str:
    out = io.StringIO()
    call_command("sweep", now=moment, stdout=out)
    return out.getvalue()


INTAKE = dict(title="人民路井盖破损", description="人民路与解放路交叉口东侧井盖破损，夜间行人易绊倒。", caller_name="张三",
              caller_phone="13812345678", request_type="complaint", location="东城区人民路与解放路交叉口")


def test_the_loop_through_the_api(client, hl):
    agent, disp, jt, jt_staff = Api(client, hl.agent), Api(client, hl.dispatcher), Api(client, hl.jt_liaison), \
        Api(client, hl.jt_staff)
    sl = Api(client, hl.sl_liaison)
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        t = agent.post("/tickets", dict(INTAKE, category_id=hl.road.pk, idempotency_key="call-1"), status=201)
        assert t["number"] == "202600000001" and t["state"]["code"] == "received" and not t["replayed"]
        assert t["caller_name"] == "张三" and t["steps"][0]["kind"]["label"] == "受理"
        again = agent.post("/tickets", dict(INTAKE, category_id=hl.road.pk, idempotency_key="call-1"), status=200)
        assert again["id"] == t["id"] and again["replayed"] and Ticket.objects.count() == 1
        bad = agent.post("/tickets", dict(INTAKE, description="", caller_phone="12"), status=422)
        assert "请填写诉求内容" in bad["message"] and len(bad["details"]) == 2
        assert Api(client, hl.jt_liaison).post("/tickets", INTAKE, status=403)["code"] == "forbidden"
    pk = t["id"]
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        # the agent may not dispatch: 403, nothing changes
        refused = agent.post(f"/tickets/{pk}/dispatch", {}, status=403)
        assert "只有" in refused["message"] and "派单" in refused["message"]
        assert Ticket.objects.get(pk=pk).state == "received" and Ticket.objects.get(pk=pk).steps.count() == 1
        d = disp.post(f"/tickets/{pk}/dispatch", {})
        assert d["state"]["code"] == "dispatched" and d["unit"]["name"] == "示例市交通运输局"
        assert "权责清单》第 12 项" in d["dispatch_basis"] and d["handle_due_at"].startswith("2026-03-23T")
        # a second 派单: 409 with the reason, nothing changes
        twice = disp.post(f"/tickets/{pk}/dispatch", {}, status=409)
        assert twice["code"] == "transition_refused" and "待签收的工单不能派单" == twice["message"]
        assert Ticket.objects.get(pk=pk).steps.count() == 2
    # scope: 市水利局 sees neither the ticket nor it in its list; 市交通局 does
    assert sl.get(f"/tickets/{pk}", status=404)["code"] == "not_found"
    assert sl.get("/tickets")["total"] == 0
    assert sl.post(f"/tickets/{pk}/accept", status=404)
    listed = jt.get("/tickets")
    assert listed["total"] == 1 and listed["items"][0]["caller_phone"] == "138****5678"
    assert listed["items"][0]["caller_name"] == "张**"
    assert jt.get(f"/tickets/{pk}")["caller_phone"] == "13812345678"  # the unit calls back
    assert Api(client, hl.mayor).get("/tickets")["items"][0]["caller_phone"] == "138****5678"
    with time_machine.travel(at(2026, 3, 2, 11), tick=False):
        assert jt_staff.post(f"/tickets/{pk}/accept", status=403)["message"].startswith("只有")
        assert jt.post(f"/tickets/{pk}/accept")["state"]["code"] == "handling"
        jt_staff.post(f"/tickets/{pk}/note", {"text": "已安排养护队现场查看"})
        assert jt_staff.post(f"/tickets/{pk}/reply", {"reply": "已更换井盖。", "resolution": "maybe"},
                             status=422)["code"] == "invalid_resolution"
    with time_machine.travel(at(2026, 3, 4, 15), tick=False):
        r = jt_staff.post(f"/tickets/{pk}/reply", {"reply": "已更换井盖，恢复通行。", "resolution": "solved"})
        assert r["state"]["code"] == "replied" and not r["replied_late"]
    with time_machine.travel(at(2026, 3, 4, 16), tick=False):
        assert disp.post(f"/tickets/{pk}/close")["state"]["code"] == "closed"
    with time_machine.travel(at(2026, 3, 5, 10), tick=False):
        done = agent.post(f"/tickets/{pk}/callback", {"satisfaction": "satisfied", "note": "市民表示满意"})
    assert done["state"]["code"] == "finished" and done["satisfaction"]["label"] == "满意"
    kinds = [s["kind"]["code"] for s in done["steps"]]
    assert kinds == ["receive", "dispatch", "accept", "note", "reply", "close", "callback"]


def test_side_steps(client, hl, new_ticket):
    disp, head, jt, dc = Api(client, hl.dispatcher), Api(client, hl.head), Api(client, hl.jt_liaison), \
        Api(client, hl.dc_liaison)
    agent = Api(client, hl.agent)
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        pk = new_ticket(when=at(2026, 3, 2, 9)).pk
        disp.post(f"/tickets/{pk}/dispatch", {"unit_id": hl.city.east.pk, "basis": "属地管理：人民路在东城区"})
        r = dc.post(f"/tickets/{pk}/return", {"reason": "wrong_place", "text": "井盖属交通局管养"})
        assert r["state"]["code"] == "returned"
        r = disp.post(f"/tickets/{pk}/decide-return", {"agree": False, "comment": "属地负责先行处置"})
        assert r["state"]["code"] == "dispatched"
        assert dc.post(f"/tickets/{pk}/dispute", {"text": "权属在交通局"})["state"]["code"] == "disputed"
        r = head.post(f"/tickets/{pk}/rule-dispute", {"unit_id": hl.city.traffic.pk, "ruling": "井盖由交通局管养"})
        assert r["unit"]["id"] == hl.city.traffic.pk and r["dispatch_final"]
        jt.post(f"/tickets/{pk}/accept")
        r = jt.post(f"/tickets/{pk}/extension", {"days": 5, "basis": "需更换整段管线"}, status=201)
        ext = r["extensions"][0]
        assert ext["state"]["code"] == "pending"
        r = disp.post(f"/tickets/{pk}/extensions/{ext['id']}/decide", {"approve": True})
        assert r["extensions"][0]["state"]["code"] == "approved"
        assert disp.post(f"/tickets/{pk}/extensions/999999/decide", {"approve": True}, status=404)
        assert disp.post(f"/tickets/{pk}/suspend", {"reason": "等待市民补充材料"})["state"]["code"] == "suspended"
        assert disp.post(f"/tickets/{pk}/resume")["state"]["code"] == "handling"
        jt.post(f"/tickets/{pk}/reply", {"reply": "已修复。", "resolution": "solved"})
        assert disp.post(f"/tickets/{pk}/reject-reply", {"reason": "未附现场照片"})["state"]["code"] == "handling"
        jt.post(f"/tickets/{pk}/reply", {"reply": "已修复，附照片。", "resolution": "solved"})
        disp.post(f"/tickets/{pk}/close")
        r = disp.post(f"/tickets/{pk}/reopen", {"reason": "市民来电反映再次破损"})
        assert r["state"]["code"] == "handling" and r["round"] == 2
        # 并单 and 直接答复
        dup = new_ticket(when=at(2026, 3, 2, 9, 30)).pk
        master = new_ticket(when=at(2026, 3, 2, 9, 40)).pk
        assert disp.post(f"/tickets/{dup}/merge", {"into_id": master})["state"]["code"] == "merged"
        other = new_ticket(when=at(2026, 3, 2, 9, 50)).pk
        r = agent.post(f"/tickets/{other}/answer", {"reply": "井盖报修请拨打 12345 转 2。"})
        assert r["state"]["code"] == "closed" and r["closed_how"]["code"] == "direct"
        assert agent.post(f"/tickets/{other}/answer", {"reply": "x", "knowledge_id": 999}, status=422)


def test_sweep_reminds_the_unit_to_accept(client, hl):
    agent, disp, jt = Api(client, hl.agent), Api(client, hl.dispatcher), Api(client, hl.jt_liaison)
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        pk = agent.post("/tickets", dict(INTAKE, category_id=hl.road.pk), status=201)["id"]
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        due = disp.post(f"/tickets/{pk}/dispatch", {})["accept_due_at"]
    assert due == "2026-03-03T15:59:59Z"  # 23:59:59 in Shanghai
    sweep("2026-03-03T09:00+08:00")
    inbox = jt.client.get("/api/v1/notify/inbox", **jt.auth).json()["items"]
    assert not any("签收逾期" in n["title"] for n in inbox)
    # the deadline passed a working day ago, nobody accepted: 催签
    sweep("2026-03-05T09:00+08:00")
    inbox = jt.client.get("/api/v1/notify/inbox", **jt.auth).json()["items"]
    late = [n for n in inbox if "签收逾期" in n["title"]]
    assert late and late[0]["kind"] == "clock.remind" and "人民路井盖破损" in late[0]["title"]
    assert "未签收" in late[0]["body"]
    assert late[0]["link"] == f"/hotline/tickets/{pk}/"  # the reminder opens the ticket, not the clock
    with time_machine.travel(at(2026, 3, 5, 10), tick=False):
        assert jt.post(f"/tickets/{pk}/accept")["accepted_late"]
