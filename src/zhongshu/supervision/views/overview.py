"""督查概览 for leaders: per unit and per 牵头领导, by state and light, the overdue ranking and
the on-time rate; every number links to the ledger rows behind it (same filter language)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .. import stats
from ..models import Matter


def _year(request, years):
    raw = request.GET.get("year")
    if raw == "all":
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        this_year = timezone.localdate().year  # not the newest: next year's targets imported in December
        return this_year if this_year in years or not years else years[0]


@login_required
def overview(request):
    now = timezone.now()
    years = list(Matter.objects.restrict(request.user).order_by("-year").values_list("year", flat=True).distinct())
    year = _year(request, years)
    units = stats.unit_rows(request.user, year, now)
    leaders = stats.leader_rows(request.user, year, now)
    ranking = stats.overdue_ranking(request.user, year, now)[:10]
    keys = ("total", "assigned", "in_progress", "returned", "review", "done", "red", "yellow", "green", "overdue",
            "done_on_time", "done_late", "accepted", "accepted_late")
    total = stats.totals(units, keys) if units else {k: 0 for k in keys}
    total["on_time_rate"] = stats.rate(total["done_on_time"], total["done"])
    total["accept_rate"] = stats.rate(total["accepted"] - total["accepted_late"], total["accepted"])
    top = units[:15]
    chart_units = {
        "names": [r["unit"].short_name or r["unit"].name for r in top],
        "red": [r["red"] for r in top], "yellow": [r["yellow"] for r in top], "green": [r["green"] for r in top],
        "done": [r["done"] for r in top], "ids": [r["unit"].pk for r in top],
    }
    chart_states = [{"name": label, "value": total[key], "state": key}
                    for key, label in (("assigned", "待签收"), ("in_progress", "办理中"), ("returned", "退回待定"),
                                       ("review", "办结待审"), ("done", "已办结")) if total[key]]
    year_param = f"year={year}" if year else ""
    return render(request, "supervision/overview.html", {
        "now": now, "year": year, "years": years, "units": units, "leaders": leaders, "ranking": ranking,
        "total": total, "definitions": stats.DEFINITIONS, "year_param": year_param,
        "chart_units": chart_units, "chart_states": chart_states,
    })
