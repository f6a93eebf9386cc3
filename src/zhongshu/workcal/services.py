"""Every change to the stored calendar goes through these functions (CLI, web pages, seeding).

- replace_year: the year's exceptions become exactly the given days (one transaction);
- import_text: parse a whole file, refuse it on any bad line (nothing written), else
  replace_year for every year it covers;
- seed_from_package: replace_year with chinese-calendar's data;
- create_empty_year / set_day: an administrator's hand edits.

Row signals (post_save/post_delete) feed the audit trail and drop the calculator's cache;
bulk_create sends none, so replace_year records one audit entry itself and schedules the
cache drop on commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from zhongshu.core.errors import UserError

from . import calc
from .models import CalendarDay, CalendarYear, DayKind
from .parsing import check_year
from .textformat import ParseResult, parse_arrangement

SOURCE_MAX = CalendarYear._meta.get_field("source").max_length


class ImportRefused(UserError):
    """A file with at least one bad line: nothing was changed. `errors` names each line."""

    status = 422
    code = "calendar_import_refused"

    def __init__(self, parsed: ParseResult):
        self.errors = parsed.messages("errors")
        self.warnings = parsed.messages("warnings")
        super().__init__("导入被拒绝，未做任何修改：" + "；".join(self.errors),
                         details={"errors": self.errors, "warnings": self.warnings})


@dataclass
class YearSummary:
    year: int
    off: int
    work: int
    source: str
    replaced: bool  # the year had an arrangement before

    def __str__(self) -> str:
        verb = "已替换" if self.replaced else "已录入"
        return f"{self.year} 年{verb}：放假 {self.off} 天，调休上班 {self.work} 天（来源：{self.source}）"


@dataclass
class ImportOutcome:
    years: list[YearSummary]
    warnings: list[str] = field(default_factory=list)


def year_days(year: int) -> list[tuple[date, str, str]]:
    rows = CalendarDay.objects.filter(date__year=year).order_by("date").values_list("date", "kind", "name")
    return list(rows)


def _audit(action: str, record: CalendarYear, before: list, after: list, note: str) -> None:
    """One audit entry for the bulk change (bulk_create is invisible to the row signals)."""
    try:
        from zhongshu import audit
    except ImportError:  # pragma: no cover - the audit app is part of the product
        return

    def fmt(days):
        return [f"{d.isoformat()},{k},{n}" for d, k, n in days]

    audit.record(action, record, changes={"节假日安排": [fmt(before), fmt(after)]}, note=note)


def _audit_step(action: str, note: str):
    """Label the automatic records (deleted rows, the year row) with the bulk action."""
    try:
        from zhongshu import audit
    except ImportError:  # pragma: no cover
        import contextlib

        return contextlib.nullcontext()
    return audit.step(action, note)


@transaction.atomic
def replace_year(year: int, days: list[tuple[date, str, str]], source: str, note: str = "",
                 action: str = "import") -> YearSummary:
    """Make `days` [(date, "off"|"work", name)] the whole arrangement of `year`.
    `action` is the audit action (an audit.Action value) the change is recorded under."""
    check_year(year)
    if any(d.year != year for d, _, _ in days):
        raise UserError(f"日期不属于 {year} 年")
    source = source[:SOURCE_MAX]
    existing = CalendarYear.objects.select_for_update().filter(year=year).first()
    before = year_days(year)
    with _audit_step(action, f"{year} 年节假日安排（{source}）"):
        CalendarDay.objects.filter(date__year=year).delete()
        if existing is None:
            record = CalendarYear.objects.create(year=year, source=source, note=note)
        else:
            record = existing
            record.source, record.note = source, note
            record.save(update_fields=["source", "note", "updated_at"])
        CalendarDay.objects.bulk_create([CalendarDay(date=d, kind=k, name=n) for d, k, n in sorted(days)])
    _audit(action, record, before, sorted(days), f"{year} 年节假日安排：{source}")
    transaction.on_commit(calc.invalidate)
    return YearSummary(year, sum(1 for _, k, _ in days if k == DayKind.OFF),
                       sum(1 for _, k, _ in days if k == DayKind.WORK), source, existing is not None)


def import_text(text: str, filename: str) -> ImportOutcome:
    """All or nothing: any bad line refuses the whole file (ImportRefused names each)."""
    parsed = parse_arrangement(text)
    if not parsed.ok:
        raise ImportRefused(parsed)
    source = f"导入：{filename}"
    summaries = []
    with transaction.atomic():
        for year in parsed.years:
            days = [(e.date, e.kind, e.name) for e in parsed.entries if e.date.year == year]
            summaries.append(replace_year(year, days, source, action="import"))
    return ImportOutcome(summaries, parsed.messages("warnings"))


def seed_from_package(years: list[int] | None = None, replace: bool = False) -> tuple[list[YearSummary], list[int]]:
    """chinese-calendar's arrangements for `years` (default: every year it knows from 2015).
    Returns (written, skipped because already arranged and replace is off)."""
    from .seed import arrangement_from_package, package_years

    known = package_years()
    if years:
        unknown = [y for y in years if y not in known]
        if unknown:
            raise UserError(f"chinese-calendar 尚无 {'、'.join(map(str, unknown))} 年的数据（已有 {known[0]}–{known[-1]} 年），"
                            "请按国务院办公厅通知导入文件", code="no_package_data")
    else:
        years = [y for y in known if y >= 2015]
    arranged = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    written, skipped = [], []
    with transaction.atomic():
        for year in years:
            if year in arranged and not replace:
                skipped.append(year)
                continue
            written.append(replace_year(year, arrangement_from_package(year), "chinese-calendar",
                                        "按国务院办公厅通知（chinese-calendar 数据）", action="import"))
    return written, skipped


def create_empty_year(year: int, note: str = "") -> CalendarYear:
    """Declare a year arranged with no holidays yet (days are then added one by one)."""
    check_year(year)
    if CalendarYear.objects.filter(year=year).exists():
        raise UserError(f"{year} 年已有节假日安排")
    return CalendarYear.objects.create(year=year, source="手工录入", note=note)


@transaction.atomic
def set_day(day: date, kind: str | None, name: str = "") -> CalendarDay | None:
    """Mark `day` off (with a holiday name) or work (调休), or revert it to normal (kind None)."""
    if not CalendarYear.objects.filter(year=day.year).exists():
        raise UserError(f"{day.year} 年尚未录入节假日安排：请先创建该年度（或导入文件）再修改单日")
    name = (name or "").strip()
    if kind not in (None, DayKind.OFF, DayKind.WORK):
        raise UserError(f"类型“{kind}”无效")
    if len(name) > 50:
        raise UserError("名称过长（不超过 50 字）")
    existing = CalendarDay.objects.select_for_update().filter(date=day).first()
    if kind is None:
        if existing is not None:
            existing.delete()
        return None
    if existing is None:
        return CalendarDay.objects.create(date=day, kind=kind, name=name)
    existing.kind, existing.name = kind, name
    existing.save()
    return existing
