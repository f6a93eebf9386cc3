"""The hash chain: appends verify; altered, deleted and inserted records are named."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from zhongshu import audit
from zhongshu.audit.chain import compute_hash
from zhongshu.audit.models import AuditRecord, ChainHead


def test_appends_form_one_verified_chain(chain):
    assert [r.seq for r in chain] == list(range(1, 11))
    for before, after in zip(chain, chain[1:], strict=False):
        assert after.prev_hash == before.hash
    head = ChainHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash) == (10, chain[-1].hash)
    result = audit.verify()
    assert result.ok, result.message
    assert result.message == "审计链完整：共 10 条，第 1–10 条"


def test_hash_is_sm3_of_prev_hash_and_canonical_json(chain):
    import hashlib

    from zhongshu.audit.chain import canonical_json

    record = AuditRecord.objects.get(seq=3)
    values = {f: getattr(record, f) for f in ("seq", "at", "actor_label", "ip", "request_id", "channel",
                                              "action", "content_type_id", "object_id", "object_repr",
                                              "changes", "note")}
    expected = hashlib.new("sm3", (record.prev_hash + canonical_json(values)).encode()).hexdigest()
    assert record.hash == expected
    assert '"note":"第3次测试操作"' in canonical_json(values)  # ensure_ascii=False, no spaces


def test_tampered_changes_are_named(chain):
    AuditRecord.objects.filter(seq=4).update(changes={"计数": [3, 99]})
    result = audit.verify()
    assert not result.ok
    assert result.broken_seq == 4
    assert result.message == "第 4 条记录被篡改（哈希不符）"


def test_tampering_with_a_recomputed_hash_is_caught_by_the_next_link(chain):
    record = AuditRecord.objects.get(seq=5)
    values = {f: getattr(record, f) for f in ("seq", "at", "actor_label", "ip", "request_id", "channel",
                                              "action", "content_type_id", "object_id", "object_repr",
                                              "changes", "note")}
    values["note"] = "伪造的说明"
    AuditRecord.objects.filter(seq=5).update(note="伪造的说明", hash=compute_hash(record.prev_hash, values))
    result = audit.verify()
    assert not result.ok and result.broken_seq == 5
    assert "第 5 条记录被篡改" in result.message


def test_tampering_by_raw_sql_is_named(chain):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditrecord SET actor_label = %s WHERE seq = %s", ["别人", 7])
    assert audit.verify().message == "第 7 条记录被篡改（哈希不符）"


def test_deleted_middle_record_is_named_missing(chain):
    AuditRecord.objects.filter(seq=6).delete()
    result = audit.verify()
    assert not result.ok
    assert result.message == "第 6 条记录缺失（已被删除）"


def test_deleted_last_records_are_caught_by_the_head(chain):
    AuditRecord.objects.filter(seq__gte=9).delete()
    result = audit.verify()
    assert not result.ok
    assert result.message == "第 9 条记录缺失（已被删除）"


def test_forged_record_after_the_head_is_detected(chain):
    last = chain[-1]
    values = {"seq": 11, "at": timezone.now(), "actor_label": "伪造者", "ip": None, "request_id": "x",
              "channel": "system", "action": "other", "content_type_id": None, "object_id": "",
              "object_repr": "", "changes": {}, "note": "伪造"}
    AuditRecord.objects.bulk_create([AuditRecord(prev_hash=last.hash, hash=compute_hash(last.hash, values),
                                                 **values)])
    result = audit.verify()
    assert not result.ok
    assert result.message == "第 10 条之后存在插入的记录"


def test_forged_record_replacing_a_deleted_one_is_detected(chain):
    AuditRecord.objects.filter(seq=3).delete()
    prev = chain[1].hash
    values = {"seq": 3, "at": chain[2].at, "actor_label": "伪造者", "ip": None, "request_id": "x",
              "channel": "system", "action": "other", "content_type_id": None, "object_id": "",
              "object_repr": "", "changes": {}, "note": "伪造"}
    AuditRecord.objects.bulk_create([AuditRecord(prev_hash=prev, hash=compute_hash(prev, values), **values)])
    result = audit.verify()
    assert not result.ok and result.broken_seq == 3


def test_records_cannot_be_changed_or_deleted_through_the_model(chain):
    record = chain[0]
    record.note = "改"
    with pytest.raises(RuntimeError):
        record.save()
    with pytest.raises(RuntimeError):
        record.delete()


def test_unknown_action_is_refused(db):
    with pytest.raises(ValueError, match="未知的审计操作"):
        audit.record("launch_rockets")
    assert not AuditRecord.objects.exists()


def test_verify_command_prints_result_and_fails_on_damage(chain, capsys):
    call_command("audit", "verify")
    assert "审计链完整：共 10 条，第 1–10 条" in capsys.readouterr().out
    AuditRecord.objects.filter(seq=2).update(note="改过")
    with pytest.raises(SystemExit) as exc:
        call_command("audit", "verify")
    assert exc.value.code != 0
    assert "第 2 条记录被篡改（哈希不符）" in capsys.readouterr().err


def _backdate(upto: int, days: int) -> None:
    """Rewrite records 1..upto as if written `days` ago, rehashing the chain (test set-up)."""
    old = timezone.now() - timedelta(days=days)
    prev = ChainHead.objects.get().anchor_prev_hash
    for record in AuditRecord.objects.order_by("seq"):
        values = {f: getattr(record, f) for f in ("seq", "at", "actor_label", "ip", "request_id", "channel",
                                                  "action", "content_type_id", "object_id", "object_repr",
                                                  "changes", "note")}
        if record.seq <= upto:
            values["at"] = old
        digest = compute_hash(prev, values)
        AuditRecord.objects.filter(seq=record.seq).update(at=values["at"], prev_hash=prev, hash=digest)
        prev = digest
    ChainHead.objects.update(last_hash=prev)
    assert audit.verify().ok


def test_prune_of_a_wholly_old_chain_keeps_it_verifiable(chain, settings):
    settings.ZHONGSHU_AUDIT_RETENTION_DAYS = 180
    _backdate(upto=10, days=181)
    assert audit.prune().deleted == 10
    assert list(AuditRecord.objects.values_list("seq", "action")) == [(11, "prune")]
    assert audit.verify().message == "审计链完整：共 1 条，第 11–11 条"
    audit.record("other", note="之后")
    assert audit.verify().ok


def test_prune_drops_only_old_records_and_keeps_the_chain_valid(chain, settings):
    settings.ZHONGSHU_AUDIT_RETENTION_DAYS = 200
    _backdate(upto=4, days=250)
    assert audit.verify().ok

    result = audit.prune(batch=3)  # two batches: 1–3, then 4
    assert result.deleted == 4 and "第 1–4 条" in result.message
    assert sorted(AuditRecord.objects.values_list("seq", flat=True)) == list(range(5, 12))  # 11 = the prune record
    assert AuditRecord.objects.get(seq=11).action == "prune"
    check = audit.verify()
    assert check.ok, check.message
    assert check.message == "审计链完整：共 7 条，第 5–11 条"
    # Everything left is younger than the retention: a second prune deletes nothing.
    assert audit.prune().deleted == 0


def test_prune_never_goes_below_180_days(chain, settings):
    settings.ZHONGSHU_AUDIT_RETENTION_DAYS = 1
    assert audit.prune(now=timezone.now() + timedelta(days=100)).deleted == 0
    assert AuditRecord.objects.filter(seq=1).exists()


def test_prune_refuses_a_broken_chain(chain):
    from zhongshu.core.errors import UserError

    AuditRecord.objects.filter(seq=2).update(note="改过")
    with pytest.raises(UserError, match="拒绝清理"):
        audit.prune(now=timezone.now() + timedelta(days=400))
    assert AuditRecord.objects.count() == 10


def test_record_many_5000_rows_is_one_chain(db, django_assert_max_num_queries):
    from zhongshu.audit.trail import BATCH
    from zhongshu.core.context import acting_as

    # One lock (the head is created on first use), one head update, and inserts in as few statements as the database allows
    # (SQLite caps the number of bound parameters per statement).
    fields = [f for f in AuditRecord._meta.concrete_fields]
    per_insert = min(BATCH, connection.ops.bulk_batch_size(fields, [None] * 5000))
    inserts = -(-5000 // per_insert)
    with acting_as(None, label="督办引擎", channel="worker"), django_assert_max_num_queries(inserts + 6):
        n = audit.record_many([{"action": "remind", "note": f"催办 {i}", "obj_repr": f"任务 {i}"}
                               for i in range(5000)])
    assert n == 5000
    assert AuditRecord.objects.count() == 5000
    assert set(AuditRecord.objects.values_list("channel", "actor_label").distinct()) == {("worker", "督办引擎")}
    result = audit.verify(batch=700)
    assert result.ok and result.count == 5000, result.message


def test_deleted_chain_head_is_reported_and_never_silently_rebuilt(chain):
    ChainHead.objects.all().delete()
    result = audit.verify()
    assert not result.ok and "链头记录缺失" in result.message
    audit.record("other", note="之后的操作")
    notes = list(AuditRecord.objects.filter(seq__gt=10).order_by("seq").values_list("note", flat=True))
    assert notes[0].startswith("审计链头记录缺失") and notes[1] == "之后的操作"
    assert audit.verify().ok


def test_show_command_prints_records_in_chinese(city, capsys):
    from zhongshu.core.context import acting_as

    with acting_as(None, label="测试命令", channel="cli"):
        city.water.short_name = "水务局"
        city.water.save()
    call_command("audit", "show", "--last", "1")
    out = capsys.readouterr().out
    assert "测试命令" in out and "修改" in out and "示例市水利局" in out
    assert "简称：市水利局 → 水务局" in out


def test_prune_command_reports_and_records(chain, capsys):
    call_command("audit", "prune")
    assert "没有超过保留期" in capsys.readouterr().out
    assert AuditRecord.objects.count() == 10


def test_one_record_costs_three_queries(chain, city, django_assert_max_num_queries):
    # Hot path (API creation, the sweeper): lock the head, insert, move the head.
    with django_assert_max_num_queries(3):
        audit.record("transition", city.water, changes={"状态": ["待签收", "办理中"]}, note="签收",
                     obj_repr="示例市水利局")
    assert audit.verify().ok
