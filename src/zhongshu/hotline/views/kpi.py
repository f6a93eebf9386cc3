"""热线考核 page (/hotline/kpi/): the seven rates per unit for a period, with their definitions,
and the weekly 通报 (/hotline/kpi/bulletin.docx?week=2026-W10). Figures: hotline/kpi.py."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone

from zhongshu.core.errors import UserError

from .. import kpi
from ..permissions import reason_refused
from .common import forbidden

CHART_UNITS = 30


def _links(period: kpi.Period, row: kpi.Row) -> dict:
    """The ticket-list link of every count of a row: ?unit=&from=&to=&kpi=<count> (unit=none for
    the tickets without a unit); kpi.filter_q(<count>, period) is the exact set behind it."""
    base = reverse("hotline:queue")
    unit = row.unit_id if row.unit is not None else "none"
    out = {}
    for name in kpi.COUNTS:
        params = {"from": period.start.isoformat(), "to": period.end.isoformat(), "kpi": name}
        if unit is not None:
            params = {"unit": unit, **params}
        out[name] = f"{base}?{urlencode(params)}"
    return out


def _total_links(period: kpi.Period) -> dict:
    base = reverse("hotline:queue")
    return {name: f"{base}?{urlencode({'from': period.start.isoformat(), 'to': period.end.isoformat(), 'kpi': name})}"
            for name in kpi.COUNTS}


def _cells(period, row, links) -> list[dict]:
    return [{"key": d.key, "rate": row.rate(d.key), "text": kpi.percent(row.rate(d.key)),
             "num": row.counts[d.numerator], "den": row.counts[d.denominator],
             "num_link": links[d.numerator], "den_link": links[d.denominator],
             "num_label": kpi.COUNT_LABELS[d.numerator], "den_label": kpi.COUNT_LABELS[d.denominator]}
            for d in kpi.RATES]


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
    rows = [{"row": r, "name": r.name, "unit_id": r.unit_id, "cells": _cells(period, r, _links(period, r)),
             "received": r.counts["received"], "closed": r.counts["closed"], "links": _links(period, r)}
            for r in rep.rows]
    total_links = _total_links(period)
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
        "rows": rows, "total": rep.total, "total_cells": _cells(period, rep.total, total_links),
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
    response = HttpResponse(bulletin.render(issued),
                            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(bulletin.filename(issued))}"
    return response


urlpatterns = [path("kpi/", kpi_page, name="kpi"),
               path("kpi/bulletin.docx", kpi_bulletin, name="kpi_bulletin")]
