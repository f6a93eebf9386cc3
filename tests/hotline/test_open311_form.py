"""The Open311 door's own parser of form-encoded bodies (hotline/open311/form.py) against urllib's.

Every well-formed body gives exactly what parse_qsl(keep_blank_values=True) gives (the last value of
a repeated field, as request.POST.get): the real messages of ../shared/data where present, and the
awkward cases by hand. A POST with too many fields is refused in Chinese, in Open311's error format.
"""

from __future__ import annotations

import csv
from urllib.parse import parse_qsl, quote, urlencode

import pytest
import time_machine
from django.test import override_settings
from hl_time import at

from bench.sample_data import shared_data
from zhongshu.hotline.models import Ticket
from zhongshu.hotline.open311 import form
from zhongshu.hotline.open311.keys import create_client

MESSAGES = shared_data() / "hotline_unlabelled.csv"


def urllib_fields(body: str) -> dict[str, str]:
    return dict(parse_qsl(body, keep_blank_values=True))


@pytest.mark.parametrize("body", [
    "a=1&b=2", "a=&b", "a=1&a=2", "&&a=1&", "=x", "x=", "k=a+b%2Bc", "k=%26%3D%25",
    "description=" + quote("人民路井盖破损，请尽快修复。\n第二行\t制表", safe=""),
    urlencode({"description": "<script>alert('x')</script> 100% 满意", "phone": "+86 138"}),
    "k=%zz%4", "k=%E4%B8", "k=%E4%B8%AD%", "k=%e4%b8%ad", "k=%C3%28",  # bad escapes, cut and invalid UTF-8
    "名称=值", "k=中%E6%96%87",  # raw non-ASCII, as some clients send
    "attribute%5Burgency%5D=urgent&attribute[request_type]=complaint",
])
def test_same_fields_as_urllib(body):
    assert form.fields(body.encode()) == urllib_fields(body)


@pytest.mark.skipif(not MESSAGES.exists(), reason="../shared/data/hotline_unlabelled.csv is not on this machine")
def test_same_fields_as_urllib_for_the_real_messages():
    with MESSAGES.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) > 1000
    for row in rows:
        body = urlencode({"description": f"{row['留言主题']}。{row['留言详情']}", "address_string": "某区某街道",
                          "service_code": "7", "phone": "13812345678"})
        assert form.fields(body.encode()) == urllib_fields(body)


def test_too_many_fields():
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=3):
        assert form.fields(b"a=1&b=2&c=3") == {"a": "1", "b": "2", "c": "3"}
        with pytest.raises(form.TooManyFields):
            form.fields(b"a=1&b=2&c=3&d=4")


def test_the_door_reads_a_form_encoded_post(client, hl):
    key = create_client("市民通 app")[1]
    body = urlencode({"api_key": key, "service_code": str(hl.road.pk), "description": "人民路 3 号井盖破损+缺失，100% 危险",
                      "address_string": "东城区人民路 3 号", "last_name": "张", "first_name": "三", "phone": "13812345678"})
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        r = client.generic("POST", "/open311/v2/requests.json", body, content_type="application/x-www-form-urlencoded")
        assert r.status_code == 201, r.content.decode()[:300]
        t = Ticket.objects.get(number=r.json()[0]["service_request_id"])
        assert t.description == "人民路 3 号井盖破损+缺失，100% 危险" and t.location == "东城区人民路 3 号"
        assert t.caller_name == "张三"
        with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=5):
            r = client.generic("POST", "/open311/v2/requests.json", body + "&x=1",
                               content_type="application/x-www-form-urlencoded")
    assert r.status_code == 400 and r.json() == [{"code": 400, "description": "字段过多（不超过 5 个）"}]
    assert Ticket.objects.count() == 1


def test_the_charset_of_the_request_decodes_the_escapes():
    body = "description=" + quote("井盖破损", encoding="gbk", safe="")
    assert form.fields(body.encode(), "gbk") == {"description": "井盖破损"}
    assert form.fields(body.encode(), "gbk") == dict(parse_qsl(body, encoding="gbk"))
