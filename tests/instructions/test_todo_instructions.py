"""批示 to-dos on the 工作台: 转办 and 呈报 wait with the 督查室, 阅示 with the leader who wrote it;
each link lists the very 批示 counted."""

from __future__ import annotations

import re

import pytest

from zhongshu.instructions.todo import items

pytestmark = pytest.mark.django_db


def _todos(user) -> dict:
    return {t.label: (t.count, t.url) for t in items(user) if t.count}


def test_to_route_waits_with_the_督查室_and_to_read_with_its_leader(client, ip, new_instruction):
    new_instruction()
    new_instruction(carrier_title="政务信息专报第18期", carrier_ref="政务信息第18期", route=True)
    count, url = _todos(ip.supervisor)["批示待转办"]
    assert count == 1
    client.force_login(ip.supervisor)
    html = client.get(url).content.decode()
    assert len(re.findall(r'id="zs-instruction-\d+"', html)) == 1
    assert "政务信息专报第18期" not in html                          # routed already: not waiting
    assert _todos(ip.mayor) == {} and _todos(ip.jt_liaison) == {}   # nothing with the leader yet


def test_a_leader_sees_only_the_批示_he_wrote_waiting_for_him(ip, new_instruction):
    from zhongshu.instructions.models import Round

    inst = new_instruction(route=True)
    Round.objects.filter(instruction=inst).update(state="with_leader")     # 呈报 (the flow is tested elsewhere)
    assert _todos(ip.mayor)["批示待我阅示"][0] == 1
    assert _todos(ip.vice) == {}
    assert "批示待我阅示" not in _todos(ip.supervisor)
