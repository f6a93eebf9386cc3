"""公文 to-dos on the 工作台: each counts the documents waiting for the user's own step, and its
link lists exactly those documents."""

from __future__ import annotations

import re
from datetime import date

import incoming_flow as flow
import outgoing_flow as oflow
import pytest
from incoming_flow import at

from zhongshu.documents import incoming as inc
from zhongshu.documents.todo import items

pytestmark = pytest.mark.django_db


def _todos(user) -> dict:
    """The to-dos the 工作台 shows (empty ones are left out there)."""
    return {t.label: (t.count, t.url) for t in items(user) if t.count}


def _listed(client, user, url) -> int:
    client.force_login(user)
    html = client.get(url).content.decode()
    assert 'id="zs-todo"' in html
    return len(re.findall(r'id="zs-(?:incoming|outgoing)-\d+"', html))


def test_each_step_waits_with_the_one_who_takes_it(client, people, city):
    registered = flow.registered(people)
    proposed = flow.proposed(people, city, doc_number="示交发〔2026〕20号")        # 陈市长 holds it
    clerk = _todos(people.clerk)
    assert clerk["收文待初审"][0] == 1 and "收文待批办" not in clerk            # 批办 is the leader's
    assert _listed(client, people.clerk, clerk["收文待初审"][1]) == 1
    mayor = _todos(people.mayor)
    assert mayor["收文待批办"][0] == 1 and "收文待初审" not in mayor
    assert _listed(client, people.mayor, mayor["收文待批办"][1]) == 1
    assert "收文待批办" not in _todos(people.vice)                                # not in his hands
    assert _todos(people.jt_liaison) == {}                                       # nothing routed yet
    assert registered.state == "registered" and proposed.holder == people.mayor


def test_a_pending_request_waits_for_the_文秘(client, people, city):
    doc = flow.handling(people, city)
    assert "退回和延期申请待审批" not in _todos(people.clerk)
    inc.ask(doc, people.jt_liaison, kind="extend", reason="需补充材料", until=date(2026, 3, 13), at=at(2026, 3, 4))
    count, url = _todos(people.clerk)["退回和延期申请待审批"]
    assert count == 1 and _listed(client, people.clerk, url) == 1
    assert "退回和延期申请待审批" not in _todos(people.jt_liaison)              # the unit asked; it does not decide


def test_发文_waits_for_the_countersigning_unit_then_the_signer(client, people, city, series):
    doc = oflow.countersigning(people, city, series)                 # 市水利局 and 东城区 asked
    assert _todos(people.sl_liaison)["发文待会签"][0] == 1
    assert _todos(people.dc_leader)["发文待会签"][0] == 1
    assert "发文待会签" not in _todos(people.jt_liaison)                          # the drafting unit
    from zhongshu.documents import outgoing as out

    out.countersign(doc, people.sl_liaison, agree=True, opinion="同意", at=at(2026, 1, 12, 14))
    assert "发文待会签" not in _todos(people.sl_liaison)
    out.countersign(doc, people.dc_leader, agree=True, opinion="同意", at=at(2026, 1, 12, 15))
    count, url = _todos(people.mayor)["发文待签发"]
    assert count == 1 and _listed(client, people.mayor, url) == 1
    assert "发文待签发" not in _todos(people.vice)                                # 呈陈市长签发


def test_the_home_page_shows_the_todos_with_a_bounded_number_of_queries(client, people, city,
                                                                          django_assert_max_num_queries):
    flow.registered(people)
    flow.proposed(people, city, doc_number="示交发〔2026〕20号")
    client.force_login(people.clerk)
    with django_assert_max_num_queries(40):
        html = client.get("/").content.decode()
    assert 'id="zs-todos"' in html and "收文待初审" in html and 'href="/documents/incoming/?todo=review"' in html
    unknown = client.get("/documents/incoming/?todo=nonsense").content.decode()
    assert 'id="zs-todo"' not in unknown                              # an unknown to-do lists everything
