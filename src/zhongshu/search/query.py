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

PostgreSQL: the GIN index of the bigram vector finds the candidates, LIKE keeps exact phrase
matches (migration 0002). Other databases: LIKE on each field (the embedded SQLite deployment).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from zhongshu.core.phrases import check_query, highlight, like_pattern, phrases, snippet, tsquery
from zhongshu.org.models import OrgUnit
from zhongshu.org.scope import restrict, sees_all_of, unit_range

from .models import SearchEntry
from .registry import providers

COUNT_CAP = 1000
TEXT_SQL = ("lower(search_searchentry.title || ' ' || search_searchentry.number || ' ' || "
            "search_searchentry.unit_names || ' ' || search_searchentry.body)")


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
    """The entries `user` may see: the same rule as each record's own pages (org.scope)."""
    scoped = restrict(SearchEntry.objects.all(), user)
    if unit_range(user).everything:
        return scoped
    wide = [ContentType.objects.get_for_model(p.model).pk for p in providers() if sees_all_of(user, p.model)]
    if not wide:
        return scoped
    return SearchEntry.objects.filter(Q(content_type_id__in=wide) | Q(pk__in=scoped.values("pk")))


def kinds() -> list[str]:
    return [p.kind for p in providers()]


def text_condition(words: list[str]):
    if connection.vendor == "postgresql":
        likes = " AND ".join([f"{TEXT_SQL} LIKE %s"] * len(words))
        return RawSQL(f"(search_searchentry.search_vec @@ %s::tsquery AND {likes})",
                      [tsquery(words), *(like_pattern(w) for w in words)], output_field=BooleanField())
    cond = Q()
    for w in words:
        cond &= (Q(title__icontains=w) | Q(number__icontains=w) | Q(unit_names__icontains=w)
                 | Q(body__icontains=w))
    return cond


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
    cond = text_condition(words)
    qs = qs.filter(cond) if isinstance(cond, Q) else qs.alias(hit=cond).filter(hit=True)
    result.total = qs.values("pk")[:COUNT_CAP + 1].count()
    for entry in qs.order_by("-day", "-id")[offset:offset + limit]:
        result.rows.append(Hit(entry, highlight(entry.title, words),
                               snippet(f"{entry.number} {entry.unit_names} {entry.body}", words)))
    return result
