"""收文: the 承办单位 asks to give a document back (退回) or for a later deadline (延期); the 文秘
decides. The clock, the holder, who sees it and the notices follow; refusals change nothing."""

from __future__ import annotations

from datetime import date

import incoming_flow as flow
import pytest
import time_machine
from incoming_flow import at

from zhongshu import audit
from zhongshu.clocks.models import ClockState
from zhongshu.core.errors import TransitionRefused, UserError
from zhongshu.documents import incoming as inc
from zhongshu.documents.models import IncomingDocument, IncomingRequest
from zhongshu.notify.models import Notice

pytestmark = pytest.mark.django_db

DEADLINE = date(2026, 3, 10)     # 批办 on Tue 3 March, 普通: 5 working days


def _titles(user) -> list[str]:
    return list(Notice.objects.filter(recipient=user).values_list("title", flat=True))


def test_an_extension_asked_in_time_and_approved_moves_the_clock(people, city):
    doc = flow.handling(people, city)
    assert doc.deadline == DEADLINE
    req = inc.ask(doc, people.jt_liaison, kind="extend", reason="需等待征地补偿标准批复", until=date(2026, 3, 20),
                  at=at(2026, 3, 9, 10))
    assert (req.state, req.unit, req.old_deadline, req.new_deadline) == ("pending", city.traffic, DEADLINE,
                                                                         date(2026, 3, 20))
    assert any(t.startswith("【延期申请】") for t in _titles(people.clerk))
    doc.refresh_from_db()
    assert doc.deadline == DEADLINE                     # nothing moves before the 文秘 decides
    inc.decide(req, people.clerk, approve=True, comment="同意", at=at(2026, 3, 9, 15))
    doc.refresh_from_db()
    req.refresh_from_db()
    assert req.state == "approved" and req.decided_by == people.clerk
    assert doc.deadline == date(2026, 3, 20) and doc.state == "handling"
    clock = doc.clock
    assert clock.state == ClockState.RUNNING and clock.due_at.astimezone(flow.SH).date() == date(2026, 3, 20)
    assert "周文秘 批准" in clock.due_explanation and "需等待征地补偿标准批复" in clock.due_explanation
    assert any("已同意" in t for t in _titles(people.jt_liaison))
    assert audit.AuditRecord.objects.filter(note__contains="同意延期").exists()


def test_an_extension_refused_keeps_the_deadline_and_needs_a_reason(people, city):
    doc = flow.handling(people, city)
    req = inc.ask(doc, people.jt_leader, kind="extend", reason="工作量大", until=date(2026, 3, 13),
                  at=at(2026, 3, 4))
    with pytest.raises(UserError, match="不同意的理由"):
        inc.decide(req, people.clerk, approve=False, comment="  ", at=at(2026, 3, 5))
    req.refresh_from_db()
    assert req.state == "pending"
    inc.decide(req, people.clerk, approve=False, comment="时限为领导批办确定，请按期办结", at=at(2026, 3, 5))
    doc.refresh_from_db()
    assert doc.deadline == DEADLINE and doc.clock.due_at.astimezone(flow.SH).date() == DEADLINE
    assert any("未同意" in t for t in _titles(people.jt_liaison))
    with pytest.raises(TransitionRefused, match="已于"):
        inc.decide(req, people.clerk, approve=True, at=at(2026, 3, 5, 10))   # decided once


@pytest.mark.parametrize("until, when, error, message", [
    (date(2026, 3, 20), at(2026, 3, 11, 9), TransitionRefused, "已过"),            # after the deadline
    (DEADLINE, at(2026, 3, 4), UserError, "须晚于现办理时限"),
    (date(2026, 3, 9), at(2026, 3, 4), UserError, "须晚于现办理时限"),
    (date(2026, 7, 1), at(2026, 3, 4), UserError, "请核对日期"),                   # a typing error
    (None, at(2026, 3, 4), UserError, "申请延至"),
])
def test_bad_extension_requests_are_refused_and_store_nothing(people, city, until, when, error, message):
    doc = flow.handling(people, city)
    with pytest.raises(error, match=message):
        inc.ask(doc, people.jt_liaison, kind="extend", reason="理由", until=until, at=when)
    assert not IncomingRequest.objects.exists()


def test_one_request_at_a_time(people, city):
    doc = flow.handling(people, city)
    inc.ask(doc, people.jt_liaison, kind="extend", reason="理由", until=date(2026, 3, 13), at=at(2026, 3, 4))
    with pytest.raises(TransitionRefused, match="已有待审批的延期申请"):
        inc.ask(doc, people.jt_leader, kind="decline", reason="不属于本单位职责", at=at(2026, 3, 4, 10))
    with pytest.raises(UserError, match="退回理由"):
        inc.ask(doc, people.jt_liaison, kind="decline", reason="", at=at(2026, 3, 4, 10))
    assert IncomingRequest.objects.count() == 1


