"""Open311 GeoReport v2 conformance (/open311/v2/): every endpoint, the spec's field names, its
error format and codes, idempotent POST, expected_datetime from the clock, no caller data."""

from __future__ import annotations

import io
import json

import pytest
import time_machine
from django.core.management import call_command
from hl_time import SH, at

from zhongshu.clocks import clock_for
from zhongshu.hotline import transitions as tr
from zhongshu.hotline.models import ApiClient, Ticket
from zhongshu.hotline.open311.keys import clients, create_client

pytestmark = pytest.mark.django_db
V2 = "/open311/v2"
REQUEST_FIELDS = {"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"}


@pytest.fixture
def key(hl):
    return create_client("市民通 app")[1]


def post(client, key, status=201, headers=None, as_json=False, **fields):
    data = dict(api_key=key, **fields)
    if as_json:
        r = client.post(f"{V2}/requests.json", json.dumps(data), content_type="application/json", headers=headers or {})
    else:
        r = client.post(f"{V2}/requests.json", data, headers=headers or {})
    assert r.status_code == status, r.content.decode()[:500]
    return r.json()


def road(hl, **kw):
    return dict(dict(service_code=str(hl.road.pk), lat="28.19", long="112.97", description="人民路井盖破损，请尽快修复。",
                     first_name="三", last_name="张", phone="13812345678", email="zs@example.com"), **kw)


def test_services_and_definition(client, hl):
    rows = client.get(f"{V2}/services.json").json()
    mine = next(r for r in rows if r["service_code"] == str(hl.road.pk))
    assert set(mine) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    assert mine["service_name"] == "道路破损" and mine["group"] == "城乡建设" and mine["type"] == "realtime"
    assert mine["description"] == hl.road.full_name and mine["metadata"] is False
    d = client.get(f"{V2}/services/{hl.road.pk}.json").json()
    assert d["service_code"] == str(hl.road.pk)
    attrs = {a["code"]: a for a in d["attributes"]}
    assert {"request_type", "urgency"} <= set(attrs)
    assert {"key": "complaint", "name": "投诉"} in attrs["request_type"]["values"]
    assert {"key": "urgent", "name": "紧急"} in attrs["urgency"]["values"]
    r = client.get(f"{V2}/services/999999.json")
    assert r.status_code == 404 and r.json()[0]["code"] == 404 and "服务代码不存在" in r.json()[0]["description"]
    xml = client.get(f"{V2}/services.xml")
    assert xml.status_code == 200 and b"<services>" in xml.content and "道路破损".encode() in xml.content


