"""Each rung fires exactly once per clock and period: repeated sweeps, killed sweepers,
concurrent sweepers (PostgreSQL), a poison record, and bounded queries."""

from __future__ import annotations

import threading

import pytest
from clocks_time import at
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhongshu.clocks import Limit, sweep
from zhongshu.clocks import hooks as clock_hooks
from zhongshu.clocks.models import Clock, RungFiring
from zhongshu.notify.models import Notice


class Killed(BaseException):
    """Like SIGKILL in the middle of a batch: not an Exception, nothing may catch it."""


def test_second_sweep_at_same_moment_fires_nothing(make_clock, staff):
    for i in range(3):
        make_clock(Limit.workdays(5), title=f"事项{i}")
    assert sweep(now=at(2026, 3, 10, 9)).fired == 9
    notices = Notice.objects.count()
    again = sweep(now=at(2026, 3, 10, 9))
    assert again.fired == 0 and again.examined == 0
    assert RungFiring.objects.count() == 9
    assert Notice.objects.count() == notices


def test_killed_sweeper_leaves_nothing_half_applied(make_clock, staff, monkeypatch):
    clocks = [make_clock(Limit.workdays(5), title=f"事项{i}") for i in range(4)]
    before = {c.pk: c.next_fire_at for c in clocks}

    def die(entries):  # called after firings, notices and clock updates were written
        raise Killed()

    monkeypatch.setattr(clock_hooks, "audit_many", die)
    with pytest.raises(Killed):
        sweep(now=at(2026, 3, 16, 9), batch=2)
    assert not RungFiring.objects.exists()
    assert not Notice.objects.exists()
    assert {c.pk: c.next_fire_at for c in Clock.objects.all()} == before
    assert not Clock.objects.filter(escalated=True).exists()

    monkeypatch.undo()
    r = sweep(now=at(2026, 3, 16, 9), batch=2)
    assert r.examined == 4 and r.counts["escalate"] == 4
    assert RungFiring.objects.count() == 4 * 4  # 预警, 到期, 催办, 督办 each once
    assert sweep(now=at(2026, 3, 16, 9)).fired == 0


def test_one_failing_record_does_not_block_the_others(make_clock, staff):
    from zhongshu.clocks import register_action
    from zhongshu.clocks.hooks import unregister_action

    bad = make_clock(Limit.workdays(5), title="坏记录")
    good = [make_clock(Limit.workdays(5), title=f"好记录{i}") for i in range(3)]

    def handler(clock, **kw):
        if clock.pk == bad.pk:
            raise RuntimeError("文书模板缺失")
        return "已生成"

    register_action("test", "document", handler)
    try:
        r = sweep(now=at(2026, 3, 16, 9))
    finally:
        unregister_action("test", "document")
    assert r.failed == 1
    assert "1 个时限处理失败" in r.summary()
    assert not RungFiring.objects.filter(clock=bad).exists()
    for clock in good:
        assert RungFiring.objects.filter(clock=clock).count() == 4
    # the bad one stays due and is fired once its problem is gone
    assert sweep(now=at(2026, 3, 16, 10)).counts["escalate"] == 1


def _count_queries(make_clock, n, title):
    for i in range(n):
        make_clock(Limit.workdays(5), title=f"{title}{i}")
    with CaptureQueriesContext(connection) as ctx:
        r = sweep(now=at(2026, 3, 16, 9), batch=500)
    assert r.examined == n and r.fired == 4 * n
    queries = [q["sql"] for q in ctx.captured_queries]
    # SQLite splits one bulk INSERT into chunks by its parameter limit: count the other statements
    others = [q for q in queries if not q.startswith("INSERT")]
    return len(others), len(queries) - len(others)


def test_sweep_queries_do_not_grow_per_clock(make_clock, staff):
    # claim, load, recipients, firings, notices (send_many), clock updates, audit: all batched,
    # so 5 and 25 overdue clocks (20 and 100 rungs with their notices) cost the same statements
    small, small_inserts = _count_queries(make_clock, 5, "甲")
    Clock.objects.all().delete()
    large, large_inserts = _count_queries(make_clock, 25, "乙")
    assert large == small, (small, large)
    assert large_inserts <= 3 * small_inserts, (small_inserts, large_inserts)
    assert Notice.objects.filter(kind="clock.remind").count() == 30 * 3  # liaison, leader, clerk


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_sweepers_fire_each_rung_exactly_once(city, make_user):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks (SELECT … FOR UPDATE SKIP LOCKED)")
    from django.contrib.contenttypes.models import ContentType

    from zhongshu.clocks.schedule import next_fire_at

    make_user("liaison", city.traffic)
    make_user("unit_leader", city.traffic)
    ct = ContentType.objects.get_for_model(city.traffic)
    due = at(2026, 3, 9, 23, 59, 59)
    proto = Clock(content_type=ct, object_id=city.traffic.pk, kind="test.task", title="x", unit=city.traffic,
                  started_at=at(2026, 3, 2), limit_kind="workdays", limit_value=5, due_at=due)
    first = next_fire_at(proto, at(2026, 3, 2))
    Clock.objects.bulk_create([
        Clock(content_type=ct, object_id=city.traffic.pk, kind="test.task", title=f"并发事项{i}",
              unit=city.traffic, started_at=at(2026, 3, 2), limit_kind="workdays", limit_value=5, due_at=due,
              next_fire_at=first) for i in range(300)])
    now = at(2026, 3, 16, 9)
    results, errors = [], []

    def run():
        try:
            results.append(sweep(now=now, batch=25))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sum(r.examined for r in results) == 300
    assert all(r.examined > 0 for r in results), "both sweepers should have taken a share"
    assert RungFiring.objects.count() == 300 * 4
    assert sum(r.fired for r in results) == 300 * 4
    assert Notice.objects.filter(kind="clock.escalate").count() == 300 * 2