def test_a_decline_approved_sends_the_paper_back_for_a_new_拟办(people, city):
    doc = flow.handling(people, city)
    old_clock = doc.clock
    req = inc.ask(doc, people.jt_liaison, kind="decline", reason="征地拆迁属市自然资源局职责（“三定”规定）",
                  at=at(2026, 3, 3, 15))
    assert any(t.startswith("【退回申请】") for t in _titles(people.clerk2))
    inc.decide(req, people.clerk2, approve=True, at=at(2026, 3, 3, 16))
    doc.refresh_from_db()
    old_clock.refresh_from_db()
    assert doc.state == "reviewed" and doc.get_state_display() == "待拟办"
    assert old_clock.state == ClockState.STOPPED and doc.clock is None and doc.deadline is None
    assert doc.lead_unit is None and not doc.co_units.exists()
    assert doc.holder == people.clerk2                          # the paper is back with the 文秘
    last = doc.movements.last()
    assert (last.kind, last.from_label, last.to_user) == ("decline", "示例市交通运输局", people.clerk2)
    assert not IncomingDocument.objects.restrict(people.jt_liaison).filter(pk=doc.pk).exists()
    assert not IncomingDocument.objects.restrict(people.sl_liaison).filter(pk=doc.pk).exists()
    assert any(t.startswith("【承办单位退回】") for t in _titles(people.mayor))
    assert any("已同意" in t for t in _titles(people.jt_liaison))
    # a new 拟办 and 批办 to the right unit start a new clock
    inc.propose(doc, people.clerk2, opinion="建议呈陈市长阅示，由市水利局办理", leader=people.mayor, unit=city.water,
                at=at(2026, 3, 4, 9))
    inc.direct(doc, people.mayor, opinion="请市水利局办理", lead_unit=city.water, at=at(2026, 3, 4, 10))
    doc.refresh_from_db()
    assert doc.state == "handling" and doc.lead_unit == city.water and doc.clock != old_clock
    assert doc.deadline == date(2026, 3, 11)


def test_a_decline_refused_leaves_it_with_the_unit(people, city):
    doc = flow.handling(people, city)
    req = inc.ask(doc, people.jt_liaison, kind="decline", reason="不属于本单位职责", at=at(2026, 3, 3, 15))
    inc.decide(req, people.clerk, approve=False, comment="人民路拓宽由市交通局牵头，请按批办意见办理",
               at=at(2026, 3, 3, 16))
    doc.refresh_from_db()
    assert doc.state == "handling" and doc.lead_unit == city.traffic and doc.clock.state == ClockState.RUNNING
    assert doc.holder_unit == city.traffic
    # the unit may ask again once the first request is decided
    inc.ask(doc, people.jt_liaison, kind="extend", reason="需补充材料", until=date(2026, 3, 12), at=at(2026, 3, 4))
    assert doc.requests.filter(state="pending").count() == 1


def test_requests_only_while_handling(people, city):
    doc = flow.done(people, city)
    with pytest.raises(TransitionRefused, match="不能申请退回"):
        inc.ask(doc, people.jt_liaison, kind="decline", reason="理由", at=at(2026, 3, 7))
    with pytest.raises(UserError, match="请选择申请事项"):
        inc.ask(doc, people.jt_liaison, kind="withdraw", reason="理由", at=at(2026, 3, 7))


@time_machine.travel("2026-03-05 10:00 +0800", tick=False)
def test_pages_offer_ask_then_decide(client, people, city):
    doc = flow.handling(people, city)
    url = doc.get_absolute_url()
    client.force_login(people.jt_liaison)
    page = client.get(url).content.decode()
    assert 'id="step-decline"' in page and 'id="step-extend"' in page and 'id="step-decide"' not in page
    bad = client.post(f"{url}extend/", {"extend-until": "2026-03-09", "extend-reason": "需补充材料"})
    assert bad.status_code == 400 and "须晚于现办理时限" in bad.content.decode()
    assert client.post(f"{url}extend/", {"extend-until": "2026-03-13", "extend-reason": "需补充材料"}).status_code == 302
    page = client.get(url).content.decode()
    assert "退回和延期申请" in page and "待审批" in page and 'id="step-extend"' not in page
    assert client.post(f"{url}decide/", {"decide-decision": "approve"}).status_code == 403    # not a 文秘
    client.force_login(people.clerk)
    page = client.get(url).content.decode()
    assert 'id="step-decide"' in page and "需补充材料" in page
    refused = client.post(f"{url}decide/", {"decide-decision": "refuse", "decide-comment": ""})
    assert refused.status_code == 400 and "不同意的理由" in refused.content.decode()
    assert client.post(f"{url}decide/", {"decide-decision": "approve"}).status_code == 302
    doc.refresh_from_db()
    assert doc.deadline == date(2026, 3, 13)
    again = client.post(f"{url}decide/", {"decide-decision": "approve"})
    assert again.status_code == 409 and "没有待审批" in again.content.decode()
    api = client.get(f"/api/v1/documents/incoming/{doc.pk}")
    assert api.status_code == 200
    (row,) = api.json()["requests"]
    assert (row["kind"], row["state"], row["new_deadline"], row["decided_by"]) == ("extend", "approved", "2026-03-13",
                                                                                   "周文秘")


def test_finishing_the_document_withdraws_a_waiting_request(people, city):
    doc = flow.handling(people, city)
    req = inc.ask(doc, people.jt_liaison, kind="extend", reason="需补充材料", until=date(2026, 3, 13), at=at(2026, 3, 4))
    inc.complete(doc, people.jt_liaison, result="已按期办结", at=at(2026, 3, 5))
    req.refresh_from_db()
    assert (req.state, req.get_state_display(), req.comment) == ("withdrawn", "已撤回", "收文已办结，申请自动撤回")
    assert not doc.requests.filter(state="pending").exists()
