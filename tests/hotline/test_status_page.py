"""The citizen's status page (/open311/status/): anonymous, number + 查询码, public steps with the
unit's name only, one generic message for a wrong number or code, 429 after 10 failed tries."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from hl_time import at

from zhongshu.hotline import transitions as tr

pytestmark = pytest.mark.django_db
PAGE = "/open311/status/"


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_empty_form_for_anonymous(client):
    r = client.get(PAGE)
    assert r.status_code == 200
    html = r.content.decode()
    assert "办理进度查询" in html and 'name="number"' in html and 'name="code"' in html


def test_right_code_shows_the_public_steps(client, hl, new_ticket):
    t = new_ticket(title='<script>alert(1)</script>井盖')
    tr.dispatch(t, hl.dispatcher, at=at(2026, 3, 2, 10))
    tr.accept(t, hl.jt_liaison, at=at(2026, 3, 2, 11))
    tr.note(t, hl.jt_staff, "内部：班组明早到场", at=at(2026, 3, 2, 12))
    r = client.get(PAGE, {"number": t.number, "code": t.retrieval_code.lower()})
    assert r.status_code == 200
    html = r.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;井盖" in html and "<script>alert(1)" not in html
    assert "承办单位正在办理" in html and "示例市交通运输局" in html and "2026年3月2日 09:00" in html
    assert "受理" in html and "派单" in html and "签收" in html
    assert "内部：班组明早到场" not in html  # not a public step
    for person in ("王话务", "赵派单", "市交通局联络员", "张三", "13812345678"):
        assert person not in html
    assert "预计办结" in html and "2026年3月23日" in html
    tr.reply(t, hl.jt_staff, reply="已更换井盖，恢复通行。", resolution="solved", at=at(2026, 3, 4, 15))
    tr.close(t, hl.dispatcher, at=at(2026, 3, 4, 16))
    html = client.get(PAGE, {"number": t.number, "code": t.retrieval_code}).content.decode()
    assert "已办结" in html and "答复内容" in html and "已更换井盖，恢复通行。" in html and "预计办结" not in html


def test_wrong_number_or_code_is_one_message_and_rate_limited(client, hl, new_ticket):
    t = new_ticket()
    wrong_code = client.get(PAGE, {"number": t.number, "code": "ZZZZZZ"})
    wrong_number = client.get(PAGE, {"number": "209900000001", "code": t.retrieval_code})
    assert wrong_code.status_code == wrong_number.status_code == 404
    msg = "工单编号或查询码不正确，请核对后重试。"
    assert msg in wrong_code.content.decode() and msg in wrong_number.content.decode()
    assert t.title not in wrong_code.content.decode()
    for _ in range(8):  # ten failures in all are answered
        assert client.get(PAGE, {"number": t.number, "code": "ZZZZZZ"}).status_code == 404
    eleventh = client.get(PAGE, {"number": t.number, "code": "ZZZZZZ"})
    assert eleventh.status_code == 429 and "查询失败次数过多" in eleventh.content.decode()
    # even the right code is refused from this address until the window passes
    blocked = client.get(PAGE, {"number": t.number, "code": t.retrieval_code})
    assert blocked.status_code == 429 and "查询失败次数过多" in blocked.content.decode()
    assert t.title not in blocked.content.decode()
    other = client.get(PAGE, {"number": t.number, "code": t.retrieval_code}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200 and t.title in other.content.decode()
