"""Seed arrangements from the `chinese-calendar` package (a year the package knows)."""

from __future__ import annotations

from datetime import date, timedelta

from .calc import HOLIDAY_ZH


def package_years() -> range:
    import chinese_calendar

    years = sorted({d.year for d in chinese_calendar.holidays})
    return range(years[0], years[-1] + 1)


def arrangement_from_package(year: int) -> list[tuple[date, str, str]]:
    """[(date, "off"|"work", name)]: the statutory holidays and the weekend working days of `year`."""
    import chinese_calendar

    out = []
    d = date(year, 1, 1)
    while d.year == year:
        weekday = d.weekday() < 5
        # holidays are stored whole (weekend days inside them too) so explanations name them
        if d in chinese_calendar.holidays:
            out.append((d, "off", HOLIDAY_ZH.get(str(chinese_calendar.holidays[d]), str(chinese_calendar.holidays[d]))))
        elif not weekday and d in chinese_calendar.workdays:
            name = chinese_calendar.workdays[d]
            out.append((d, "work", HOLIDAY_ZH.get(str(name), str(name or ""))))
        d += timedelta(days=1)
    return out


def seed_years(CalendarYear, CalendarDay, years=None) -> int:
    """Write the package's arrangements for `years` (default all it knows); skip arranged years."""
    count = 0
    for year in years or package_years():
        if CalendarYear.objects.filter(year=year).exists():
            continue
        CalendarYear.objects.create(year=year, source="chinese-calendar", note="按国务院办公厅通知（chinese-calendar 数据）")
        CalendarDay.objects.bulk_create(
            [CalendarDay(date=d, kind=k, name=n) for d, k, n in arrangement_from_package(year)],
            ignore_conflicts=True)
        count += 1
    return count
