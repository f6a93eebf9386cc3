"""系统管理员 pages: robot channels (create, edit, secret handling, test message) and deliveries."""

from __future__ import annotations

import json
import time

import pytest
from django.urls import reverse

from zhongshu import notify
from zhongshu.notify.delivery import deliver_pending
from zhongshu.notify.models import ChannelKind, Delivery, Notice, UnitChannel

SECRET = "SECabcdef0123456789abcdef0123456789"


@pytest.fixture
def sysadmin(city, make_user, client):
    admin = make_user("sysadmin", city.office)
    client.force_login(admin)
    return admin


def channel_data(city, url, **extra):
    data = {"unit": city.traffic.pk, "kind": "dingtalk", "name": "交通局工作群", "webhook_url": url,
            "secret": "", "is_active": "on"}
    data.update(extra)
    return data


@pytest.mark.parametrize("name", ["deliveries", "channels", "channel_new"])
@pytest.mark.parametrize("role", ["liaison", "supervisor", "city_leader", "secadmin", "auditadmin"])
def test_pages_are_forbidden_to_everyone_but_the_sysadmin(client, city, make_user, role, name):
    client.force_login(make_user(role, city.office))
    assert client.get(reverse(f"notify:{name}")).status_code == 403


def test_post_actions_are_forbidden_to_others(client, city, make_user):
    robot = UnitChannel.objects.create(unit=city.traffic, kind="wecom", name="群", webhook_url="https://x.cn/s?key=k")
    client.force_login(make_user("supervision_head", city.office))
    assert client.post(reverse("notify:channel_toggle", args=[robot.pk])).status_code == 403
    assert client.post(reverse("notify:channel_test", args=[robot.pk])).status_code == 403
    assert client.post(reverse("notify:retry_failed")).status_code == 403
    robot.refresh_from_db()
    assert robot.is_active


def test_menu_entries_only_for_sysadmin(city, make_user):
    from zhongshu.notify.nav import items

    assert [label for label, _ in items(make_user("sysadmin", city.office))] == ["通知渠道", "投递记录"]
    assert items(make_user("supervisor", city.office)) == []


def test_create_channel_secret_never_shown_again(client, city, sysadmin):
    url = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef"
    response = client.post(reverse("notify:channel_new"), channel_data(city, url, secret=SECRET))
    assert response.status_code == 302
    robot = UnitChannel.objects.get()
    assert (robot.unit, robot.kind, robot.webhook_url, robot.secret) == (city.traffic, "dingtalk", url, SECRET)

    listing = client.get(reverse("notify:channels")).content.decode()
    edit = client.get(reverse("notify:channel_edit", args=[robot.pk])).content.decode()
    for html in (listing, edit):
        assert SECRET not in html and SECRET[3:12] not in html
    assert "0123456789abcdef" not in listing  # the access token is cut short too
    assert "已隐藏" in edit

    # saving the form with an empty secret keeps it; ticking 清除 removes it
    client.post(reverse("notify:channel_edit", args=[robot.pk]), channel_data(city, url, name="新名称"))
    robot.refresh_from_db()
    assert (robot.name, robot.secret) == ("新名称", SECRET)
    client.post(reverse("notify:channel_edit", args=[robot.pk]), channel_data(city, url, clear_secret="on"))
    robot.refresh_from_db()
    assert robot.secret == ""


def test_channel_audited_without_its_secret(client, city, sysadmin):
    from django.contrib.contenttypes.models import ContentType

    from zhongshu.audit.models import AuditRecord

    client.post(reverse("notify:channel_new"),
                channel_data(city, "https://oapi.dingtalk.com/robot/send?access_token=t", secret=SECRET))
    robot = UnitChannel.objects.get()
    records = AuditRecord.objects.filter(content_type=ContentType.objects.get_for_model(UnitChannel),
                                         object_id=str(robot.pk))
    assert records.exists()
    assert SECRET not in json.dumps([r.changes for r in records], ensure_ascii=False)
    notify.send([sysadmin], title="不审计", body="")
    assert not AuditRecord.objects.filter(content_type=ContentType.objects.get_for_model(Notice)).exists()


@pytest.mark.parametrize(("kind", "url", "error"), [
    ("dingtalk", "http://oapi.dingtalk.com/robot/send?access_token=t", "https://"),
    ("dingtalk", "not a url", "格式不正确"),
    ("dingtalk", "https://oapi.dingtalk.com/robot/send", "access_token"),
    ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send", "key 参数"),
    ("dingtalk", "https://user:pw@oapi.dingtalk.com/robot/send?access_token=t", "用户名或密码"),
])
def test_bad_webhook_url_is_refused_in_chinese(client, city, sysadmin, settings, kind, url, error):
    settings.DEBUG = False
    settings.ZHONGSHU_ALLOW_HTTP_WEBHOOKS = False
    response = client.post(reverse("notify:channel_new"), channel_data(city, url, kind=kind))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not UnitChannel.objects.exists()


