"""Ticket search (工单检索): a Chinese phrase inside title + description, an exact ticket number,
or (for the hotline office) a caller's phone number; scoped, newest first, with snippets.

    result = search(user, "井盖破损", state="dispatched", limit=50)
    result.rows     # [Hit(ticket, snippet_html, title_html)], newest received first
    result.total    # exact count up to COUNT_CAP; result.total_label is "1000+" beyond
    result.error    # Chinese message for an empty / too long / too short query, else ""

Design. Chinese has no spaces, so words are not tokens; a phrase must match as a substring.

- PostgreSQL: `hotline_ticket.search_vec` is a tsvector of the distinct overlapping character
  bigrams of lower(title || ' ' || description) ("人民路井盖" → 人民 民路 路井 井盖), built by the
  IMMUTABLE SQL function `hotline_bigrams` and kept by a trigger on INSERT and on UPDATE OF title,
  description (migration 0004), under a GIN index. A phrase becomes the query
  '井盖' & '盖破' & '破损' (the GIN index finds the tickets holding every bigram) plus the recheck
  lower(title || ' ' || description) LIKE '%井盖破损%' on those candidates only, so the match is
  exactly "the phrase occurs": "井盖很破损" has 井盖 and 破损 but not 盖破 and the adjacency, and does
  not match. Two characters are one bigram, so the short words people type most (噪音, 停水, 小区)
  use the index too. Lexemes and queries are written in tsvector / tsquery *input* syntax
  (array_to_tsvector, quoted lexemes), never through a text-search parser, so nothing depends on
  the database's locale.
  Measured alternatives: the same bigrams *with positions* and a phrase query ('井盖' <-> '盖破' <->
  '破损', no LIKE) is exact without a recheck but the vector is about three times larger and twice
  as slow to build (0.7 vs 0.4 ms per 330-character text; a first version with substr() per
  character was O(n²), 19 ms); pg_trgm: in this database (C.UTF-8) show_trgm('井盖破损') does give
  trigrams, but under a plain C locale it gives none, and a two-character query ('%小区%') yields
  no trigram at all, so it cannot use the index: the commonest queries would be full scans.
  Limits: bigrams crossing whitespace are not indexed (a query's whitespace separates phrases that
  must all occur: "人民路 井盖" = both; a one-character word in a query with longer ones is
  ignored, a query of one character only is refused: "请至少输入两个连续的字"); only the first
  16,384 characters are indexed.
- SQLite (the small embedded deployment): an external-content FTS5 table with the trigram
  tokenizer, kept by triggers; a phrase of ≥ 3 characters is a MATCH '"phrase"' (substring,
  case-insensitive); a two-character query is a LIKE over title and description (a scan, fine at
  the size of an embedded deployment).
- Any other database: LIKE.

Ranking is recency (received_at desc, id desc). The scope is restrict(user) (org.scope), applied as
one more condition on the matched set. The total is counted up to COUNT_CAP + 1 rows only ("1000+"
on the page): an exact count of a common phrase over millions would be the slowest part of the page.

PostgreSQL plan (_pg_two_phase). The planner estimates a handful of rows for "@@ AND LIKE" (it
multiplies the two selectivities and has no statistics on the LIKE expression), so a single
ORDER BY … LIMIT 50 query was planned badly both ways: a seq scan + sort for a common word (p95
1.2 s at 200 k tickets), and for a rare phrase made of common bigrams a walk of the received_at index
that can read the whole table. The estimate is no longer asked: phase 1 walks the newest WALK (5,000)
scoped tickets newest first (the received_at index; for a unit user the (unit_id, received_at) index
of migration 0004, the scope's units repeated as unit_id = … by _walk_scope), the phrase test (_likes) on each and the
TOASTed vector only on its hits, stopping at COUNT_CAP + 1 hits; the first 50 hits are the page
(every scoped ticket newer than a window row is in the window), more than COUNT_CAP hits is "1000+".
From the window's hit rate, a second walk of at most COUNT_WALK (20,000) older tickets finishes a page
or a "1000+" count when it is expected to; otherwise phase 2 asks the GIN index as a bitmap, with
seq / plain index scans and nested loops switched off for that one statement (SET LOCAL, restored):
the page and capped count of a rare phrase, or the capped count (LIMIT 1,001, no ORDER BY) of a page
the walk already has. The rows, their order and the total are exactly those of the one-query plan
(_plain): tests/hotline/test_search_two_phase.py checks them against a brute force in Python, and
`bench hotline_search --verify` against _plain at 5 M (120 searches, all identical). A walk reads a
ticket in about 4 µs (strpos on the columns, see _likes), the GIN bitmap of a bigram held by 10 % of
5 M tickets costs 85–105 ms before its first row: so a count walk of up to 20,000 tickets (≈ 80 ms)
is cheaper than the bitmap for every word common enough to be expected to settle within it.
Measured at 5,000,000 tickets (bench/RESULTS.md, 60 queries, 2-core machine otherwise idle, four
runs): p95 94–122 ms for the office user and 108–136 ms for the busiest unit's liaison (target
200 ms); the slowest (116–160 ms) are common words that still need the bitmap count, and phrases of middling
frequency (0.1–0.5 %) that neither walk fills and the bitmap reads in full. Digit queries keep the one-query
plan (the number / phone is one more, exact, condition). Figures: bench/hotline_search.py.

A query of digits is also looked up as a ticket number (exact, scoped) and, for the hotline office
only (HOTLINE_ROLES: the roles that see callers), as a caller's phone number (exact). Snippets are
built from the raw text: the text around the first occurrence is cut, every piece is HTML-escaped,
and only the matched pieces are wrapped in <mark> — the markup is ours, the text is never trusted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from zhongshu.core.phrases import DIGITS as _DIGITS
from zhongshu.core.phrases import (  # noqa: F401 (also this module's API)
    MAX_QUERY,  # noqa: F401 (the page reads it from here)
    check_query,
    highlight,
    occurs_sql,
    phrases,
    snippet,
    tsquery,
)
from zhongshu.org.roles import HOTLINE_ROLES

from .models import Ticket

COUNT_CAP = 1000


@dataclass
class Hit:
    ticket: Ticket
    title_html: SafeString
    snippet_html: SafeString


@dataclass
class Result:
    query: str = ""
    rows: list[Hit] = field(default_factory=list)
    total: int = 0
    error: str = ""

    @property
    def capped(self) -> bool:
        return self.total > COUNT_CAP

    @property
    def total_label(self) -> str:
        return f"{COUNT_CAP}+" if self.capped else str(self.total)


COLUMNS = ["hotline_ticket.title", "hotline_ticket.description"]


def _likes(words: list[str]) -> tuple[str, list]:
    """PostgreSQL: "every phrase occurs in title + description", as (sql, params) (phrases.occurs_sql)."""
    pieces = [occurs_sql(COLUMNS, w) for w in words]
    return " AND ".join(sql for sql, _ in pieces), [p for _, params in pieces for p in params]


def text_condition(words: list[str]) -> Q | RawSQL:
    """The condition "every phrase occurs in title or description", for this database."""
    vendor = connection.vendor
    if vendor == "postgresql":
        # the GIN index finds the tickets holding every bigram; the phrase test keeps those where they are adjacent
        likes, params = _likes(words)
        return RawSQL(f"(hotline_ticket.search_vec @@ %s::tsquery AND {likes})", [tsquery(words), *params],
                      output_field=BooleanField())
    if vendor == "sqlite" and all(len(w) >= 3 for w in words):
        match = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
        return RawSQL("hotline_ticket.id IN (SELECT rowid FROM hotline_ticket_fts WHERE hotline_ticket_fts MATCH %s)",
                      [match], output_field=BooleanField())
    cond = Q()
    for w in words:
        cond &= Q(title__icontains=w) | Q(description__icontains=w)
    return cond


def _cond(c) -> Q:
    return c if isinstance(c, Q) else Q(c)


def search(user, query: str, *, state: str | None = None, unit_id: int | None = None,
           limit: int = 50) -> Result:
    """Tickets `user` may see whose title + description contain every phrase of `query` (or whose
    number, or for the hotline office caller phone, is the query), newest first."""
    query = (query or "").strip()
    result = Result(query=query, error=check_query(query))
    if result.error:
        return result
    words = [w for w in phrases(query) if len(w) >= 2]
    visible = Ticket.objects.restrict(user)
    if state:
        visible = visible.filter(state=state)
    if unit_id:
        visible = visible.filter(unit_id=unit_id)
    if connection.vendor == "postgresql" and words and not _DIGITS.match(query) and limit > 0:
        ids, result.total = _pg_two_phase(user, visible, words, limit)
    else:
        ids, result.total = _plain(user, visible, query, words, limit)
    tickets = Ticket.objects.select_related("unit").in_bulk(ids)
    for pk in ids:
        t = tickets[pk]
        result.rows.append(Hit(t, highlight(t.title, words), snippet(t.description, words)))
    return result


def _plain(user, visible, query: str, words: list[str], limit: int) -> tuple[list[int], int]:
    """One query for the page, one capped count: SQLite, other databases, and digit queries (a ticket
    number or phone is one more, exact, condition besides the text)."""
    cond = _cond(text_condition(words)) if words else Q(pk__in=[])
    exact_ids: list[int] = []
    if _DIGITS.match(query):
        exact = Q(number=query)
        if user.role_set & HOTLINE_ROLES:
            exact |= Q(caller_phone=query)
        exact_ids = list(visible.filter(exact).order_by("-received_at", "-id").values_list("id", flat=True)[:limit])
        cond |= exact
    matched = visible.filter(cond)
    ids = exact_ids + [i for i in matched.order_by("-received_at", "-id").values_list("id", flat=True)[:limit]
                       if i not in exact_ids]
    ids = ids[:limit]
    total = len(ids) if len(ids) < limit else matched.values("id")[:COUNT_CAP + 1].count()
    return ids, total


# --- PostgreSQL: recency walk, then GIN bitmap ------------------------------------------------------------
WALK = 5000  # newest scoped tickets the recency walk reads before it gives up on filling the page
COUNT_WALK = 20000  # further tickets a walk may read to finish the page or settle a count of "1000+"


def _pg_two_phase(user, visible, words: list[str], limit: int) -> tuple[list[int], int]:
    """Same ids and total as _plain, in two or three statements whose plans do not depend on the
    planner's estimate of "@@ AND LIKE" (which is off by orders of magnitude, see the module
    docstring).

    Phase 1, the recency walk: the newest WALK scoped tickets in (received_at desc, id desc) order,
    the text condition evaluated on each (LIKE first, the bigram vector only for LIKE hits), stopping
    after COUNT_CAP + 1 hits. Every hit lies inside the window and every scoped ticket newer than a
    window row is in the window, so the first `limit` hits are the page. A full window with more than
    COUNT_CAP hits is "1000+"; a window that was not full held every scoped ticket, so its hits are the
    exact answer. When the page is full but the count is not settled, the count goes on by walking
    the next COUNT_WALK tickets if the window's hit rate says that reaches COUNT_CAP + 1 hits (a
    common word), else by the GIN bitmap. Phase 2, the GIN bitmap (sequential and plain index scans
    switched off for the statement): the page and the capped count of a phrase too rare to fill the
    page in the window."""
    if visible.query.is_empty():  # a user who sees nothing
        return [], 0
    enough = max(limit, COUNT_CAP + 1)
    scoped = _walk_scope(user, visible)  # one unit lookup for every walk of this search
    hits, last, seen = _walk(scoped, words, enough, WALK)
    if 0 < len(hits) < limit and last is not None and _within(limit - len(hits), seen, len(hits), 1.0):
        # a phrase of middling frequency: the rest of the page is expected within COUNT_WALK more tickets
        more, last, seen_more = _walk(scoped, words, limit - len(hits), COUNT_WALK, after=last)
        hits, seen = hits + more, seen + seen_more
    if len(hits) > COUNT_CAP:
        return hits[:limit], COUNT_CAP + 1
    if last is None:  # every scoped ticket was read
        return hits[:limit], len(hits)
    matched = visible.filter(_cond(text_condition(words))).order_by()
    if len(hits) >= limit:
        missing = COUNT_CAP + 1 - len(hits)
        if _within(missing, seen, len(hits)):
            more, last, _ = _walk(scoped, words, missing, COUNT_WALK, after=last)
            if len(more) >= missing or last is None:
                return hits[:limit], min(COUNT_CAP + 1, len(hits) + len(more))
        sql, params = matched.values("id").query.sql_with_params()
        rows = _bitmap(f"SELECT count(*) FROM ({sql} LIMIT {COUNT_CAP + 1}) c", params)
        return hits[:limit], rows[0][0]
    sql, params = matched.values("id", "received_at").query.sql_with_params()
    rows = _bitmap(f"""WITH m AS MATERIALIZED ({sql})
        SELECT m.id, (SELECT count(*) FROM (SELECT 1 FROM m LIMIT {COUNT_CAP + 1}) c) FROM m
        ORDER BY m.received_at DESC, m.id DESC LIMIT {int(limit)}""", params)
    return [r[0] for r in rows], (rows[0][1] if rows else 0)


def _within(missing: int, seen: int, hits: int, share: float = 0.8) -> bool:
    """At the hit rate hits / seen, are `missing` more hits expected within `share` of COUNT_WALK
    tickets? (The rest of a page: all of it, the walk then saves a bitmap over every match; the rest
    of a count: 80 %, a walk that falls short is followed by the bitmap count anyway.)"""
    return missing * seen <= share * COUNT_WALK * hits


def _walk_scope(user, visible):
    """`visible` with its unit condition repeated as unit_id = … (the same rows): so the walk of a
    unit user reads the (unit_id, received_at) index of migration 0004 instead of the whole
    received_at index, whatever the planner makes of the scope's subquery."""
    from zhongshu.org.models import OrgUnit
    from zhongshu.org.scope import sees_all_of, unit_q, unit_range

    rng = unit_range(user)
    if rng.everything or rng.nothing or sees_all_of(user, Ticket):
        return visible
    units = list(OrgUnit.objects.filter(unit_q("self", rng)).values_list("pk", flat=True)[:50])
    if len(units) == 1:
        return visible.filter(unit_id=units[0])
    return visible.filter(unit_id__in=units) if units and len(units) < 50 else visible


