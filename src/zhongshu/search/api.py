"""/api/v1/search/: 全文检索 for other systems, the same query and scope as the page.

    GET /search/?q=积水 整治&kind=批示&unit=12&limit=50&offset=0
        → {"query", "total", "total_label", "items": [{"kind", "title", "number", "units", "day", "url",
           "snippet"}]}   (snippet: plain text around the first hit)
A query that cannot be searched answers 422 with the Chinese reason.
"""

from __future__ import annotations

from datetime import date

from django.utils.html import strip_tags
from ninja import Query, Router, Schema

from zhongshu.core.errors import UserError

from .query import search

router = Router(tags=["全文检索"])


class HitOut(Schema):
    kind: str
    title: str
    number: str
    units: str
    day: date
    url: str
    snippet: str


class SearchOut(Schema):
    query: str
    total: int
    total_label: str
    items: list[HitOut]


@router.get("/", response=SearchOut, summary="全文检索（公文、批示、纪要）")
def search_api(request, q: str = "", kind: str = "", unit: int | None = None,
               limit: int = Query(50, ge=1, le=200), offset: int = Query(0, ge=0, le=10_000)):
    result = search(request.auth, q, kind=kind, unit_id=unit, limit=limit, offset=offset)
    if result.error:
        raise UserError(result.error, code="invalid_query", status=422)
    return {"query": result.query, "total": result.total, "total_label": result.total_label,
            "items": [{"kind": h.entry.kind, "title": h.entry.title, "number": h.entry.number,
                       "units": h.entry.unit_names, "day": h.entry.day, "url": h.entry.url,
                       "snippet": strip_tags(str(h.snippet_html))} for h in result.rows]}