def test_any_https_host_is_accepted_and_wecom_takes_no_secret(client, city, sysadmin):
    url = "https://im.gov.example.cn/cgi-bin/webhook/send?key=abc"
    response = client.post(reverse("notify:channel_new"), channel_data(city, url, kind="wecom", secret="SECx"))
    assert "只有钉钉机器人使用加签密钥" in response.content.decode()
    response = client.post(reverse("notify:channel_new"), channel_data(city, url, kind="wecom"))
    assert response.status_code == 302 and UnitChannel.objects.get().webhook_url == url


def test_http_webhook_only_when_allowed(client, city, sysadmin, settings):
    settings.DEBUG = False
    settings.ZHONGSHU_ALLOW_HTTP_WEBHOOKS = True
    response = client.post(reverse("notify:channel_new"),
                           channel_data(city, "http://127.0.0.1:8080/robot/send?access_token=t"))
    assert response.status_code == 302


def test_deactivate_and_reactivate(client, city, sysadmin, make_user):
    robot = UnitChannel.objects.create(unit=city.traffic, kind="wecom", name="群", webhook_url="https://x.cn/s?key=k")
    client.post(reverse("notify:channel_toggle", args=[robot.pk]))
    robot.refresh_from_db()
    assert not robot.is_active
    notify.send([make_user("liaison", city.traffic)], title="t", body="")
    assert not Delivery.objects.filter(unit_channel=robot).exists()  # no robot message from an inactive channel
    client.post(reverse("notify:channel_toggle", args=[robot.pk]))
    robot.refresh_from_db()
    assert robot.is_active


def test_send_test_message_success(client, city, sysadmin, webhook_server, allow_http_webhooks):
    robot = UnitChannel.objects.create(unit=city.traffic, kind="dingtalk", name="群", webhook_url=webhook_server.url(),
                                       secret=SECRET)
    response = client.post(reverse("notify:channel_test", args=[robot.pk]), HTTP_HX_REQUEST="true")
    assert "测试消息已发送" in response.content.decode()
    [req] = webhook_server.requests
    assert req.body["markdown"]["title"] == "中枢测试消息" and "sign" in req.query
    assert not Delivery.objects.exists()  # a test leaves no delivery behind


def test_send_test_message_timeout_does_not_hang_the_page(client, city, sysadmin, webhook_server,
                                                           allow_http_webhooks):
    webhook_server.delay = 3
    robot = UnitChannel.objects.create(unit=city.traffic, kind="wecom", name="群",
                                       webhook_url=webhook_server.url("/send", "key=k"))
    started = time.monotonic()
    response = client.post(reverse("notify:channel_test", args=[robot.pk]), follow=True)
    assert time.monotonic() - started < 2.5
    assert "测试消息发送失败：连接企业微信机器人超时（1 秒）" in response.content.decode()


def test_deliveries_page_lists_failures_and_retries(client, city, sysadmin, make_user, webhook_server,
                                                    allow_http_webhooks):
    allow_http_webhooks.ZHONGSHU_DELIVERY_MAX_ATTEMPTS = 1
    webhook_server.reply = {"errcode": 93000, "errmsg": "invalid webhook url"}
    UnitChannel.objects.create(unit=city.traffic, kind=ChannelKind.WECOM, name="工作群",
                               webhook_url=webhook_server.url("/send", "key=k"))
    notify.send([make_user("liaison", city.traffic)], title="催办通知", body="")
    deliver_pending()
    delivery = Delivery.objects.get()
    assert delivery.state == "failed"

    html = client.get(reverse("notify:deliveries")).content.decode()
    assert "催办通知" in html and "企业微信机器人" in html and "市交通局 · 工作群" in html
    assert "Webhook 地址无效或机器人已被移除" in html and "重试" in html

    response = client.post(reverse("notify:retry", args=[delivery.pk]))
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("pending", 0)
    assert "催办通知" not in client.get(reverse("notify:deliveries") + "?state=failed").content.decode()


def test_deliveries_page_query_count(client, city, sysadmin, make_user, django_assert_max_num_queries):
    UnitChannel.objects.create(unit=city.traffic, kind="wecom", name="群", webhook_url="https://x.cn/s?key=k")
    people = [make_user("liaison", city.traffic, email=f"u{i}@example.cn") for i in range(15)]
    for i in range(3):
        notify.send(people, title=f"消息{i}", body="")
    with django_assert_max_num_queries(15):
        assert client.get(reverse("notify:deliveries")).status_code == 200


def test_switching_a_signed_dingtalk_robot_to_wecom_drops_the_secret(client, city, sysadmin):
    robot = UnitChannel.objects.create(unit=city.traffic, kind="dingtalk", name="群", secret=SECRET,
                                       webhook_url="https://oapi.dingtalk.com/robot/send?access_token=t")
    response = client.post(reverse("notify:channel_edit", args=[robot.pk]),
                           channel_data(city, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", kind="wecom"))
    assert response.status_code == 302
    robot.refresh_from_db()
    assert (robot.kind, robot.secret) == ("wecom", "")