def test_post_form_and_json_and_get(client, hl, key):
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        out = post(client, key, **road(hl, **{"attribute[request_type]": "complaint"}), account_id="u-7")
        assert set(out[0]) == {"service_request_id", "token", "service_notice", "account_id"}
        assert out[0]["account_id"] == "u-7"
        t = Ticket.objects.get(number=out[0]["service_request_id"])
        assert t.channel == "api" and t.api_client.name == "市民通 app" and t.request_type == "complaint"
        assert t.caller_name == "张三" and t.caller_phone == "13812345678" and t.retrieval_code in out[0]["service_notice"]
        j = post(client, key, as_json=True, **road(hl, address_string="东城区人民路 1 号", lat=None, long=None,
                                                 attribute={"urgency": "紧急", "request_type": "求助"}))
        t2 = Ticket.objects.get(number=j[0]["service_request_id"])
        assert t2.urgency == "urgent" and t2.request_type == "help" and t2.location == "东城区人民路 1 号"
    one = client.get(f"{V2}/requests/{t.number}.json", {"extensions": "true"})
    row = one.json()[0]
    assert REQUEST_FIELDS <= set(row) and row["status"] == "open"
    assert row["status_notes"].startswith("待派单") and row["service_code"] == str(hl.road.pk)
    assert row["extended_attributes"]["state"] == "待派单" and row["extended_attributes"]["steps"][0]["name"] == "受理"
    # expected_datetime: the 派单 clock until 派单, then the 办理 clock
    assert row["expected_datetime"] == clock_for(t, "hotline.dispatch").due_at.astimezone(SH).isoformat()
    assert row["expected_datetime"].endswith("+08:00")
    tr.dispatch(t, hl.dispatcher, at=at(2026, 3, 2, 10))
    row = client.get(f"{V2}/requests/{t.number}.json").json()[0]
    assert "extended_attributes" not in row
    assert row["status_notes"] == "待签收：已派至示例市交通运输局" and row["agency_responsible"] == "示例市交通运输局"
    assert row["expected_datetime"] == "2026-03-23T23:59:59+08:00"
    assert row["expected_datetime"] == clock_for(t, "hotline.handle").due_at.astimezone(SH).isoformat()
    # privacy: nothing of the caller in any GET
    for body in (client.get(f"{V2}/requests/{t.number}.json").content,
                 client.get(f"{V2}/requests.json", {"start_date": "2026-03-01T00:00:00+08:00"}).content,
                 client.get(f"{V2}/requests.xml", {"start_date": "2026-03-01T00:00:00+08:00"}).content):
        text = body.decode()
        assert "13812345678" not in text and "张三" not in text and "zs@example.com" not in text
    tok = client.get(f"{V2}/tokens/{out[0]['token']}.json").json()
    assert tok == [{"service_request_id": t.number, "token": out[0]["token"]}]
    assert client.get(f"{V2}/tokens/{t.number}-0000000000000000.json").status_code == 404
    assert client.get(f"{V2}/requests/209900000001.json").json()[0]["code"] == 404


def test_closed_and_filters(client, hl, key, new_ticket):
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        a = post(client, key, **road(hl))[0]["service_request_id"]
        b = post(client, key, **road(hl, service_code=str(hl.water_cat.pk)))[0]["service_request_id"]
    tb = Ticket.objects.get(number=b)
    tr.answer(tb, hl.agent, reply="已联系供水公司，今晚 8 点前恢复供水。", at=at(2026, 3, 2, 10))
    base = {"start_date": "2026-03-01T00:00:00+08:00", "end_date": "2026-03-31T00:00:00+08:00"}
    rows = client.get(f"{V2}/requests.json", base).json()
    assert {r["service_request_id"] for r in rows} == {a, b}
    closed = client.get(f"{V2}/requests.json", dict(base, status="closed")).json()
    assert [r["service_request_id"] for r in closed] == [b]
    assert closed[0]["status"] == "closed" and closed[0]["status_notes"] == "已办结待回访：已联系供水公司，今晚 8 点前恢复供水。"
    assert [r["service_request_id"] for r in client.get(f"{V2}/requests.json", dict(base, status="open")).json()] == [a]
    assert [r["service_request_id"] for r in client.get(
        f"{V2}/requests.json", dict(base, service_code=str(hl.water_cat.pk))).json()] == [b]
    assert len(client.get(f"{V2}/requests.json", {"service_request_id": f"{a},{b}"}).json()) == 2
    # default window: the last 90 days (March 2026 is long ago now)
    with time_machine.travel(at(2026, 8, 1), tick=False):
        assert client.get(f"{V2}/requests.json").json() == []
    with time_machine.travel(at(2026, 4, 1), tick=False):
        assert len(client.get(f"{V2}/requests.json").json()) == 2
    too_long = client.get(f"{V2}/requests.json", {"start_date": "2026-01-01T00:00:00+08:00",
                                                   "end_date": "2026-05-01T00:00:00+08:00"})
    assert too_long.status_code == 400 and "90 天" in too_long.json()[0]["description"]
    bad = client.get(f"{V2}/requests.json", dict(base, status="pending"))
    assert bad.status_code == 400 and bad.json()[0]["code"] == 400
    assert client.get(f"{V2}/requests.json", {"start_date": "昨天"}).status_code == 400
    # confidential tickets are never shown
    secret = new_ticket(confidential=True)
    assert client.get(f"{V2}/requests/{secret.number}.json").status_code == 404


