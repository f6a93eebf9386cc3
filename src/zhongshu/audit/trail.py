"""Writing the audit trail: `record`, `record_many`, `history_for`, `step`, `suppressed`.

Appending (one algorithm for one or many rows):
  1. lock the chain head (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers anyway),
  2. number the new rows last_seq+1, +2, … and stamp them with one `at`, taken under the lock,
  3. hash each row on the previous one (audit.chain), insert them all, and move the head.
Three statements whatever the number of rows (PostgreSQL takes 200 or more rows through
COPY; otherwise multi-row INSERTs of up to 2,000 rows, fewer on SQLite, which caps the
parameters of a statement). The lock is held until the surrounding
transaction ends (in a web request: the end of the request, ATOMIC_REQUESTS), so two
writers can never fork the chain; keep transactions that write records short.

Who and where come from `zhongshu.core.context.current()` (set by the web middleware, the API
token authentication, or `acting_as` in commands and the worker).

Not seen by the automatic signals (audit.signals): `QuerySet.update()`, `bulk_create`,
`bulk_update` and raw SQL. A domain service that uses them must call
`record_many` itself, e.g. the deadline sweeper:

    record_many([{"action": "remind", "obj": task, "note": "催办"} for task in due])
"""

from __future__ import annotations

import contextlib
import json
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from zhongshu.core import context

from .chain import compute_hash, jsonable, normal_ip
from .models import GENESIS_HASH, Action, AuditRecord, ChainHead, Channel

_step: ContextVar[tuple[str, str] | None] = ContextVar("zhongshu_audit_step", default=None)
_suppressed: ContextVar[bool] = ContextVar("zhongshu_audit_suppressed", default=False)

BATCH = 2000


def record(action: str, obj=None, *, changes: dict | None = None, note: str = "", obj_repr: str | None = None,
           actor=None, actor_label: str | None = None, ip: str | None = None) -> AuditRecord:
    """Append one record: `action` (an `Action` value) on `obj` (any model instance or None).

    `changes` is {field_name: [before, after]}; `note` is free Chinese text ("签收").
    `actor`/`actor_label`/`ip` override the current context (login events use them).
    """
    row = _row(action, obj, changes=changes, note=note, obj_repr=obj_repr, ctx=context.current(),
               actor=actor, actor_label=actor_label, ip=ip)
    saved = AuditRecord(**_append([row])[0])
    saved._state.adding = False
    saved._state.db = "default"
    return saved


def record_many(entries: list[dict]) -> int:
    """Append many records under one lock. Each entry is a dict with the keys of `record`
    (`action` required; `obj`, `changes`, `note`, `obj_repr`), or instead of `obj` the pair
    `model` (a model class) and `object_id`, to avoid loading instances. Give `obj_repr` on hot
    paths: otherwise str(obj) is called per row (it may query). Returns the count."""
    ctx = context.current()
    rows = []
    for entry in entries:
        entry = dict(entry)
        action = entry.pop("action")
        obj = entry.pop("obj", None)
        model = entry.pop("model", None)
        object_id = entry.pop("object_id", None)
        row = _row(action, obj, ctx=ctx, **entry)
        if obj is None and model is not None:
            row["content_type_id"] = ContentType.objects.get_for_model(model).id
            row["object_id"] = str(object_id)[:64] if object_id is not None else ""
        rows.append(row)
    if rows:
        _append(rows)
    return len(rows)


def history_for(obj, pk=None):
    """The object's own records, newest first (a queryset). For a deleted record pass its
    model class and former primary key: `history_for(OrgUnit, pk=7)`."""
    ct = ContentType.objects.get_for_model(obj)
    key = obj.pk if pk is None else pk
    return AuditRecord.objects.filter(content_type_id=ct.id, object_id=str(key)).order_by("-seq")


@contextlib.contextmanager
def step(action: str, note: str = ""):
    """Label the automatic records written inside the block, e.g. a status change:

        with audit.step("transition", "签收"):
            task.status = "accepted"; task.save()

    gives one record `transition` with the note 签收 and the status change, instead of `update`.
    Records created or deleted inside the block keep `create`/`delete` and get the note.
    """
    _check_action(action)
    token = _step.set((action, note))
    try:
        yield
    finally:
        _step.reset(token)


