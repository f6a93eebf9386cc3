"""Open311 受理队列: intake in batches, for the busy door (ZHONGSHU_OPEN311_QUEUE=1).

GeoReport v2 lets a server answer `POST requests.json` with a `token` instead of the
service_request_id, and the client asks `GET tokens/{token}.json` for the number later. With the
queue on, the POST only checks the request completely (intake.validate: every reason at once,
400 as before — a request the queue accepts is one that files), stores the cleaned fields with
the token (one INSERT) and answers 202. Workers file what is queued in batches
(`zhongshu hotline drain`; the ordinary `zhongshu worker` drains too, once a round):

1. claim up to `batch` queued requests (FOR UPDATE SKIP LOCKED on PostgreSQL: several drainers
   never take the same request);
2. the learned suggestions for all of them in one vectorised call (suggest.suggest_many);
3. the numbers of each year in one UPDATE (core.numbering.next_numbers, after everything that
   needs no lock), the tickets, their 受理 steps, their 派单 clocks (clocks.start_clocks) and the
   audit records (one lock of the chain head) as bulk inserts — the same rows, in the same states, as intake.receive writes for
   one ticket: duplicate signature and place, suggestions, retrieval code, the clock from the
   moment the request came in, the records under the name of the system that sent it;
4. mark the requests filed, with their tickets.
5. after the commit, outside the locks, merge the search index's pending list (PostgreSQL; the
   drain command does it in a thread of its own, SearchMerger, beside its next batch).

A retry with the same Idempotency-Key gets the same token (200), before and after filing; a key
already used for a ticket filed directly links the request to that ticket instead of filing it
twice. When a batch fails (it should not: everything was checked at the door), its requests are
filed one by one and the one that fails is marked 登记失败 with the reason, which
tokens/{token}.json then reports.
"""

from __future__ import annotations

import logging
import secrets
import threading
from datetime import datetime, timedelta
from itertools import groupby

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from zhongshu import clocks
from zhongshu.core import numbering
from zhongshu.core.context import acting_as
from zhongshu.core.errors import UserError

from . import intake, suggest
from .choices import StepKind
from .models import Category, IntakeRequest, IntakeState, Ticket, TicketStep
from .transitions import new_step

log = logging.getLogger(__name__)

BATCH = 500


def enabled() -> bool:
    return bool(getattr(settings, "ZHONGSHU_OPEN311_QUEUE", False))


def new_token() -> str:
    return "q" + secrets.token_urlsafe(18)


def enqueue(data: intake.TicketInput, *, api_client, idempotency_key: str | None = None, actor: str,
            ip: str | None = None, at: datetime | None = None) -> tuple[IntakeRequest, bool]:
    """(the queued request, replayed): a new request checked and stored, or the one already
    stored under the same Idempotency-Key from the same system (replayed = True). Raises
    UserError with every reason when the request is not valid."""
    now = at or timezone.now()
    key = intake.clean_key(idempotency_key)
    fields = intake.validate(data, now)
    category = fields.pop("category")
    fields["category_id"] = category.pk if category is not None else None
    fields["received_at"] = fields["received_at"].isoformat()
    queued = IntakeRequest(token=new_token(), api_client=api_client, idempotency_key=key, fields=fields,
                           actor=actor[:100], ip=ip or None, created_at=now)
    try:
        if connection.in_atomic_block:  # keep the caller's transaction usable after a duplicate key
            with transaction.atomic():
                queued.save(force_insert=True)
        else:  # the Open311 door: one INSERT in autocommit
            queued.save(force_insert=True)
    except IntegrityError:
        if key:
            same = IntakeRequest.objects.filter(api_client=api_client, idempotency_key=key).first()
            if same is not None:
                return same, True
        raise
    return queued, False


def drain(batch: int = BATCH, *, merge=None) -> int:
    """File up to `batch` queued requests; returns how many were taken (filed or failed). `merge`:
    what merges the search index afterwards, called as merge(taken, more_waiting) (default: merge
    now, on this connection; the drain command hands it to a SearchMerger)."""
    with transaction.atomic():
        claimed = list(IntakeRequest.objects.select_for_update(skip_locked=True, of=("self",))
                       .select_related("api_client").filter(state=IntakeState.QUEUED).order_by("id")[:batch])
        if not claimed:
            return 0
        try:
            with transaction.atomic():
                _file(claimed)
        except IntegrityError:  # a key filed directly before (see _file): one by one
            for one in claimed:
                _file_alone(one)
        except Exception:
            log.exception("受理队列：%d 件批量登记失败，逐件重试", len(claimed))
            for one in claimed:
                _file_alone(one)
    if merge is None:
        _merge_search_entries()
    else:
        merge(len(claimed), len(claimed) == batch)
    return len(claimed)


SEARCH_INDEX = "hotline_ticket_search_gin"


MERGE_EVERY = 1500  # tickets filed between two merges of the search index while requests keep waiting


