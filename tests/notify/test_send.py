"""notify.send: who gets a notice, which deliveries are queued, and idempotent sends."""

from __future__ import annotations

from django.db import connection, transaction

from zhongshu import notify
from zhongshu.notify.models import ChannelKind, Delivery, Notice, UnitChannel


def robot(unit, kind=ChannelKind.DINGTALK, url="https://oapi.dingtalk.com/robot/send?access_token=abc", **kw):
    return UnitChannel.objects.create(unit=unit, kind=kind, name=kw.pop("name", "工作群"), webhook_url=url, **kw)


def test_one_notice_per_active_recipient_duplicates_removed(city, make_user):
    a = make_user("liaison", city.traffic, email="a@example.cn")
    b = make_user("unit_leader", city.traffic)
    gone = make_user("liaison", city.water, is_active=False)
    count = notify.send([a, b, a, gone, b], title="催办通知", body="请尽快反馈进展", link="/x/1/", kind="clock.remind")
    assert count == 2
    assert sorted(Notice.objects.values_list("recipient_id", flat=True)) == sorted([a.pk, b.pk])
    notice = Notice.objects.get(recipient=a)
    assert (notice.title, notice.body, notice.link, notice.kind, notice.read_at) == (
        "催办通知", "请尽快反馈进展", "/x/1/", "clock.remind", None)
    # email only for the person with an address
    emails = Delivery.objects.filter(channel=ChannelKind.EMAIL)
    assert [(d.recipient_id, d.target, d.state) for d in emails] == [(a.pk, "a@example.cn", "pending")]


def test_one_robot_message_per_unit_not_per_person(city, make_user):
    traffic_robot = robot(city.traffic)
    robot(city.traffic, name="停用的群", is_active=False)
    water_robot = robot(city.water, kind=ChannelKind.WECOM, url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")
    people = [make_user("liaison", city.traffic, full_name="张三"), make_user("unit_leader", city.traffic, full_name="李四"),
              make_user("liaison", city.water, full_name="王五"), make_user("liaison", city.east)]
    notify.send(people, title="督办通知", body="已逾期")
    robots = Delivery.objects.exclude(channel=ChannelKind.EMAIL).order_by("unit_channel_id")
    assert [(d.unit_channel_id, d.channel) for d in robots] == [(traffic_robot.pk, "dingtalk"), (water_robot.pk, "wecom")]
    assert robots[0].mentions == "张三、李四"


def test_dedupe_key_makes_a_repeated_send_a_no_op(city, make_user):
    robot(city.traffic)
    a = make_user("liaison", city.traffic, email="a@example.cn")
    b = make_user("liaison", city.traffic)
    assert notify.send([a], title="预警", body="", dedupe_key="clock:1:warn") == 1
    assert notify.send([a], title="预警", body="", dedupe_key="clock:1:warn") == 0
    # b is new for this key: gets a notice; a does not get a second one
    assert notify.send([a, b], title="预警", body="", dedupe_key="clock:1:warn") == 1
    assert Notice.objects.filter(recipient=a).count() == 1
    assert Notice.objects.filter(recipient=b).count() == 1
    assert Delivery.objects.filter(channel="email").count() == 1
    # another key is another notice
    assert notify.send([a], title="到期", body="", dedupe_key="clock:1:due") == 1


def test_send_with_source_and_rollback_sends_nothing(city, make_user):
    a = make_user("liaison", city.traffic, email="a@example.cn")
    notify.send([a], title="交办", body="", source=city.traffic)
    notice = Notice.objects.get()
    assert notice.source == city.traffic

    try:
        with transaction.atomic():
            notify.send([a], title="会回滚", body="")
            raise RuntimeError
    except RuntimeError:
        pass
    assert not Notice.objects.filter(title="会回滚").exists()
    assert Delivery.objects.count() == 1


def test_send_to_nobody(city, make_user, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert notify.send([], title="空", body="") == 0


def test_send_is_set_based(city, make_user, django_assert_max_num_queries):
    robot(city.traffic)
    robot(city.water, kind=ChannelKind.WECOM, url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")
    people = [make_user("liaison", unit, email=f"p{i}@example.cn")
              for i, unit in enumerate([city.traffic, city.water, city.east] * 20)]
    # dedupe check, notices, robot channels, deliveries (SQLite splits big inserts in two),
    # content type (cached after first use): a constant, whatever the number of recipients
    with django_assert_max_num_queries(6):
        assert notify.send(people, title="批量", body="", dedupe_key="batch-1", source=city.root) == 60
    assert Delivery.objects.count() == 62


def test_a_single_user_is_accepted(city, make_user):
    assert notify.send(make_user("liaison", city.traffic), title="单人", body="") == 1


def test_long_dedupe_key_and_kind_never_break_the_callers_transaction(city, make_user):
    a = make_user("liaison", city.traffic)
    key = "clock:" + "x" * 400
    assert notify.send([a], title="t", body="", kind="k" * 80, dedupe_key=key) == 1
    assert notify.send([a], title="t", body="", dedupe_key=key) == 0
    assert notify.send([a], title="t", body="", dedupe_key=key + "y") == 1


def test_send_many_in_a_constant_number_of_queries(city, make_user, django_assert_max_num_queries):
    from zhongshu.notify import Message, send_many

    robot(city.traffic)
    liaisons = [make_user("liaison", city.traffic, email=f"l{i}@example.cn") for i in range(5)]
    leader = make_user("unit_leader", city.water)
    messages = [Message([liaisons[i % 5], leader], title=f"催办{i}", body="", kind="clock.remind", source=city.traffic,
                        dedupe_key=f"clock:{i}:remind") for i in range(100)]
    messages.append(Message([liaisons[0]], title="重复", body="", dedupe_key="clock:0:remind"))  # same key, same person
    # dedupe keys, content type, notices, robot channels, deliveries; SQLite splits inserts
    # into chunks of its bound-parameter limit (about 90 notices each), PostgreSQL does not
    with django_assert_max_num_queries(6 if connection.vendor == "postgresql" else 12):
        assert send_many(messages) == 200
    assert Notice.objects.filter(recipient=leader).count() == 100
    assert not Notice.objects.filter(title="重复").exists()
    assert Delivery.objects.filter(channel="email").count() == 100
    robots = Delivery.objects.filter(channel="dingtalk")
    assert robots.count() == 100  # one per message for the one unit with a robot
    assert {d.mentions for d in robots} == {str(u) for u in liaisons}
    # the same batch again: all already sent
    assert send_many(messages) == 0