@contextlib.contextmanager
def suppressed():
    """No automatic records inside the block (the caller records the work itself)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def current_step() -> tuple[str, str] | None:
    return _step.get()


def is_suppressed() -> bool:
    return _suppressed.get()


# --- internals -------------------------------------------------------------

_ACTIONS = frozenset(Action.values)
_CHANNELS = frozenset(Channel.values)


def _check_action(action: str) -> None:
    if action not in _ACTIONS:
        raise ValueError(f"未知的审计操作：{action}（可用：{', '.join(Action.values)}）")


def safe_repr(obj) -> str:
    try:
        text = str(obj)
    except Exception:  # a broken __str__ must never stop the work being recorded
        text = ""
    return (text or f"{obj._meta.verbose_name} #{obj.pk}")[:200]


def _row(action: str, obj=None, *, ctx, changes=None, note="", obj_repr=None, actor=None,
         actor_label=None, ip=None) -> dict:
    _check_action(action)
    if changes is not None and not isinstance(changes, dict):
        raise TypeError("changes 必须是 {字段: [旧值, 新值]} 形式的字典")
    if actor is not None:
        actor_id, label = actor.pk, context.user_label(actor)
    else:
        actor_id, label = ctx.user_id, ctx.user_label
    row = {
        "actor_id": actor_id,
        "actor_label": (actor_label or label or "")[:150],
        "ip": normal_ip(ip or ctx.ip),
        "request_id": (ctx.request_id or "")[:64],
        "channel": ctx.channel if ctx.channel in _CHANNELS else Channel.SYSTEM,
        "action": action,
        "content_type_id": None,
        "object_id": "",
        "object_repr": (obj_repr or "")[:200],
        "changes": jsonable(changes or {}),
        "note": note or "",
    }
    if obj is not None:
        row["content_type_id"] = ContentType.objects.get_for_model(obj).id
        row["object_id"] = str(obj.pk)[:64] if obj.pk is not None else ""
        if not obj_repr:
            row["object_repr"] = safe_repr(obj)
    return row


REBUILT_NOTE = "审计链头记录缺失，已按最后一条记录重建（链头可能被删除，请核查）"
_HEAD_COLUMNS = "last_seq, last_hash, anchor_seq, anchor_prev_hash"


def lock_head() -> ChainHead:
    """The chain head, locked for this transaction (raw SQL: this is the hot path).

    Created on first use (a new or flushed database). If records exist but the head row is
    gone, the head is rebuilt from the last record and `head.rebuilt` is set, so that the
    next append leaves a record saying so (the rebuild cannot be silent).
    """
    table = connection.ops.quote_name(ChainHead._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_HEAD_COLUMNS} FROM {table} WHERE id = 1{lock}")
        found = cursor.fetchone()
    if found is not None:
        head = ChainHead(pk=1, last_seq=found[0], last_hash=found[1], anchor_seq=found[2],
                         anchor_prev_hash=found[3])
        head.rebuilt = False
        return head
    last = AuditRecord.objects.order_by("-seq").values_list("seq", "hash").first()
    first = AuditRecord.objects.order_by("seq").values_list("seq", "prev_hash").first()
    init = (0, GENESIS_HASH, 1, GENESIS_HASH)
    if last:
        init = (last[0], last[1], first[0], first[1])
    # Two first writers may race here: only the one whose INSERT creates the row may call it
    # a rebuild (the other one waits for it, inserts nothing and just locks the row).
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (id, {_HEAD_COLUMNS}) VALUES (1, %s, %s, %s, %s) "
                       "ON CONFLICT (id) DO NOTHING RETURNING id", list(init))
        created = cursor.fetchone() is not None
    head = ChainHead.objects.select_for_update().get(pk=1)
    head.rebuilt = created and bool(last)
    return head


_COLUMNS = ("seq", "at", "actor_id", "actor_label", "ip", "request_id", "channel", "action", "content_type_id",
            "object_id", "object_repr", "changes", "note", "prev_hash", "hash")
COPY_MIN = 200  # from this many rows on, PostgreSQL gets them through COPY (several times faster)


def _insert(rows: list[dict]) -> None:
    if connection.vendor == "postgresql" and len(rows) >= COPY_MIN:
        table = connection.ops.quote_name(AuditRecord._meta.db_table)
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(tuple(json.dumps(row[c], ensure_ascii=False) if c == "changes" else row[c]
                                     for c in _COLUMNS))
        return
    AuditRecord.objects.bulk_create([AuditRecord(**row) for row in rows], batch_size=BATCH)


def _append(rows: list[dict]) -> list[dict]:
    """Number, hash and insert `rows` under the head lock; returns them with seq/at/hashes set."""
    with transaction.atomic(savepoint=False):
        head = lock_head()
        extra = 1 if head.rebuilt else 0
        if extra:
            rows = [_row(Action.OTHER, ctx=context.ActionContext(channel=Channel.SYSTEM), note=REBUILT_NOTE),
                    *rows]
        seq, prev = head.last_seq, head.last_hash
        now = timezone.now()
        for row in rows:
            seq += 1
            row["seq"] = seq
            row["at"] = now
            row["prev_hash"] = prev
            prev = row["hash"] = compute_hash(prev, row)
        _insert(rows)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {connection.ops.quote_name(ChainHead._meta.db_table)} "
                           "SET last_seq = %s, last_hash = %s WHERE id = 1", [seq, prev])
    return rows[extra:]
