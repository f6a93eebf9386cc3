"""The ledger (台账) page: filters, sort, saved filters, pages of 50, export of what is shown."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, connection
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.core.errors import UserError
from zhongshu.org.models import OrgUnit
from zhongshu.org.scope import unit_range

from ..choices import Importance, MatterState, Source, TaskState
from ..forms import SavedFilterForm, leaders
from ..ledger import LedgerFilter, page_lights, task_light
from ..models import Matter, SavedFilter, Task
from ..permissions import allowed

PAGE_SIZE = 50


def visible_years(user) -> list[int]:
    """The years of the matters `user` sees, newest first, for the year filter. The years
    there are first (a few rows), then for each whether one visible matter has it, in one
    query (UNION ALL of LIMIT 1) instead of a DISTINCT over every visible matter."""
    years = list(Matter.objects.order_by("-year").values_list("year", flat=True).distinct())
    if not years or unit_range(user).everything:
        return years
    mine = Matter.objects.restrict(user).order_by()
    if not connection.features.supports_slicing_ordering_in_compound:
        return list(mine.order_by("-year").values_list("year", flat=True).distinct())
    firsts = [mine.filter(year=y).values_list("year", flat=True)[:1] for y in years]
    found = set(firsts[0].union(*firsts[1:], all=True)) if len(firsts) > 1 else set(firsts[0])
    return [y for y in years if y in found]


def _filter_or_error(request):
    try:
        return LedgerFilter.from_params(request.GET), None
    except UserError as exc:
        return LedgerFilter(), exc.message


@login_required
def ledger(request):
    now = timezone.now()
    view = "tasks" if request.GET.get("view") == "tasks" else "matters"
    flt, error = _filter_or_error(request)
    if view == "tasks":
        qs = flt.tasks(request.user, now)
    else:
        qs = flt.matters(request.user, now).select_related("leader", "lead_unit").prefetch_related("co_units")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    if view == "tasks":
        # A deferred join: the sort (by 立项号, across tens of thousands of a unit's tasks) is done on
        # narrow rows of ids only, then the page's 50 tasks are read with what the page shows.
        ids = list(page.object_list.values_list("pk", flat=True))
        found = Task.objects.select_related("matter", "matter__leader", "unit", "clock", "accept_clock",
                                            "latest_report").in_bulk(ids)
        page.object_list = [found[pk] for pk in ids]
        rows = [(task, task_light(task, now)) for task in page.object_list]
    else:
        lights = page_lights(list(page), now, with_tasks=False)
        rows = [(m, lights[m.pk]) for m in page]
    params = flt.as_params()
    years = visible_years(request.user)
    context = {
        "view": view, "flt": flt, "error": error, "page": page, "rows": rows, "now": now,
        "offset": (page.number - 1) * PAGE_SIZE,
        "query": params.urlencode(), "saved": SavedFilter.objects.filter(owner=request.user),
        "years": years, "sources": Source.choices, "importances": Importance.choices,
        "states": MatterState.choices if view == "matters" else [(v, lbl) for v, lbl in TaskState.choices
                                                                   if v != TaskState.DRAFT],
        "units": OrgUnit.objects.filter(is_active=True).order_by("path"), "leaders": leaders(),
        "can_register": allowed(request.user, "register"), "can_import": allowed(request.user, "import"),
        "filter_form": SavedFilterForm(),
    }
    return render(request, "supervision/ledger.html", context, status=400 if error else 200)


@login_required
@require_POST
def filter_save(request):
    form = SavedFilterForm(request.POST)
    query = request.POST.get("query", "")[:1000]
    try:
        LedgerFilter.from_params(_parse(query))
    except UserError as exc:
        messages.error(request, exc.message)
        return redirect(f"/supervision/?{query}")
    if not form.is_valid():
        messages.error(request, "请填写筛选名称")
    else:
        try:
            SavedFilter.objects.create(owner=request.user, name=form.cleaned_data["name"].strip(), query=query)
        except IntegrityError:
            messages.error(request, f"已有同名的常用筛选：{form.cleaned_data['name']}")
        else:
            messages.success(request, f"已保存常用筛选：{form.cleaned_data['name']}")
    return redirect(f"/supervision/?{query}")


@login_required
@require_POST
def filter_delete(request, pk: int):
    item = SavedFilter.objects.filter(pk=pk, owner=request.user).first()
    if item is None:
        raise Http404
    item.delete()
    messages.success(request, f"已删除常用筛选：{item.name}")
    return redirect("/supervision/")


def _parse(query: str):
    from django.http import QueryDict

    return QueryDict(query)
