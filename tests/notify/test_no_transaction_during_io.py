"""Network I/O never happens inside a database transaction (no locks held while a robot is slow)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from zhongshu import notify
from zhongshu.notify import channels
from zhongshu.notify.delivery import deliver_pending
from zhongshu.notify.models import Delivery, UnitChannel


@pytest.fixture
def spy(monkeypatch):
    seen = []
    channel = channels.REGISTRY["wecom"]
    monkeypatch.setattr(channel, "send", lambda delivery: seen.append(connection.in_atomic_block))
    return seen


@pytest.mark.django_db(transaction=True)
def test_worker_sends_outside_any_transaction(city, make_user, spy):
    UnitChannel.objects.create(unit=city.traffic, kind="wecom", name="群", webhook_url="https://x.cn/s?key=k")
    notify.send([make_user("liaison", city.traffic)], title="提醒", body="")
    notify.send([make_user("liaison", city.traffic)], title="提醒二", body="")
    assert deliver_pending() == 2
    assert spy == [False, False]
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}


@pytest.mark.django_db(transaction=True)
def test_test_message_page_holds_no_transaction(client, city, make_user, spy):
    robot = UnitChannel.objects.create(unit=city.traffic, kind="wecom", name="群", webhook_url="https://x.cn/s?key=k")
    client.force_login(make_user("sysadmin", city.office))
    response = client.post(reverse("notify:channel_test", args=[robot.pk]), HTTP_HX_REQUEST="true")
    assert "测试消息已发送" in response.content.decode()
    assert spy == [False]
