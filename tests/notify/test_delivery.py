"""deliver_pending against a local robot server: signatures, payloads, retries, timeouts, email."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from datetime import timedelta
from urllib.parse import unquote_plus

from django.core import mail
from django.db import transaction
from django.utils import timezone

from zhongshu import notify
from zhongshu.notify.delivery import backoff, deliver_pending, retry
from zhongshu.notify.models import ChannelKind, Delivery, UnitChannel


def make_robot(unit, url, kind=ChannelKind.DINGTALK, secret=""):
    return UnitChannel.objects.create(unit=unit, kind=kind, name="工作群", webhook_url=url, secret=secret)


def test_dingtalk_signed_markdown(city, make_user, webhook_server, allow_http_webhooks):
    secret = "SEC0123456789abcdef"
    make_robot(city.traffic, webhook_server.url(), secret=secret)
    user = make_user("liaison", city.traffic, full_name="张三")
    notify.send([user], title="催办通知", body="道路维修事项已逾期 2 个工作日", link="/supervision/1/")

    before_ms = int(time.time() * 1000)
    assert deliver_pending() == 1
    after_ms = int(time.time() * 1000)

    [req] = webhook_server.requests
    assert req.path == "/robot/send"
    assert req.query["access_token"] == ["test-token"]
    timestamp = req.query["timestamp"][0]
    assert before_ms <= int(timestamp) <= after_ms
    expected = base64.b64encode(hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest())
    # parse_qs already url-decoded once; the value must equal the base64 signature
    assert req.query["sign"][0] == expected.decode()
    assert req.body["msgtype"] == "markdown"
    assert req.body["markdown"]["title"] == "催办通知"
    text = req.body["markdown"]["text"]
    assert "道路维修事项已逾期 2 个工作日" in text and "张三" in text and "/supervision/1/" in text
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_error) == ("sent", 1, "")
    assert delivery.sent_at is not None


def test_dingtalk_sign_is_urlencoded():
    from zhongshu.notify.channels.dingtalk import sign

    value = sign("secret", 1700000000000)
    raw = base64.b64encode(hmac.new(b"secret", b"1700000000000\nsecret", hashlib.sha256).digest()).decode()
    assert unquote_plus(value) == raw
    assert "+" not in value and "/" not in value and "=" not in value


def test_dingtalk_without_secret_is_not_signed(city, make_user, webhook_server, allow_http_webhooks):
    make_robot(city.traffic, webhook_server.url())
    notify.send([make_user("liaison", city.traffic)], title="提醒", body="")
    deliver_pending()
    [req] = webhook_server.requests
    assert "sign" not in req.query and "timestamp" not in req.query


def test_wecom_payload(city, make_user, webhook_server, allow_http_webhooks):
    make_robot(city.water, webhook_server.url("/cgi-bin/webhook/send", "key=wk-1"), kind=ChannelKind.WECOM)
    notify.send([make_user("liaison", city.water, full_name="王五")], title="交办通知", body="请于 3 个工作日内签收")
    assert deliver_pending() == 1
    [req] = webhook_server.requests
    assert req.path == "/cgi-bin/webhook/send" and req.query == {"key": ["wk-1"]}
    assert set(req.body) == {"msgtype", "markdown"} and req.body["msgtype"] == "markdown"
    assert set(req.body["markdown"]) == {"content"}
    assert "交办通知" in req.body["markdown"]["content"] and "请于 3 个工作日内签收" in req.body["markdown"]["content"]
    assert Delivery.objects.get().state == "sent"


def test_rejected_message_is_retried_with_backoff_then_failed(city, make_user, webhook_server,
                                                               allow_http_webhooks, settings):
    settings.ZHONGSHU_DELIVERY_MAX_ATTEMPTS = 3
    settings.ZHONGSHU_DELIVERY_BACKOFF_SECONDS = 60
    webhook_server.reply = {"errcode": 310000, "errmsg": "sign not match"}
    make_robot(city.traffic, webhook_server.url(), secret="wrong")
    notify.send([make_user("liaison", city.traffic)], title="提醒", body="")
    now = timezone.now()

    assert deliver_pending(now=now) == 1
    d = Delivery.objects.get()
    assert (d.state, d.attempts) == ("pending", 1)
    assert "错误码 310000" in d.last_error and "签名" in d.last_error
    assert d.next_attempt_at == now + timedelta(seconds=60)

    # not due yet: nothing happens
    assert deliver_pending(now=now + timedelta(seconds=59)) == 0
    later = now + timedelta(seconds=60)
    assert deliver_pending(now=later) == 1
    d.refresh_from_db()
    assert (d.state, d.attempts, d.next_attempt_at) == ("pending", 2, later + timedelta(seconds=120))

    last = later + timedelta(seconds=120)
    assert deliver_pending(now=last) == 1
    d.refresh_from_db()
    assert (d.state, d.attempts) == ("failed", 3)
    assert deliver_pending(now=last + timedelta(days=1)) == 0
    assert len(webhook_server.requests) == 3

    # an administrator's retry queues it again and it goes out once the robot is fixed
    webhook_server.reply = {"errcode": 0, "errmsg": "ok"}
    assert retry([d.pk]) == 1
    assert deliver_pending() == 1
    d.refresh_from_db()
    assert (d.state, d.last_error) == ("sent", "")


def test_backoff_doubles():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]


def test_timeout_is_recorded_in_chinese_and_never_blocks_the_action(city, make_user, webhook_server,
                                                                      allow_http_webhooks):
    webhook_server.delay = 2.5  # longer than the 1 s timeout
    make_robot(city.traffic, webhook_server.url())
    user = make_user("liaison", city.traffic)

    started = time.monotonic()
    with transaction.atomic():
        city.traffic.short_name = "交通局"
        city.traffic.save()
        notify.send([user], title="交办通知", body="")
    assert time.monotonic() - started < 0.5  # send() does no network I/O
    city.traffic.refresh_from_db()
    assert city.traffic.short_name == "交通局"  # the causing action committed

    started = time.monotonic()
    assert deliver_pending() == 1
    assert time.monotonic() - started < 2.0
    d = Delivery.objects.get()
    assert d.state == "pending" and d.attempts == 1
    assert d.last_error == "连接钉钉机器人超时（1 秒）"
    city.traffic.refresh_from_db()
    assert city.traffic.short_name == "交通局"


def test_unreachable_robot(city, make_user, allow_http_webhooks):
    make_robot(city.traffic, "http://127.0.0.1:9/robot/send?access_token=x", kind=ChannelKind.WECOM)
    notify.send([make_user("liaison", city.traffic)], title="提醒", body="")
    deliver_pending()
    assert Delivery.objects.get().last_error == "无法连接企业微信机器人：网络不通、地址无法解析或连接被拒绝"


def test_email_through_django_mail(city, make_user, allow_http_webhooks, settings):
    settings.ZHONGSHU_SITE_URL = "https://zs.example.gov.cn"
    user = make_user("liaison", city.traffic, email="zhang@example.gov.cn")
    make_user("liaison", city.traffic)  # no address: no email
    notify.send(user.unit.members.all(), title="交办通知", body="请签收", link="/supervision/7/")
    assert deliver_pending() == 1
    [message] = mail.outbox
    assert message.to == ["zhang@example.gov.cn"]
    assert "交办通知" in message.subject
    assert "请签收" in message.body and "https://zs.example.gov.cn/supervision/7/" in message.body
    assert Delivery.objects.get().state == "sent"


def test_deactivated_channel_fails_without_sending(city, make_user, webhook_server, allow_http_webhooks):
    robot = make_robot(city.traffic, webhook_server.url())
    notify.send([make_user("liaison", city.traffic)], title="提醒", body="")
    robot.is_active = False
    robot.save()
    deliver_pending()
    assert webhook_server.requests == []
    assert Delivery.objects.get().last_error == "该单位渠道已停用"


def test_dead_worker_claim_is_taken_over_after_its_lease(city, make_user, webhook_server, allow_http_webhooks):
    from zhongshu.notify.delivery import claim

    make_robot(city.traffic, webhook_server.url())
    notify.send([make_user("liaison", city.traffic)], title="提醒", body="")
    now = timezone.now()
    _, rows = claim(now, 10)  # a worker claims, then dies before sending
    assert len(rows) == 1
    assert deliver_pending(now=now) == 0  # still leased: nobody else touches it
    d = Delivery.objects.get()
    assert deliver_pending(now=d.lease_until) == 1
    d.refresh_from_db()
    assert (d.state, d.attempts) == ("sent", 2)
    assert len(webhook_server.requests) == 1


def test_deliver_command(city, make_user, allow_http_webhooks):
    from io import StringIO

    import pytest
    from django.core.management import CommandError, call_command

    notify.send([make_user("liaison", city.traffic, email="a@example.cn")], title="提醒", body="")
    out = StringIO()
    call_command("deliver", stdout=out)
    assert out.getvalue().strip() == "本次投递 1 条；待投递 0 条，失败 0 条"
    assert len(mail.outbox) == 1
    with pytest.raises(CommandError, match="时间格式不正确"):
        call_command("deliver", "--now", "明天")


def test_smtp_failures_are_explained_in_chinese(city, make_user, allow_http_webhooks, monkeypatch):
    import smtplib

    from zhongshu.notify.channels import email

    notify.send([make_user("liaison", city.traffic, email="a@example.cn")], title="提醒", body="")
    monkeypatch.setattr(email, "send_mail", lambda *a, **k: (_ for _ in ()).throw(TimeoutError("timed out")))
    deliver_pending()
    d = Delivery.objects.get()
    assert d.state == "pending" and d.last_error == "发送邮件失败：连接邮件服务器超时（10 秒）"
    refused = smtplib.SMTPRecipientsRefused({"a@example.cn": (550, b"no such user")})
    monkeypatch.setattr(email, "send_mail", lambda *a, **k: (_ for _ in ()).throw(refused))
    deliver_pending(now=d.next_attempt_at)
    d.refresh_from_db()
    assert d.last_error == "发送邮件失败：邮件服务器拒绝了收件人地址，请核对该用户的电子邮件"