class SearchMerger:
    """`_merge_search_entries` in a thread of its own, on its own connection: the merge runs in a
    second PostgreSQL backend, on the other core, while the drainer claims, classifies and files its
    next batch. `request(taken, more_waiting)` after each batch. While requests keep waiting (a
    burst), the merge waits for MERGE_EVERY filed tickets: at 5 M tickets, merges after every 500
    took 2.1 ms a ticket and one merge of 7,307 took 0.67 ms, so a merge costs about 0.7 s whatever
    its size plus 0.6 ms a ticket, about 1 ms a ticket every 1,500 (an estimate from those two;
    bench/RESULTS.md, hotline_intake). Once the queue is empty it merges at once,
    so the searches, which read the whole pending list, meet a short one. Migration 0007 sets the
    index's gin_pending_list_limit to 16 MB so that the INSERTs of those 1,500 do not merge it
    themselves (inside the filing's locks). Requests made while a merge runs are served by one more
    merge; `close()` merges what is left and ends the thread."""

    def __init__(self, every: int = MERGE_EVERY):
        self.every, self._unmerged = every, 0
        self._wanted, self._stop = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name="hotline-search-merge", daemon=True)
        self._thread.start()

    def request(self, taken: int, more_waiting: bool) -> None:
        self._unmerged += taken
        if self._unmerged and (self._unmerged >= self.every or not more_waiting):
            self._unmerged = 0
            self._wanted.set()

    def close(self) -> None:
        if self._unmerged:
            self._unmerged = 0
            self._wanted.set()
        self._stop.set()
        self._thread.join(timeout=120)

    def _run(self) -> None:
        try:
            while True:
                stopping = self._stop.is_set()
                if self._wanted.wait(0.2):
                    self._wanted.clear()
                    connection.close_if_unusable_or_obsolete()  # a broken connection is opened anew
                    _merge_search_entries()
                elif stopping:
                    return
        finally:
            connection.close()


def _merge_search_entries() -> None:
    """After the commit, outside the locks: move the new tickets' bigrams from the search index's
    pending list into the index (gin_clean_pending_list, what autovacuum does). Otherwise the
    INSERT that overflows the list (gin_pending_list_limit, 4 MB: about every 600 tickets) merges
    it itself, while this batch holds the ticket numbers and the audit chain head, and a second
    drainer waits. Same index, same entries; needs the index's owner (the user that migrated),
    silently left to the INSERTs otherwise."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT gin_clean_pending_list(%s::regclass)", [SEARCH_INDEX])
    except DatabaseError:
        log.debug("受理队列：检索索引待合并列表未能整理", exc_info=True)


def drain_all(batch: int = BATCH, *, stop_requested=None, merge=None) -> int:
    """Drain until the queue is empty (or `stop_requested()` says to stop)."""
    total = 0
    while not (stop_requested and stop_requested()):
        taken = drain(batch, merge=merge)
        total += taken
        if taken < batch:
            break
    return total


def drain_job(now) -> str:
    """The worker's round: file whatever a dedicated drainer has not filed yet, and forget the
    tokens of requests filed more than ZHONGSHU_OPEN311_TOKEN_DAYS ago."""
    if not enabled() and not IntakeRequest.objects.filter(state=IntakeState.QUEUED).exists():
        return ""
    filed = drain_all()
    pruned = prune(now)
    parts = [f"登记 {filed} 件"] if filed else []
    parts += [f"清理 {pruned} 个过期 token"] if pruned else []
    return "，".join(parts)


def token_days() -> int:
    return int(getattr(settings, "ZHONGSHU_OPEN311_TOKEN_DAYS", 30))


def prune(now=None) -> int:
    """Delete the filed and failed requests older than token_days() (a token is temporary: the
    system that sent the request has long had its number). Walks the primary key from the oldest
    row, so the work is proportional to what is deleted; queued requests are never deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=token_days())
    first_kept = IntakeRequest.objects.filter(created_at__gte=cutoff).order_by("id").values_list("id", flat=True).first()
    old = IntakeRequest.objects.exclude(state=IntakeState.QUEUED)
    old = old.filter(id__lt=first_kept) if first_kept is not None else old.filter(created_at__lt=cutoff)
    return old.delete()[0]


def _file_alone(one: IntakeRequest) -> None:
    try:
        with transaction.atomic():
            _file([one], look_for_filed=True)
    except UserError as exc:
        _fail(one, exc.message)
    except Exception:
        log.exception("受理队列：%s 登记失败", one.token)
        _fail(one, "系统错误，登记未完成，请重新提交")


def _fail(one: IntakeRequest, reason: str) -> None:
    one.state, one.error, one.filed_at = IntakeState.FAILED, reason[:500], timezone.now()
    one.save(update_fields=["state", "error", "filed_at"])


