"""热线考核 page (/hotline/kpi/): the seven rates per unit for a period, with their definitions,
and the weekly 通报 (/hotline/kpi/bulletin.docx?week=2026-W10). Figures: hotline/kpi.py."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from zhongshu.core.errors import UserError

from .. import kpi
from ..permissions import reason_refused
from .common import forbidden

CHART_UNITS = 30


def _links(base: str, period: kpi.Period, row: kpi.Row | None) -> dict:
    """The ticket-list link of every count of a row: ?unit=&from=&to=&kpi=<count> (unit=none for
    the tickets without a unit, no unit for the totals); kpi.filter_q(<count>, period) is the
    exact set behind each."""
    days = f"from={period.start.isoformat()}&to={period.end.isoformat()}"
    if row is None:
        prefix = f"{base}?{days}"
    else:
        prefix = f"{base}?unit={row.unit_id if row.unit is not None else 'none'}&{days}"
    return {name: f"{prefix}&kpi={name}" for name in kpi.COUNTS}


def _cells(row: kpi.Row, links: dict, name: str = "") -> list[dict]:
    """The seven cells of a row; `html` is the <td> the table shows (built here rather than in the
    template: 7 × units cells; the only text from the database, the unit name, is escaped; the
    rest are numbers, constant labels and links made of numbers and dates)."""
    safe_name = escape(name)
    out = []
    for d in kpi.RATES:
        value = row.rate(d.key)
        num, den = row.counts[d.numerator], row.counts[d.denominator]
        text = kpi.percent(value)
        n_label, d_label = kpi.COUNT_LABELS[d.numerator], kpi.COUNT_LABELS[d.denominator]
        html = (f'<td data-rate="{d.key}"><div>{text}</div><div class="small text-muted">'
                f'<a href="{escape(links[d.numerator])}" aria-label="{safe_name}{n_label} {num}">{num}</a>/'
                f'<a href="{escape(links[d.denominator])}" aria-label="{safe_name}{d_label} {den}">{den}</a></div></td>')
        out.append({"key": d.key, "name": d.name, "rate": value, "text": text, "num": num, "den": den,
                    "num_link": links[d.numerator], "den_link": links[d.denominator],
                    "num_label": n_label, "den_label": d_label, "html": html})
    return out


def kpi_context(user, params, today) -> dict:
    """Everything the page shows (the view renders it; the bench times it)."""
    error = ""
    try:
        period = kpi.parse_period(params.get("period"), params.get("from"), params.get("to"), today)
    except UserError as exc:
        error, period = exc.message, kpi.period_of("this_week", today)
    sort = params.get("sort", "")
    sort = sort if sort in kpi.RATE_BY_KEY else ""
    rep = kpi.report(period, sort=sort)
    base = reverse("hotline:queue")
    rows = []
    for r in rep.rows:
        links = _links(base, period, r)
        cells = _cells(r, links, r.name)
        rows.append({"row": r, "name": r.name, "unit_id": r.unit_id, "cells": cells, "links": links,
                     "received": r.counts["received"], "closed": r.counts["closed"],
                     "cells_html": mark_safe("".join(c["html"] for c in cells))})  # escaped in _cells
    total_links = _links(base, period, None)
    units = [r for r in rep.rows if r.unit is not None][:CHART_UNITS]
    chart = {"names": [r.name for r in units], "ids": [r.unit_id for r in units],
             "on_time": [r.rate("on_time") for r in units], "satisfy": [r.rate("satisfy") for r in units]}
    keep = {"period": period.kind if period.kind != "week" else "custom"}
    if period.kind == "custom":
        keep.update({"from": period.start.isoformat(), "to": period.end.isoformat()})
    sort_links = {d.key: "?" + urlencode({**keep, "sort": d.key}) for d in kpi.RATES}
    iso = (period.start if period.kind in ("this_week", "last_week") else kpi.period_of("last_week", today).start)
    week = f"{iso.isocalendar()[0]}-W{iso.isocalendar()[1]:02d}"
    return {
        "period": period, "error": error, "kinds": kpi.PERIOD_KINDS, "sort": sort, "rates": kpi.RATES,
        "rows": rows, "total": rep.total, "total_cells": _cells(rep.total, total_links, "合计"),
        "total_links": total_links, "definitions": kpi.DEFINITIONS, "source": rep.source, "as_of": rep.as_of,
        "chart": chart, "rate_heads": [(d, sort_links[d.key]) for d in kpi.RATES], "week": week,
        "bulletin_url": reverse("hotline:kpi_bulletin") + f"?week={week}",
    }


@login_required
def kpi_page(request):
    reason = reason_refused(request.user, "kpi")
    if reason:
        return forbidden(request, reason)
    return render(request, "hotline/kpi.html", kpi_context(request.user, request.GET, timezone.localdate()))


@login_required
def kpi_bulletin(request):
    from .. import bulletin

    reason = reason_refused(request.user, "kpi")
    if reason:
        return forbidden(request, reason)
    try:
        period = kpi.parse_week(request.GET.get("week"), timezone.localdate())
    except UserError as exc:
        return render(request, "hotline/kpi_error.html", {"reason": exc.message}, status=400)
    issued = bulletin.issue(period, by=request.user)
    from zhongshu.core.downloads import DOCX, download

    return download(bulletin.render(issued), bulletin.filename(issued), DOCX)


urlpatterns = [path("kpi/", kpi_page, name="kpi"),
               path("kpi/bulletin.docx", kpi_bulletin, name="kpi_bulletin")]