def _walk(scoped, words: list[str], enough: int, window: int, after=None):
    """Walk the newest `window` tickets of `scoped` (_walk_scope of the visible ones) (older than `after`, a (received_at, id), when given),
    newest first, until `enough` hits: (the hit ids — all those among the tickets read, so at most
    enough + 1 —; (received_at, id) of the last ticket read, or None when the scope ended before the
    window did (every older scoped ticket was read); how many tickets were read)."""
    # CASE fixes the order: the cheap phrase test on every row, the (TOASTed) vector only on its hits;
    # the value is that of "@@ AND phrase test", the condition of text_condition()
    likes, params = _likes(words)
    hit = RawSQL(f"CASE WHEN {likes} THEN hotline_ticket.search_vec @@ %s::tsquery ELSE false END",
                 [*params, tsquery(words)], output_field=BooleanField())
    if after is not None:
        scoped = scoped.filter(Q(received_at__lte=after[0]),
                               RawSQL("(hotline_ticket.received_at, hotline_ticket.id) < (%s, %s)", list(after),
                                      output_field=BooleanField()))
    rows_q = (scoped.annotate(hit=hit).order_by("-received_at", "-id")
              .values_list("id", "received_at", "hit")[:window])
    sql, params = rows_q.query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute(f"""SELECT w.id, w.hit, w.n, w.received_at FROM (
                          SELECT v.*, row_number() OVER (ORDER BY v.received_at DESC, v.id DESC) AS n
                          FROM ({sql}) v) w
                        WHERE w.hit OR w.n = {int(window)}
                        ORDER BY w.received_at DESC, w.id DESC LIMIT {int(enough) + 1}""", params)
        rows = cur.fetchall()
    ids = [r[0] for r in rows if r[1]]
    if len(rows) == enough + 1 or (rows and rows[-1][2] == window):  # stopped early, or the window is full
        return ids, (rows[-1][3], rows[-1][0]), rows[-1][2]
    return ids, None, window


