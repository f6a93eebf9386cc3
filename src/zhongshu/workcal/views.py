"""Calendar administration (系统管理员 only) and the working-day calculator (everyone signed in).

Pages: year list, a year as a month grid, edit one day, create/seed a year, import a file
(refusals list every bad line), export. Every write goes through services (one transaction,
audited, cache dropped on commit).
"""

from __future__ import annotations

import functools
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.core.errors import UserError
from zhongshu.org.roles import Role

from . import services
from .calc import fallback_note, get_calendar
from .forms import CalculatorForm, DayForm, ImportForm, YearForm
from .models import CalendarDay, CalendarYear, DayKind
from .parsing import MAX_YEAR, MIN_YEAR, parse_day
from .summary import holiday_groups, month_grid, year_counts
from .textformat import decode, format_arrangement


def sysadmin_only(view):
    """Signed in and 系统管理员; anyone else gets a Chinese 403 page."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_role(Role.SYSADMIN):
            return render(request, "workcal/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404("年份超出范围")
    return year


@sysadmin_only
def year_list(request):
    counts: dict[int, dict[str, int]] = {}
    rows = (CalendarDay.objects.annotate(y=ExtractYear("date")).values("y", "kind")
            .annotate(n=Count("id")).order_by())
    for row in rows:
        counts.setdefault(row["y"], {})[row["kind"]] = row["n"]
    years = []
    arranged = {y.year: y for y in CalendarYear.objects.all()}
    this_year = timezone.localdate().year
    for year in sorted(set(arranged) | {this_year, this_year + 1}, reverse=True):
        record = arranged.get(year)
        c = counts.get(year, {})
        years.append({"year": year, "record": record, "off": c.get(DayKind.OFF, 0), "work": c.get(DayKind.WORK, 0)})
    return render(request, "workcal/year_list.html", {"years": years, "year_form": YearForm(initial={"year": this_year + 1}),
                                                       "import_form": ImportForm()})


@sysadmin_only
def year_detail(request, year: int):
    year = _check_year(year)
    cal = get_calendar()
    record = CalendarYear.objects.filter(year=year).first()
    days = services.year_days(year) if record else []
    months = [{"month": m, "weeks": month_grid(cal, year, m)} for m in range(1, 13)]
    off, work = year_counts(days)
    return render(request, "workcal/year_detail.html", {
        "year": year, "record": record, "months": months, "groups": holiday_groups(days), "off": off, "work": work,
        "note": "" if record else fallback_note([year]), "weekdays": "一二三四五六日",
        "year_form": YearForm(initial={"year": year}), "import_form": ImportForm(),
    })


@sysadmin_only
@require_POST
def year_create(request):
    form = YearForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("workcal:years")
    year = form.cleaned_data["year"]
    try:
        if form.cleaned_data["mode"] == "seed":
            written, skipped = services.seed_from_package([year])
            if skipped:
                messages.warning(request, f"{year} 年已有安排，未覆盖")
            for summary in written:
                messages.success(request, str(summary))
        else:
            services.create_empty_year(year)
            messages.success(request, f"已创建 {year} 年（空白），请逐日录入节假日与调休")
    except UserError as exc:
        messages.error(request, exc.message)
        return redirect("workcal:years")
    return redirect("workcal:year", year=year)


@sysadmin_only
def day_edit(request, day: str):
    try:
        when = parse_day(day)
    except ValueError as exc:
        raise Http404(str(exc)) from None
    existing = CalendarDay.objects.filter(date=when).first()
    initial = {"kind": existing.kind, "name": existing.name} if existing else {"kind": "normal"}
    form = DayForm(request.POST or None, initial=initial)
    arranged = CalendarYear.objects.filter(year=when.year).exists()
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            services.set_day(when, None if kind == "normal" else kind, form.cleaned_data["name"])
        except UserError as exc:
            form.add_error(None, exc.message)
        else:
            if kind == DayKind.WORK and when.weekday() < 5:
                messages.warning(request, f"{when.isoformat()} 是工作日，标为调休上班不影响计算")
            messages.success(request, f"{when.isoformat()} 已保存")
            return redirect(reverse("workcal:year", args=[when.year]) + f"#m{when.month}")
    return render(request, "workcal/day_edit.html", {
        "day": when, "form": form, "existing": existing, "arranged": arranged,
        "verdict": get_calendar().explain_day(when),
    }, status=400 if form.errors else 200)


@sysadmin_only
def import_file(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = services.import_text(decode(upload.read()), upload.name)
        except services.ImportRefused as refused:
            context.update(errors=refused.errors, warnings=refused.warnings, filename=upload.name)
            return render(request, "workcal/import.html", context, status=400)
        except ValueError as exc:  # undecodable file
            form.add_error("file", str(exc))
        else:
            for line in outcome.warnings:
                messages.warning(request, line)
            for summary in outcome.years:
                messages.success(request, str(summary))
            return redirect("workcal:years")
    return render(request, "workcal/import.html", context, status=400 if form.errors else 200)


@sysadmin_only
def export(request, year: int):
    record = CalendarYear.objects.filter(year=_check_year(year)).first()
    if record is None:
        raise Http404(f"{year} 年尚未录入节假日安排")
    text = format_arrangement(year, services.year_days(year), record.source)
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="workcal-{year}.csv"'
    return response


@login_required
def calculator(request):
    """工作日计算器: date ± N working (or calendar) days, or the working days between two dates."""
    form = CalculatorForm(request.GET or None)
    result = None
    if request.GET and form.is_valid():
        cal, data = get_calendar(), form.cleaned_data
        start: date = data["start"]
        try:
            if data["mode"] == "between":
                result = cal.workdays_between(start, data["end"])
            elif data["mode"] == "calendar_days":
                result = cal.add_calendar_days(start, data["days"])
            else:
                result = cal.add_workdays(start, data["days"])
        except (ValueError, OverflowError) as exc:
            form.add_error(None, str(exc) if isinstance(exc, ValueError) else "日期超出范围")
            result = None
    return render(request, "workcal/calculator.html", {"form": form, "result": result,
                                                       "result_is_date": isinstance(getattr(result, "value", None), date)})
