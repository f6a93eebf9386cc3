"""发文登记簿: 文号 consecutive per series and year, never given twice, cancellations recorded, typed
numbers checked against the book, the 文秘 alone takes and cancels, concurrency on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
import time_machine
from django.db import connection, connections

from zhongshu.audit.models import AuditRecord
from zhongshu.core.errors import UserError
from zhongshu.documents import numbers
from zhongshu.documents.models import IssuedNumber, NumberSeries

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(db):
    return NumberSeries.objects.create(code="示政办发", name="市政府办公室发文", issuer="示例市人民政府办公室")


@pytest.fixture
def clerk(city, make_user):
    return make_user("doc_clerk", city.office, full_name="周文秘")


def test_numbers_are_consecutive_per_series_and_year(series, clerk):
    letters = NumberSeries.objects.create(code="示政办函", name="市政府办公室函", issuer="示例市人民政府办公室")
    with time_machine.travel("2026-12-31 17:00 +0800", tick=False):
        got = [numbers.take(series, title=f"关于第{i}件事的通知", by=clerk).text for i in range(3)]
        assert got == ["示政办发〔2026〕1号", "示政办发〔2026〕2号", "示政办发〔2026〕3号"]
        assert numbers.take(letters, title="关于商请的函", by=clerk).seq == 1  # its own series
    with time_machine.travel("2027-01-04 09:00 +0800", tick=False):
        assert numbers.take(series, title="新年第一件", by=clerk).text == "示政办发〔2027〕1号"


def test_a_cancelled_number_is_recorded_and_never_given_again(series, clerk):
    first = numbers.take(series, title="关于甲的通知", by=clerk)
    numbers.cancel(first, reason="文件撤回重拟", by=clerk)
    second = numbers.take(series, title="关于甲的通知（重拟）", by=clerk)
    assert second.seq == first.seq + 1
    first.refresh_from_db()
    assert first.state == "cancelled" and first.cancel_reason == "文件撤回重拟" and first.cancelled_by == clerk
    assert [n.seq for n in numbers.book(series, first.year)] == [first.seq, second.seq]
    with pytest.raises(UserError, match="已于"):
        numbers.cancel(first, reason="再来一次", by=clerk)
    with pytest.raises(UserError, match="作废原因"):
        numbers.cancel(second, reason=" ", by=clerk)
    record = AuditRecord.objects.filter(content_type__model="issuednumber", object_id=str(first.pk)).order_by("seq")
    assert [r.action for r in record] == ["create", "update"] and record.last().changes["state"] == ["used", "cancelled"]


def test_a_typed_number_is_checked_against_the_book(series, clerk):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        numbers.take(series, title="关于甲的通知", by=clerk)
        with pytest.raises(UserError) as taken:
            numbers.take(series, title="关于乙的通知", by=clerk, typed="示政办发〔2026〕1号")
        assert "已使用：《关于甲的通知》，周文秘 2026-03-02 09:00 取号" in taken.value.message
        assert "下一个可用文号是 示政办发〔2026〕2号" in taken.value.message and taken.value.status == 409
        with pytest.raises(UserError, match="跳号会留下空号"):
            numbers.take(series, title="关于乙的通知", by=clerk, typed="示政办发〔2026〕5号")
        for typed, says in (("示政办发[2026]2号", "六角括号"), ("示政办发〔2026〕02号", "不编虚位"),
                            ("示政办发〔2026〕第2号", "不加“第”"), ("示政发〔2026〕2号", "机关代字是“示政发”"),
                            ("示政办发〔2025〕2号", "年份是 2025")):
            with pytest.raises(UserError, match=says):
                numbers.take(series, title="关于乙的通知", by=clerk, typed=typed)
        ok = numbers.take(series, title="关于乙的通知", by=clerk, typed="示政办发〔2026〕2号")
        assert ok.seq == 2 and ok.typed
    assert IssuedNumber.objects.count() == 2  # the refusals took nothing


def test_only_the_clerk_takes_and_cancels(series, clerk, city, make_user):
    supervisor = make_user("supervisor", city.office)
    with pytest.raises(UserError, match="只有文秘"):
        numbers.take(series, title="关于甲的通知", by=supervisor)
    issued = numbers.take(series, title="关于甲的通知", by=clerk)
    with pytest.raises(UserError, match="只有文秘"):
        numbers.cancel(issued, reason="x", by=supervisor)
    series.active = False
    series.save()
    with pytest.raises(UserError, match="已停用"):
        numbers.take(series, title="关于乙的通知", by=clerk)
    with pytest.raises(UserError, match="文件标题"):
        numbers.take(NumberSeries.objects.create(code="示政发", name="市政府发文", issuer="示例市人民政府"),
                     title="  ", by=clerk)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_clerks_taking_numbers_at_the_same_moment_never_get_the_same_one(city, make_user):
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：SQLite 的写事务本就串行")
    series = NumberSeries.objects.create(code="示政发", name="市政府发文", issuer="示例市人民政府")
    clerks = [make_user("doc_clerk", city.office, full_name=f"文秘{i}") for i in range(4)]
    barrier = threading.Barrier(4)
    errors = []

    def clerk_takes(user):
        try:
            barrier.wait()
            for i in range(15):
                numbers.take(series, title=f"{user.full_name}的第{i}件", by=user)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk_takes, args=(u,)) for u in clerks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    seqs = sorted(IssuedNumber.objects.filter(series=series).values_list("seq", flat=True))
    assert seqs == list(range(1, 61))  # 60 numbers: no duplicate, no gap


def test_the_book_page_takes_and_cancels_and_shows_refusals(client, series, clerk):
    client.force_login(clerk)
    r = client.post("/documents/numbers/", {"series": series.pk, "title": "关于甲的通知"})
    assert r.status_code == 302
    page = client.get(r.url).content.decode()
    assert "已取号：示政办发〔" in page and "关于甲的通知" in page and "已使用 1 个" in page
    issued = IssuedNumber.objects.get()
    page = client.post("/documents/numbers/", {"series": series.pk, "title": "关于乙的通知",
                                                "typed": issued.text}, follow=True).content.decode()
    assert "已使用：《关于甲的通知》" in page and 'value="关于乙的通知"' in page  # typed kept
    r = client.post("/documents/numbers/", {"cancel": issued.pk, "reason": "文件撤回"}, follow=True)
    page = r.content.decode()
    assert "已作废（文件撤回）" in page and f"<s>{issued.text}</s>" in page and "作废 1 个" in page
    page = client.post("/documents/numbers/", {"cancel": issued.pk, "reason": "再来"}).content.decode()
    assert "已于" in page


def test_who_sees_the_book(client, series, clerk, city, make_user):
    leader = make_user("city_leader", city.root)
    client.force_login(leader)
    page = client.get("/documents/numbers/").content.decode()
    assert "发文登记簿" in page and "取号</button>" not in page
    assert client.post("/documents/numbers/", {"series": series.pk, "title": "x"}).status_code == 403
    client.force_login(make_user("liaison", city.traffic))
    assert client.get("/documents/numbers/").status_code == 403
    assert "发文登记簿" not in client.get("/").content.decode()
