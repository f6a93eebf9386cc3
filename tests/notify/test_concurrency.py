"""Two workers running deliver_pending at the same moment never send one delivery twice."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from zhongshu.notify.delivery import deliver_pending
from zhongshu.notify.models import ChannelKind, Delivery, UnitChannel


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_workers_never_send_twice(city, make_user, webhook_server, allow_http_webhooks):
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：SQLite 没有行锁与 SKIP LOCKED，写事务本就串行")
    webhook_server.delay = 0.02  # each send takes a moment, so both workers overlap
    robot = UnitChannel.objects.create(unit=city.traffic, kind=ChannelKind.WECOM, name="工作群",
                                       webhook_url=webhook_server.url("/send", "key=k"))
    from django.utils import timezone

    now = timezone.now()
    Delivery.objects.bulk_create([
        Delivery(channel=ChannelKind.WECOM, unit_channel=robot, target="市交通局 · 工作群", title=f"消息{i}",
                 next_attempt_at=now) for i in range(60)
    ])
    barrier = threading.Barrier(2)
    counts = []

    def worker():
        try:
            barrier.wait()
            total = 0
            while True:  # small batches so the workers interleave many times
                done = deliver_pending(limit=7)
                total += done
                if not done:
                    break
            counts.append(total)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    titles = Counter(r.body["markdown"]["content"].splitlines()[0] for r in webhook_server.requests)
    assert len(titles) == 60
    assert max(titles.values()) == 1, [t for t, n in titles.items() if n > 1]
    assert sum(counts) == 60
    assert all(c > 0 for c in counts), counts  # both workers did part of the work
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}