# with nested loops off the scope's unit subquery becomes a hash semi-join over the GIN bitmap's rows;
# as a nested loop it gave the planner a unit_id parameter, and it ANDed a bitmap of the busy unit's
# 800,000 rows (145 ms at 5 M) to the GIN bitmap
_NO_SCANS = ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan", "enable_nestloop",
             "max_parallel_workers_per_gather")
BITMAP_WORK_MEM = "64MB"  # keeps the bitmap of a common bigram exact (lossy pages recheck every row's vector)


def _bitmap(sql: str, params) -> list[tuple]:
    """Run `sql` with sequential and plain index scans, nested loops and parallel workers off and
    work_mem BITMAP_WORK_MEM (SET LOCAL, restored after): the text condition then goes through the
    GIN index as a bitmap, whatever the row estimate."""
    with transaction.atomic(), connection.cursor() as cur:
        names = (*_NO_SCANS, "work_mem")
        cur.execute("SELECT " + ", ".join(f"current_setting('{g}')" for g in names))
        before = cur.fetchone()
        cur.execute("SELECT " + ", ".join(f"set_config('{g}', '{'0' if g.startswith('max') else 'off'}', true)"
                                          for g in _NO_SCANS)
                    + ", set_config('work_mem', %s, true)", [BITMAP_WORK_MEM])
        cur.execute(sql, params)
        rows = cur.fetchall()
        cur.execute("SELECT " + ", ".join(f"set_config('{g}', %s, true)" for g in names), list(before))
    return rows


