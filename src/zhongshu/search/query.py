"""Search across the registered records (公文, 批示, 纪要 …) by title, number, unit and full text.

    result = search(user, "积水 整治", kind="批示", unit_id=None, limit=50)
    result.rows        # [Hit(entry, title_html, snippet_html)], newest first (day, then id)
    result.total       # exact up to COUNT_CAP, "1000+" beyond (result.total_label)
    result.error       # the Chinese reason for a query that cannot be searched, else ""

Every phrase of the query (split on whitespace) must occur in the entry's title, number, units or
body (core.phrases). Who sees an entry is the one scoping rule applied to its record: the record's
units (SearchEntry.units, from the model's scope_unit_fields) for unit users, and every entry of a
kind whose model the user's role sees whole (scope_office_roles, e.g. the 文秘 and 收文) — see
`visible`. `unit_id` keeps the entries of that unit and the units below it.

PostgreSQL (migration 0002: a GIN index of each entry's character bigrams). A phrase of two
characters is one bigram, so the index answers it exactly; a longer phrase needs all its bigrams
(the index) and then the LIKE that they are adjacent. The planner cannot estimate "bigrams AND
LIKE" (it guesses a handful of rows) and for a common word picks a full scan and a sort; so the
plan is chosen here, from what the index says, in at most three steps (_pg_search):
1. the index alone, as a bitmap, up to COUNT_CAP + 1 matches (scope applied): for a phrase with at
   most COUNT_CAP matches this is the exact total, and the page is those matches sorted by date;
2. more matches than that (the total shows as "1000+"): walk the WALK newest entries in scope (the
   (day, id) index), keeping the first page of matches — enough for any word that common;
3. a word of middling frequency that the walk cannot fill: the index again, bounded to the last
   90 days, then 365, then everything (a BitmapAnd of the GIN and the day index), newest first.
Each step is the rows and order of the one-query plan; tests/search checks them against it.
Other databases: LIKE on each field (the embedded SQLite deployment).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.safestring import SafeString

from zhongshu.core.phrases import check_query, highlight, occurs_sql, phrases, snippet, tsquery
from zhongshu.org.models import OrgUnit
from zhongshu.org.scope import restrict, sees_all_of, unit_q, unit_range

from .models import SearchEntry
from .registry import providers

COUNT_CAP = 1000
WALK = 3000  # newest entries in scope read by step 2
WINDOWS = (90, 365, None)  # days back of step 3
_NO_SCANS = ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan", "enable_sort")
COLUMNS = ("title", "number", "unit_names", "body")  # the text a phrase is looked for in


@dataclass
class Hit:
    entry: SearchEntry
    title_html: SafeString
    snippet_html: SafeString


@dataclass
class Result:
    query: str = ""
    rows: list[Hit] = field(default_factory=list)
    total: int = 0
    error: str = ""

    @property
    def total_label(self) -> str:
        return f"{COUNT_CAP}+" if self.total > COUNT_CAP else str(self.total)


def visible(user):
    """The entries `user` may see: the same rule as each record's own pages (org.scope) — an entry
    of one of the units in the user's range, or of a kind the user's role sees whole. On PostgreSQL
    the units are matched on the indexed array unit_ids (migration 0003), elsewhere through the
    many-to-many, which is restrict()'s own reading of scope_unit_fields = ("units",)."""
    rng = unit_range(user)
    if rng.everything:
        return SearchEntry.objects.all()
    wide = [ContentType.objects.get_for_model(p.model).pk for p in providers() if sees_all_of(user, p.model)]
    if connection.vendor == "postgresql":
        ids = [] if rng.nothing else list(OrgUnit.objects.filter(unit_q("self", rng)).values_list("pk", flat=True))
        cond = Q(content_type_id__in=wide) if wide else Q(pk__in=[])
        if ids:
            cond |= Q(RawSQL("search_searchentry.unit_ids && %s::int[]", [ids], output_field=BooleanField()))
        return SearchEntry.objects.filter(cond)
    scoped = restrict(SearchEntry.objects.all(), user)
    if not wide:
        return scoped
    return SearchEntry.objects.filter(Q(content_type_id__in=wide) | Q(pk__in=scoped.values("pk")))


def kinds() -> list[str]:
    return [p.kind for p in providers()]


def _pg_condition(words: list[str], table: str = "search_searchentry") -> tuple[str, list]:
    """Bigrams (the index) and, for phrases longer than one bigram, the test that they are adjacent
    (phrases.occurs_sql: the text is lower-cased only for a phrase with cased letters)."""
    columns = [f"{table}.{c}" for c in COLUMNS]
    sql, params = f"{table}.search_vec @@ %s::tsquery", [tsquery(words)]
    for w in words:
        if len(w) > 2:  # a two-character phrase is one bigram: the index alone is exact
            more, more_params = occurs_sql(columns, w)
            sql += f" AND {more}"
            params += more_params
    return sql, params