def _fields(one: IntakeRequest, categories: dict) -> dict:
    fields = dict(one.fields)
    category_id = fields.pop("category_id", None)
    fields["category"] = categories.get(category_id) if category_id else None
    if category_id and fields["category"] is None:
        raise UserError(f"分类已不存在：{category_id}", code="invalid_ticket")
    fields["received_at"] = parse_datetime(fields["received_at"])
    return fields


def _file(claimed: list[IntakeRequest], *, look_for_filed: bool = False) -> None:
    """File `claimed`. A key already used by a directly filed ticket makes the batch's ticket
    INSERT fail on the unique (api_client, idempotency_key); the requests are then filed one by
    one with `look_for_filed`, which links such a request to that ticket (no lookup of 500 keys
    on every batch for what happens only when the queue is switched on between a request and
    its retry)."""
    now = timezone.now()
    keys = {(r.api_client_id, r.idempotency_key) for r in claimed if r.idempotency_key} if look_for_filed else ()
    filed_before = {}
    if keys:
        for t in Ticket.objects.filter(api_client_id__in={c for c, _ in keys},
                                       idempotency_key__in={k for _, k in keys}).only("id", "api_client_id",
                                                                                       "idempotency_key"):
            filed_before[(t.api_client_id, t.idempotency_key)] = t
    fresh = [r for r in claimed if (r.api_client_id, r.idempotency_key) not in filed_before]
    category_ids = {r.fields.get("category_id") for r in fresh} - {None}
    categories = Category.objects.in_bulk(category_ids) if category_ids else {}
    fields = [_fields(r, categories) for r in fresh]
    hints = suggest.suggest_many([intake.ticket_text(f) for f in fields])
    names = intake.Names()
    tickets = [intake.build(f, h, names, number="", api_client=r.api_client, idempotency_key=r.idempotency_key)
               for r, f, h in zip(fresh, fields, hints, strict=True)]
    # the numbers last: the series' row lock is held from here to the commit
    for t, number in zip(tickets, _numbers(fields), strict=True):
        t.number = number
    if tickets:
        Ticket.objects.bulk_create(tickets)
        TicketStep.objects.bulk_create([new_step(t, StepKind.RECEIVE, None, t.received_at, intake.receive_text(t))
                                        for t in tickets])
        _clocks_and_trail(fresh, tickets)
    for r in claimed:
        r.ticket = filed_before.get((r.api_client_id, r.idempotency_key))
    for r, t in zip(fresh, tickets, strict=True):
        r.ticket = t
    _mark_filed(claimed, now)


def _mark_filed(claimed: list[IntakeRequest], now) -> None:
    """state = filed, filed_at, ticket: one UPDATE … FROM unnest on PostgreSQL (bulk_update's CASE
    per row costs more than the filing itself), bulk_update elsewhere."""
    for r in claimed:
        r.state, r.filed_at = IntakeState.FILED, now
    if connection.vendor != "postgresql":
        IntakeRequest.objects.bulk_update(claimed, ["state", "filed_at", "ticket"])
        return
    table = connection.ops.quote_name(IntakeRequest._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {table} AS r SET state = %s, filed_at = %s, ticket_id = v.ticket"
                    f" FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, ticket) WHERE r.id = v.id",
                    [IntakeState.FILED, now, [r.pk for r in claimed], [r.ticket_id for r in claimed]])


def _numbers(fields: list[dict]) -> list[str]:
    """工单编号 in order of arrival: each year's numbers taken in one statement."""
    years = [timezone.localtime(f["received_at"]).year for f in fields]
    taken = {year: iter(numbering.next_numbers("hotline.ticket", year, years.count(year))) for year in set(years)}
    return [f"{year}{next(taken[year]):08d}" for year in years]


def _clocks_and_trail(requests: list[IntakeRequest], tickets: list[Ticket]) -> None:
    """The audit records and 派单 clocks, under the name of the system each request came from."""
    from zhongshu import audit

    unit, limit = intake.dispatch_unit(), intake.dispatch_limit()
    pairs = sorted(zip(requests, tickets, strict=True), key=lambda p: (p[0].actor, p[0].ip or ""))
    for (actor, ip), group in groupby(pairs, key=lambda p: (p[0].actor, p[0].ip or "")):
        group_tickets = [t for _, t in group]
        with acting_as(None, label=actor, channel="api", ip=ip or None):
            audit.record_many([{"action": "create", "obj": t, "changes": audit.created_changes(t),
                                "obj_repr": str(t)} for t in group_tickets])
            clocks.start_clocks(group_tickets, kind=intake.DISPATCH_KIND, unit=unit,
                                titles=[intake.clock_title(t) for t in group_tickets], limit=limit,
                                started_at=[t.received_at for t in group_tickets], start_reason="受理",
                                tracks_progress=False)


def lookup(token: str) -> IntakeRequest | None:
    if not token or not token.startswith("q") or len(token) > 40:
        return None
    return IntakeRequest.objects.select_related("ticket").filter(token=token).first()
