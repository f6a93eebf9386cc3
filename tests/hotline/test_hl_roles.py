"""Pages × roles: who opens which 12345 page, who sees the caller, who gets which buttons, and who
may POST a step (the rest are refused with the Chinese reason, or never see the ticket: 404)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

HOTLINE = ("agent", "dispatcher", "head")
READERS = ("supervisor", "mayor")
TRAFFIC = ("jt_liaison", "jt_leader", "jt_staff")
OTHERS = ("sl_liaison", "dc_staff")
EVERYONE = HOTLINE + READERS + TRAFFIC + OTHERS + ("sysadmin",)


@pytest.fixture
def tickets(hl, new_ticket):
    from zhongshu.hotline import transitions as tr

    now = timezone.now()
    received = new_ticket(title="待派单的工单", when=now)
    dispatched = new_ticket(title="派给交通局的工单", when=now)
    tr.dispatch(dispatched, hl.dispatcher)
    secret = new_ticket(title="保密的工单", confidential=True, caller_name="王五", caller_phone="13700007777", when=now)
    tr.dispatch(secret, hl.dispatcher)
    return received, dispatched, secret


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def expected(name, table, default):
    for roles, code in table:
        if name in roles:
            return code
    return default


@pytest.mark.parametrize("name", EVERYONE)
def test_pages_by_role(client, hl, tickets, name):
    user = getattr(hl, name)
    received, dispatched, _ = tickets
    checks = {
        reverse("hotline:intake"): expected(name, [(HOTLINE, 200)], 403),
        reverse("hotline:queue"): expected(name, [(("sysadmin",), 403)], 200),
        reverse("hotline:catalogue"): expected(name, [(HOTLINE, 200)], 403),
        received.get_absolute_url(): expected(name, [(HOTLINE + READERS, 200)], 404),
        dispatched.get_absolute_url(): expected(name, [(HOTLINE + READERS + TRAFFIC, 200)], 404),
    }
    for url, code in checks.items():
        r = get(client, user, url)
        assert r.status_code == code, (name, url, r.status_code)
        if code == 403:
            assert "zs-forbidden" in r.content.decode()


@pytest.mark.parametrize("name", EVERYONE)
def test_queue_scope_by_role(client, hl, tickets, name):
    received, dispatched, secret = tickets
    r = get(client, getattr(hl, name), reverse("hotline:queue"))
    if name == "sysadmin":
        assert r.status_code == 403
        return
    body = r.content.decode()
    sees = {t.title for t in tickets if t.title in body}
    if name in HOTLINE + READERS:
        assert sees == {received.title, dispatched.title, secret.title}
    elif name in TRAFFIC:
        assert sees == {dispatched.title, secret.title}
    else:
        assert sees == set()
    assert "13812345678" not in body and "13700007777" not in body  # every list masks


@pytest.mark.parametrize("name", HOTLINE + READERS + TRAFFIC)
def test_caller_on_detail_by_role(client, hl, tickets, name):
    _, dispatched, secret = tickets
    body = get(client, getattr(hl, name), dispatched.get_absolute_url()).content.decode()
    full = name in HOTLINE + TRAFFIC
    assert ("13812345678" in body) == full and ("张三" in body) == full
    if not full:
        assert "138****5678" in body
    body = get(client, getattr(hl, name), secret.get_absolute_url()).content.decode()
    if name in HOTLINE:
        assert "13700007777" in body and "王五" in body
    else:
        assert "13700007777" not in body and "王五" not in body and "（保密）" in body


@pytest.mark.parametrize("name", HOTLINE + READERS + TRAFFIC)
def test_buttons_on_a_dispatched_ticket(client, hl, tickets, name):
    _, dispatched, _ = tickets
    body = get(client, getattr(hl, name), dispatched.get_absolute_url()).content.decode()
    offered = {s for s in ("accept", "return", "note", "reply", "dispatch", "suspend", "merge", "answer", "callback",
                           "close") if f'data-step="{s}"' in body}
    want = {
        "jt_liaison": {"accept", "return"}, "jt_leader": {"accept", "return"}, "jt_staff": set(),
        "dispatcher": {"suspend", "merge"}, "head": {"suspend", "merge"}, "agent": set(),
        "supervisor": set(), "mayor": set(),
    }[name]
    assert offered == want, name


@pytest.mark.parametrize("name", EVERYONE)
def test_accept_post_by_role(client, hl, tickets, name):
    _, dispatched, _ = tickets
    client.force_login(getattr(hl, name))
    r = client.post(reverse("hotline:ticket_step", args=[dispatched.pk, "accept"]))
    dispatched.refresh_from_db()
    if name in ("jt_liaison", "jt_leader"):
        assert r.status_code == 302 and dispatched.state == "handling"
    elif name in HOTLINE + READERS + ("jt_staff",):
        assert r.status_code == 400 and "签收未完成：只有" in r.content.decode()
        assert dispatched.state == "dispatched"
    else:
        assert r.status_code == 404 and dispatched.state == "dispatched"


@pytest.mark.parametrize("name", EVERYONE)
def test_dispatch_post_by_role(client, hl, tickets, name):
    received, _, _ = tickets
    client.force_login(getattr(hl, name))
    r = client.post(reverse("hotline:ticket_step", args=[received.pk, "dispatch"]))
    received.refresh_from_db()
    if name in ("dispatcher", "head"):
        assert r.status_code == 302 and received.state == "dispatched"
    elif name in ("agent",) + READERS:
        assert r.status_code == 400 and "只有热线派单员" in r.content.decode() and received.state == "received"
    else:
        assert r.status_code == 404 and received.state == "received"


def test_reply_by_unit_staff_but_not_another_unit(client, hl, tickets):
    from zhongshu.hotline import transitions as tr

    _, dispatched, _ = tickets
    tr.accept(dispatched, hl.jt_liaison)
    url = reverse("hotline:ticket_step", args=[dispatched.pk, "reply"])
    data = {"reply-resolution": "explained", "reply-reply": "已向市民解释"}
    client.force_login(hl.sl_liaison)
    assert client.post(url, data).status_code == 404
    client.force_login(hl.agent)
    r = client.post(url, data)
    assert r.status_code == 400 and "只有" in r.content.decode()
    client.force_login(hl.jt_staff)
    assert client.post(url, data).status_code == 302
    dispatched.refresh_from_db()
    assert dispatched.state == "replied"
