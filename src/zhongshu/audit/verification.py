"""Checking and pruning the chain.

verify(): read the head, then walk the records from the anchor in seq order, in ranges of
`batch` seqs (memory bounded, plain tuples, no model instances). For each row:
  - its seq must be the expected next one, else the expected record is missing (deleted);
  - its prev_hash must equal the previous row's hash (the anchor's prev hash for the first);
  - SM3(prev_hash || canonical JSON) must equal its stored hash, else it was altered.
At the end the last row must be the head's (seq and hash): fewer rows = deleted last records.
Rows below the anchor or beyond the head (re-read at the end, so records appended while
verifying are not blamed) were inserted. The first problem found is named.

prune(): after a full verify, delete the prefix of the chain older than the retention (never
less than 180 days) in batches, each in a short transaction holding the head lock, moving the
anchor to the first kept record so that verify still passes. The pruning is itself recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .chain import HASHED_FIELDS, compute_hash
from .models import AuditRecord, ChainHead

MIN_RETENTION_DAYS = 180
_COLUMNS = (*HASHED_FIELDS, "prev_hash", "hash")


@dataclass
class VerifyResult:
    ok: bool
    count: int
    first: int | None
    last: int | None
    message: str
    broken_seq: int | None = None
    head_hash: str = ""

    def __str__(self) -> str:
        return self.message


def _head() -> ChainHead:
    head = ChainHead.objects.filter(pk=1).first()
    if head is None:  # never written, or flushed: an empty chain
        head = ChainHead(pk=1)
    return head


def verify(batch: int = 5000) -> VerifyResult:
    head = ChainHead.objects.filter(pk=1).first()
    if head is None:
        if AuditRecord.objects.exists():
            first = AuditRecord.objects.order_by("seq").values_list("seq", flat=True).first()
            return VerifyResult(False, 0, None, None, "审计链头记录缺失（已被删除），无法确认最后的记录是否完整",
                                first)
        head = ChainHead(pk=1)
    expected, prev = head.anchor_seq, head.anchor_prev_hash
    count = 0

    def broken(seq, message):
        return VerifyResult(False, count, head.anchor_seq, head.last_seq, message, seq, head.last_hash)

    below = AuditRecord.objects.filter(seq__lt=head.anchor_seq).order_by("seq").values_list("seq", flat=True).first()
    if below is not None:
        return broken(below, f"第 {below} 条记录位于保留起点（第 {head.anchor_seq} 条）之前，属插入的记录")

    # Ranges of `batch` seqs (not LIMIT): seqs are unique, so each range holds at most `batch`
    # rows and its plan is a short primary-key range scan even before the table is analysed.
    low = head.anchor_seq - 1
    while low < head.last_seq:
        high = min(low + batch, head.last_seq)
        rows = AuditRecord.objects.filter(seq__gt=low, seq__lte=high).order_by("seq").values_list(*_COLUMNS)
        for row in rows:
            values = dict(zip(_COLUMNS, row, strict=True))
            seq = values["seq"]
            if seq != expected:
                return broken(expected, f"第 {expected} 条记录缺失（已被删除）")
            if compute_hash(values["prev_hash"], values) != values["hash"]:
                return broken(seq, f"第 {seq} 条记录被篡改（哈希不符）")
            if values["prev_hash"] != prev:
                culprit = seq - 1 if seq > head.anchor_seq else seq
                return broken(culprit, f"第 {culprit} 条记录被篡改（与第 {seq} 条记录的链接不符）")
            prev = values["hash"]
            expected = seq + 1
            count += 1
        low = high

    if expected <= head.last_seq:
        return broken(expected, f"第 {expected} 条记录缺失（已被删除）")
    if count and prev != head.last_hash:
        return broken(head.last_seq, f"第 {head.last_seq} 条记录被篡改（与链头记录的哈希不符）")
    if AuditRecord.objects.filter(seq__gt=head.last_seq).exists():
        fresh = _head()  # appended while we walked?
        if AuditRecord.objects.filter(seq__gt=fresh.last_seq).exists():
            return broken(fresh.last_seq + 1, f"第 {fresh.last_seq} 条之后存在插入的记录")
    if count == 0:
        return VerifyResult(True, 0, None, None, "审计链完整：共 0 条", None, head.last_hash)
    return VerifyResult(True, count, head.anchor_seq, head.last_seq,
                        f"审计链完整：共 {count} 条，第 {head.anchor_seq}–{head.last_seq} 条", None, head.last_hash)


@dataclass
class PruneResult:
    deleted: int
    first: int | None
    last: int | None
    message: str


def retention_days() -> int:
    return max(MIN_RETENTION_DAYS, int(getattr(settings, "ZHONGSHU_AUDIT_RETENTION_DAYS", 365)))


PRUNE_BATCH = 10_000


def prune(now=None, *, check: bool = True, batch: int = PRUNE_BATCH) -> PruneResult:
    """Delete records older than the retention; refuse (UserError) if the chain is broken.

    The full verify runs first without the lock (writers are not held up by it). The prefix
    to delete ends before the first record young enough to keep, so nothing younger than the
    retention is ever deleted even if the clock stepped back. It is deleted in batches, each
    in its own short transaction holding the head lock, moving the anchor to the first kept
    record (its seq and prev hash) so that verify passes after every batch.
    """
    from django.db.models import Min

    from zhongshu.core.errors import UserError

    from . import trail

    days = retention_days()
    cutoff = (now or timezone.now()) - timedelta(days=days)
    if check:
        result = verify()
        if not result.ok:
            raise UserError(f"审计链校验未通过，拒绝清理：{result.message}", code="audit_chain_broken")
    first_young = AuditRecord.objects.filter(at__gte=cutoff).aggregate(m=Min("seq"))["m"]
    deleted, first, last = 0, None, None
    while True:
        with transaction.atomic():
            head = trail.lock_head()
            end = head.last_seq + 1 if first_young is None else first_young  # delete seq < end
            stop = min(end, head.anchor_seq + batch)
            if stop <= head.anchor_seq:
                break
            if stop <= head.last_seq:
                new_prev = AuditRecord.objects.filter(seq=stop).values_list("prev_hash", flat=True).get()
            else:
                new_prev = head.last_hash
            first = head.anchor_seq if first is None else first
            count, _ = AuditRecord.objects.filter(seq__lt=stop).delete()
            deleted += count
            last = stop - 1
            ChainHead.objects.filter(pk=1).update(anchor_seq=stop, anchor_prev_hash=new_prev,
                                                  pruned_at=timezone.now())
    if not deleted:
        return PruneResult(0, None, None, f"没有超过保留期（{days} 天）的审计记录")
    message = (f"已清理超过保留期（{days} 天，{timezone.localtime(cutoff):%Y-%m-%d} 之前）"
               f"的审计记录 {deleted} 条，第 {first}–{last} 条")
    trail.record("prune", note=message)
    return PruneResult(deleted, first, last, message)