def test_errors(client, hl, key):
    r = client.post(f"{V2}/requests.json", road(hl, api_key="nope"))
    assert r.status_code == 403 and r.json() == [{"code": 403, "description": "api_key 无效"}]
    assert client.post(f"{V2}/requests.json", road(hl)).status_code == 403  # no key
    for api_client in ApiClient.objects.all():  # as the admin does it (another process sees it within CLIENT_TTL)
        api_client.active = False
        api_client.save()
    r = client.post(f"{V2}/requests.json", road(hl, api_key=key))
    assert r.status_code == 403 and "停用" in r.json()[0]["description"]
    ApiClient.objects.update(active=True)
    clients.clear()
    missing = post(client, key, status=400, **road(hl, lat="", long=""))
    assert missing[0]["code"] == 400 and "缺少位置" in missing[0]["description"]
    unknown = post(client, key, status=400, **road(hl, service_code="424242"))
    assert "服务代码不存在" in unknown[0]["description"]
    several = post(client, key, status=400, **road(hl, description="", phone="12"))
    texts = [e["description"] for e in several]
    assert any("请填写诉求内容" in x for x in texts) and any("联系电话格式不正确" in x for x in texts)
    huge = post(client, key, status=400, **road(hl, description="很" * 20001))
    assert "诉求内容过长" in huge[0]["description"]
    assert post(client, key, status=400, **road(hl, lat="北纬"))[0]["description"].startswith("纬度")
    assert post(client, key, status=400, **road(hl, **{"attribute[urgency]": "火急"}))[0]["description"].startswith("紧急程度")
    assert Ticket.objects.count() == 0


def test_idempotent_post_and_html_as_text(client, hl, key):
    headers = {"Idempotency-Key": "app-req-0001"}
    html = '<script>alert("x")</script><b>井盖</b>'
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        first = post(client, key, headers=headers, **road(hl, description=html))
        again = post(client, key, status=200, headers=headers, **road(hl, description=html))
    assert first[0]["service_request_id"] == again[0]["service_request_id"]
    assert Ticket.objects.count() == 1
    t = Ticket.objects.get()
    assert t.description == html
    r = client.get(f"{V2}/requests/{t.number}.json")
    assert r["Content-Type"].startswith("application/json") and r.json()[0]["description"] == html


def test_apikey_command(hl):
    out, err = io.StringIO(), io.StringIO()
    call_command("hotline_apikey", "create", "网格平台", stdout=out, stderr=err)
    key = out.getvalue().strip()
    client = ApiClient.objects.get(name="网格平台")
    assert len(key) >= 40 and client.key_hash != key and client.key_hint == key[-4:] and "只显示这一次" in err.getvalue()
    listing = io.StringIO()
    call_command("hotline_apikey", "list", stdout=listing)
    assert "网格平台" in listing.getvalue() and key not in listing.getvalue()
    call_command("hotline_apikey", "revoke", "网格平台", stdout=io.StringIO())
    client.refresh_from_db()
    assert not client.active


def test_post_needs_no_csrf_or_login(hl, key):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        r = strict.post(f"{V2}/requests.json", dict(api_key=key, **road(hl)))
        assert r.status_code == 201, r.content.decode()[:300]
        xml = strict.post(f"{V2}/requests.xml", dict(api_key=key, **road(hl)))
    assert xml.status_code == 201 and b"<service_requests>" in xml.content and b"<service_request_id>" in xml.content
    bad = strict.post(f"{V2}/requests.xml", dict(api_key="nope", **road(hl)))
    assert bad.status_code == 403 and b"<errors><error><code>403</code>" in bad.content


def test_list_queries_do_not_grow_with_the_rows(client, hl, new_ticket):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"start_date": "2026-03-01T00:00:00+08:00", "extensions": "true"}

    def count(n):
        while Ticket.objects.count() < n:
            new_ticket()
        with CaptureQueriesContext(connection) as ctx:
            rows = client.get(f"{V2}/requests.json", params).json()
        assert len(rows) == n
        return len(ctx.captured_queries)

    assert count(2) == count(6)