def text_condition(words: list[str]):
    if connection.vendor == "postgresql":
        sql, params = _pg_condition(words)
        return RawSQL(f"({sql})", params, output_field=BooleanField())
    cond = Q()
    for w in words:
        cond &= (Q(title__icontains=w) | Q(number__icontains=w) | Q(unit_names__icontains=w)
                 | Q(body__icontains=w))
    return cond


def _bitmap(qs, fields, n):
    """The first `n` rows of `qs` through the GIN index as a bitmap (other plans switched off for
    this one statement: the planner's estimate of the text condition is useless)."""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT " + ", ".join(f"set_config('{g}', 'off', true)" for g in _NO_SCANS))
        rows = list(qs.values_list(*fields)[:n])
        cur.execute("SELECT " + ", ".join(f"set_config('{g}', 'on', true)" for g in _NO_SCANS))
    return rows


def _walk(scoped, words, n) -> list[tuple[int, object]] | None:
    """(id, day) of the first `n` matches among the WALK newest entries of `scoped`, newest first;
    None when fewer than `n` are there (the walk cannot fill the page)."""
    inner = scoped.order_by("-day", "-id").annotate(vec=RawSQL("search_searchentry.search_vec", [])).values(
        "id", "day", "title", "number", "unit_names", "body", "vec")[:WALK]
    inner_sql, inner_params = inner.query.sql_with_params()
    cond, params = _pg_condition(words, "w")
    cond = cond.replace("w.search_vec", "w.vec")
    with connection.cursor() as cur:
        cur.execute(f"SELECT w.id, w.day FROM ({inner_sql}) w WHERE {cond} LIMIT %s", [*inner_params, *params, n])
        rows = cur.fetchall()
    return rows if len(rows) >= n else None


def _pg_search(scoped, words, limit, offset) -> tuple[list[int], int]:
    """(ids of the page, total up to COUNT_CAP + 1), by the steps in the module's docstring."""
    matched = scoped.alias(hit=text_condition(words)).filter(hit=True)
    need = offset + limit
    found = _bitmap(matched, ("id", "day"), COUNT_CAP + 1)
    if len(found) <= COUNT_CAP:
        found.sort(key=lambda r: (r[1], r[0]), reverse=True)
        return [r[0] for r in found[offset:need]], len(found)
    rows = _walk(scoped, words, need)
    if rows is None:
        today = timezone.localdate()
        for days in WINDOWS:
            window = matched.filter(day__gte=today - timedelta(days=days)) if days else matched
            rows = _bitmap(window.order_by("-day", "-id"), ("id", "day"), need)
            if len(rows) >= need or days is None:
                break
    rows.sort(key=lambda r: (r[1], r[0]), reverse=True)
    return [r[0] for r in rows[offset:need]], COUNT_CAP + 1


def _snippet_source(entry, words) -> str:
    """The body around the hit (or its start, when the hit is in the title); the 文号 and units when
    the phrase is only there."""
    facts = f"{entry.number} {entry.unit_names}"
    if entry.body and not any(w in entry.body.lower() for w in words) and any(w in facts.lower() for w in words):
        return facts
    return entry.body or entry.title


def search(user, query: str, *, kind: str = "", unit_id: int | None = None, limit: int = 50,
           offset: int = 0) -> Result:
    query = (query or "").strip()
    result = Result(query=query, error=check_query(query))
    if result.error:
        return result
    words = [w for w in phrases(query) if len(w) >= 2] or [query.lower()]
    qs = visible(user)
    if kind:
        qs = qs.filter(kind=kind)
    if unit_id:
        unit = OrgUnit.objects.filter(pk=unit_id).first()
        if unit is None:
            result.error = "所选单位不存在"
            return result
        qs = qs.filter(pk__in=SearchEntry.units.through.objects.filter(
            orgunit__path__startswith=unit.path).values("searchentry_id"))
    if connection.vendor == "postgresql":
        ids, result.total = _pg_search(qs, words, limit, offset)
        entries = SearchEntry.objects.in_bulk(ids)
        page = [entries[i] for i in ids if i in entries]
    else:
        qs = qs.filter(text_condition(words))
        result.total = qs.values("pk")[:COUNT_CAP + 1].count()
        page = list(qs.order_by("-day", "-id")[offset:offset + limit])
    for entry in page:
        result.rows.append(Hit(entry, highlight(entry.title, words), snippet(_snippet_source(entry, words), words)))
    return result
