"""Two writers at once never fork the chain (PostgreSQL: the chain head is row-locked)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from zhongshu import audit
from zhongshu.audit.models import AuditRecord
from zhongshu.core.context import acting_as


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_threads_appending_200_each_make_one_gap_free_chain():
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL：SQLite 只允许一个写入者，没有并发追加可测")
    errors = []
    start = threading.Barrier(2)

    def writer(name):
        try:
            start.wait()
            with acting_as(None, label=name, channel="worker"):
                for i in range(200):
                    audit.record("other", note=f"{name} {i}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(f"写入者{n}",)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert list(AuditRecord.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, 401))
    labels = list(AuditRecord.objects.order_by("seq").values_list("actor_label", flat=True))
    assert labels.count("写入者1") == labels.count("写入者2") == 200
    result = audit.verify()
    assert result.ok and result.count == 400, result.message
