"""12345 热线考核: the seven rates per handling unit and per period, each defined where it is computed.

Two cohorts, each a date range of local (Asia/Shanghai) days, both ends included:

- 受理口径 (received_at in the period): 响应率, 按时签收率, 重复来电率 — about how the city took
  the calls of the period.
- 办结口径 (closed_at in the period): 解决率, 按时办结率, 回访率, 满意率 — about the work finished in
  the period. closed_at is cleared when a ticket goes back to the unit (回访不满意重办, 重开), so a
  ticket counts in the period in which it was (last) closed.

The unit of a ticket is the unit that holds it now (Ticket.unit); tickets never dispatched (直接答复,
待派单) are the row "热线直接办理" (unit None). Totals are the sum of all rows, so they include it.

Definitions (DEFINITIONS below is the same text in Chinese, shown on the page and in the 通报):

- 响应率 = 按时签收 ÷ 派单: tickets received in the period that were dispatched to a unit
  (dispatched_at set), of which signed for (accepted_at set) without accepted_late. A dispatched
  ticket not yet signed for counts in the denominator (it has not responded yet). Beijing's
  三率 (响应率, 解决率, 满意率) — here 响应 is 签收 in time, the step the system records.
- 按时签收率 = (签收 − 逾期签收) ÷ 签收, received in the period (accepted_at set).
- 重复来电率 = 重复来电 ÷ 有号码来电: tickets received in the period with a caller_phone, of which
  the same phone number had filed another ticket in the REPEAT_DAYS (30) days before (strictly
  earlier received_at).
- 解决率 = (已解决 + 已解释说明) ÷ 办结: tickets closed in the period (SOLVED_RESOLUTIONS).
- 按时办结率 = 按时答复 ÷ 承办单位办结: tickets closed in the period that a unit answered
  (closed_how = unit; direct answers and merged duplicates are not the unit's work), of which the
  reply came before the handle clock's due moment (not replied_late).
- 回访率 = 已回访 ÷ 办结: closed in the period and called back after that closing (callback_at ≥
  closed_at, with a satisfaction; a callback of an earlier round does not count).
- 满意率 = (满意 + 基本满意) ÷ 已回访 (the same 已回访 as above).

A rate whose denominator is 0 is None, shown "—" (never 100 %).

Speed: the page reads `KpiDay`, a daily rollup — for every 受理日 (rday) × unit: the 受理口径 counts
(day = rday) and, per 办结日 (day), the 办结口径 counts of those tickets. A period is one
SUM … GROUP BY unit over the rows whose `day` is in the range (index hotline_kpiday_day) —
thousands to ~10⁵ small rows instead of millions of tickets. refresh() rebuilds the rows of
whole 受理日: since received_at never changes, the rday of every changed ticket is known from the
ticket itself, so refresh() finds the tickets updated since the last run (index on updated_at,
with a REFRESH_OVERLAP margin for transactions that committed late), and rebuilds those days
(DELETE + INSERT … SELECT with the same conditional aggregation as the live query). The
numbers therefore equal live() as of `as_of()` (tests compare both). refresh() runs from
the worker (`refresh_job`, every ZHONGSHU_HOTLINE_KPI_REFRESH_MINUTES, default 10) and from
`zhongshu hotline_kpi_rollup` (--all rebuilds everything, e.g. after tickets were deleted). The page shows the time of the last refresh; when no rollup was
ever built it computes live (correct, slower).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from zhongshu.core.errors import UserError

from .choices import SOLVED_RESOLUTIONS, ClosedHow, Satisfaction
from .models import KpiDay, Ticket

REPEAT_DAYS = 30
REFRESH_OVERLAP = timedelta(minutes=10)
MAX_DAYS = 366

# --- the counts ------------------------------------------------------------------------------------
RECEIVED_COUNTS = ("received", "phoned", "repeat", "dispatched", "accepted", "accepted_on_time")
CLOSED_COUNTS = ("closed", "solved", "unit_closed", "unit_on_time", "called_back", "satisfied")
COUNTS = RECEIVED_COUNTS + CLOSED_COUNTS

COUNT_LABELS = {
    "received": "受理", "phoned": "有号码来电", "repeat": "重复来电", "dispatched": "派单", "accepted": "签收",
    "accepted_on_time": "按时签收", "closed": "办结", "solved": "已解决", "unit_closed": "承办单位办结",
    "unit_on_time": "按时答复", "called_back": "已回访", "satisfied": "满意",
}


def _repeat_exists():
    earlier = Ticket.objects.filter(caller_phone=OuterRef("caller_phone"), received_at__lt=OuterRef("received_at"),
                                    received_at__gte=OuterRef("received_at") - timedelta(days=REPEAT_DAYS))
    return Exists(earlier)


def _called_back():
    return Q(callback_at__isnull=False, callback_at__gte=F("closed_at")) & ~Q(satisfaction="")


def conditions() -> dict[str, Q]:
    """The condition of each count, within its cohort (受理口径 / 办结口径)."""
    called_back = _called_back()
    return {
        "received": Q(),
        "phoned": ~Q(caller_phone=""),
        "repeat": ~Q(caller_phone="") & Q(_repeat_exists()),
        "dispatched": Q(dispatched_at__isnull=False, unit__isnull=False),
        "accepted": Q(accepted_at__isnull=False),
        "accepted_on_time": Q(accepted_at__isnull=False, accepted_late=False),
        "closed": Q(),
        "solved": Q(resolution__in=list(SOLVED_RESOLUTIONS)),
        "unit_closed": Q(closed_how=ClosedHow.UNIT),
        "unit_on_time": Q(closed_how=ClosedHow.UNIT, replied_late=False),
        "called_back": called_back,
        "satisfied": called_back & Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASIC]),
    }


# --- the rates -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RateDef:
    key: str
    name: str
    numerator: str
    denominator: str
    basis: str  # "received" | "closed"
    definition: str


RATES = (
    RateDef("response", "响应率", "accepted_on_time", "dispatched", "received",
            "受理口径：统计期内受理并已派单的工单中，承办单位在签收时限内签收的比例。按时签收数 ÷ 派单数；"
            "已派单尚未签收的计入分母。"),
    RateDef("solve", "解决率", "solved", "closed", "closed",
            "办结口径：统计期内办结的工单中，办理结果为“已解决”或“已解释说明”的比例。（已解决 + 已解释说明）÷ 办结数。"),
    RateDef("satisfy", "满意率", "satisfied", "called_back", "closed",
            "办结口径：统计期内办结且在办结后回访的工单中，回访结果为“满意”或“基本满意”的比例。"
            "（满意 + 基本满意）÷ 已回访数；未接通的回访不计。"),
    RateDef("accept", "按时签收率", "accepted_on_time", "accepted", "received",
            "受理口径：统计期内受理且已签收的工单中，未逾期签收的比例。（签收数 − 逾期签收数）÷ 签收数。"),
    RateDef("on_time", "按时办结率", "unit_on_time", "unit_closed", "closed",
            "办结口径：统计期内由承办单位答复并办结的工单中，在办理时限（含经批准的延期）内答复的比例。"
            "按时答复数 ÷ 承办单位办结数；直接答复、并单办结的不计。"),
    RateDef("callback", "回访率", "called_back", "closed", "closed",
            "办结口径：统计期内办结的工单中，办结后已回访（接通并记录满意度）的比例。已回访数 ÷ 办结数。"),
    RateDef("repeat", "重复来电率", "repeat", "phoned", "received",
            f"受理口径：统计期内受理、留有联系电话的工单中，同一号码在此前 {REPEAT_DAYS} 天内已有来电工单的比例。"
            "重复来电数 ÷ 有号码来电数。"),
)
RATE_BY_KEY = {r.key: r for r in RATES}

DEFINITIONS = [
    ("统计口径", "受理口径按受理时间、办结口径按办结时间落在统计期内（含起止日）统计；单位为工单当前的承办单位，"
                "未派单（直接答复、待派单）的工单计入“热线直接办理”。合计含全部工单。"),
    *((r.name, r.definition) for r in RATES),
    ("分母为 0", "分母为 0 时比率显示“—”，不按 100% 计。"),
]


def rate(part: int, whole: int) -> float | None:
    """part ÷ whole as a percentage with one decimal, or None when whole is 0."""
    return round(part * 100.0 / whole, 1) if whole else None


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:g}%"


@dataclass
class Row:
    unit: object  # OrgUnit or None (热线直接办理)
    counts: dict = field(default_factory=dict)

    @property
    def unit_id(self):
        return self.unit.pk if self.unit is not None else None

    @property
    def name(self) -> str:
        if self.unit is None:
            return "热线直接办理"
        return self.unit.short_name or self.unit.name

    def rate(self, key: str) -> float | None:
        d = RATE_BY_KEY[key]
        return rate(self.counts.get(d.numerator, 0), self.counts.get(d.denominator, 0))

    @property
    def rates(self) -> dict:
        return {r.key: self.rate(r.key) for r in RATES}


# --- periods ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    start: date
    end: date
    kind: str = "custom"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def text(self) -> str:
        return f"{self.start.year}年{self.start.month}月{self.start.day}日至{self.end.year}年{self.end.month}月{self.end.day}日"

    def moments(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        return (datetime.combine(self.start, time.min, tzinfo=tz),
                datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz))


PERIOD_KINDS = {"this_week": "本周", "last_week": "上周", "this_month": "本月", "last_month": "上月", "custom": "自定义"}


def period_of(kind: str, today: date) -> Period:
    monday = today - timedelta(days=today.weekday())
    if kind == "this_week":
        return Period(monday, monday + timedelta(days=6), kind)
    if kind == "last_week":
        return Period(monday - timedelta(days=7), monday - timedelta(days=1), kind)
    if kind == "last_month":
        end = today.replace(day=1) - timedelta(days=1)
        return Period(end.replace(day=1), end, kind)
    first = today.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return Period(first, nxt - timedelta(days=1), "this_month")


def _parse_day(raw, what: str) -> date:
    raw = (raw or "").strip()
    if not raw:
        raise UserError(f"请填写{what}", code="required")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise UserError(f"{what}格式不正确：{raw[:20]}（应为 2026-03-01 这样的日期）", code="invalid_date") from None


def parse_period(kind: str | None, start: str | None, end: str | None, today: date) -> Period:
    """The period asked for (本周 / 上周 / 本月 / 上月, or a custom range of at most MAX_DAYS days);
    UserError with the Chinese reason when the custom dates are wrong."""
    kind = kind or ("custom" if (start or end) else "this_week")
    if kind not in PERIOD_KINDS:
        raise UserError(f"未知的统计期：{kind[:20]}", code="invalid_period")
    if kind != "custom":
        return period_of(kind, today)
    first, last = _parse_day(start, "开始日期"), _parse_day(end, "结束日期")
    if first > last:
        raise UserError("开始日期不能晚于结束日期", code="invalid_period")
    if (last - first).days + 1 > MAX_DAYS:
        raise UserError(f"统计期不能超过 {MAX_DAYS} 天", code="invalid_period")
    return Period(first, last, "custom")


def parse_week(raw: str | None, today: date) -> Period:
    """'2026-W10' → that ISO week (Monday to Sunday); empty → last week."""
    if not raw:
        return period_of("last_week", today)
    try:
        year_text, week_text = raw.strip().upper().split("-W")
        monday = date.fromisocalendar(int(year_text), int(week_text), 1)
    except ValueError:
        raise UserError(f"周次格式不正确：{raw[:20]}（应为 2026-W10 这样的周次）", code="invalid_week") from None
    return Period(monday, monday + timedelta(days=6), "week")


# --- live: straight from the tickets -----------------------------------------------------------------
def _cohort_q(period: Period) -> tuple[Q, Q]:
    start, end = period.moments()
    return Q(received_at__gte=start, received_at__lt=end), Q(closed_at__gte=start, closed_at__lt=end)


def live_counts(period: Period) -> dict:
    """{unit_id: {count: n}} straight from the tickets: ONE grouped query with conditional
    aggregation (Count … FILTER) over the tickets received or closed in the period."""
    in_r, in_c = _cohort_q(period)
    cond = conditions()
    aggs = {name: _count(in_r & cond[name]) for name in RECEIVED_COUNTS}
    aggs.update({name: _count(in_c & cond[name]) for name in CLOSED_COUNTS})
    rows = Ticket.objects.filter(in_r | in_c).values("unit_id").annotate(**aggs).order_by()
    return {r.pop("unit_id"): r for r in rows}


def rollup_counts(period: Period) -> dict:
    """{unit_id: {count: n}} from the daily rollup: ONE grouped SUM over KpiDay."""
    rows = (KpiDay.objects.filter(day__gte=period.start, day__lte=period.end).values("unit_id")
            .annotate(**{name: Sum(name) for name in COUNTS}).order_by())
    return {r.pop("unit_id"): {k: int(v or 0) for k, v in r.items()} for r in rows}


def as_of() -> datetime | None:
    """When the rollup was last refreshed (None: never built): the stamp of the newest row (by id,
    the primary key index — refresh() stamps that row with the time of every run)."""
    return KpiDay.objects.order_by("-id").values_list("refreshed_at", flat=True).first()


@dataclass
class Report:
    period: Period
    rows: list[Row]
    total: Row
    source: str  # "rollup" | "live"
    as_of: datetime | None


def report(period: Period, *, source: str = "auto", sort: str = "", units_scope=None) -> Report:
    """The KPI table of a period: one row per unit (ranked by `sort`, a rate key, best first; by
    default the unit order), and the total. source: "rollup", "live" or "auto" (rollup when it
    has been built)."""
    from zhongshu.org.models import OrgUnit

    stamp = as_of() if source in ("auto", "rollup") else None
    if source == "auto":
        source = "rollup" if stamp is not None else "live"
    counts = rollup_counts(period) if source == "rollup" else live_counts(period)
    units = OrgUnit.objects.in_bulk([uid for uid in counts if uid is not None])
    rows = [Row(units.get(uid) if uid is not None else None, {k: c.get(k, 0) for k in COUNTS})
            for uid, c in counts.items() if uid is None or uid in units]
    total = Row(None, {k: sum(r.counts[k] for r in rows) for k in COUNTS})
    rows.sort(key=lambda r: (r.unit is None, getattr(r.unit, "path", ""), r.unit_id or 0))
    if sort in RATE_BY_KEY:
        desc = sort != "repeat"  # a low 重复来电率 is the good one
        rows.sort(key=lambda r: (r.rate(sort) is None, -(r.rate(sort) or 0) if desc else (r.rate(sort) or 0)))
    return Report(period, rows, total, source, stamp)


def filter_q(metric: str, period: Period) -> Q:
    """The tickets behind one count of the table (for the ticket list: ?kpi=<metric>&from=&to=)."""
    in_r, in_c = _cohort_q(period)
    base = in_r if metric in RECEIVED_COUNTS else in_c
    return base & conditions()[metric]


# --- the rollup ------------------------------------------------------------------------------------
def _count(q: Q):
    return Count("id", filter=q) if q else Count("id")


def _day_runs(days) -> list[tuple[date, date]]:
    runs: list[list[date]] = []
    for d in sorted(set(days)):
        if runs and (d - runs[-1][1]).days == 1:
            runs[-1][1] = d
        else:
            runs.append([d, d])
    return [(a, b) for a, b in runs]


def rebuild_days(days, stamp: datetime | None = None) -> int:
    """Rebuild the rollup rows of these 受理日 (local dates) from the tickets; returns the days."""
    runs = _day_runs(days)
    if not runs:
        return 0
    stamp = stamp or timezone.now()
    tz = timezone.get_current_timezone()
    where, rday_q = Q(), Q()
    for first, last in runs:
        p = Period(first, last)
        start, end = p.moments()
        where |= Q(received_at__gte=start, received_at__lt=end)
        rday_q |= Q(rday__gte=first, rday__lte=last)
    cond = conditions()
    received = (Ticket.objects.filter(where).annotate(kd_rday=TruncDate("received_at", tzinfo=tz))
                .values("kd_rday", "unit_id")
                .annotate(**{f"kd_{n}": _count(cond[n]) for n in RECEIVED_COUNTS}).order_by())
    closed = (Ticket.objects.filter(where, closed_at__isnull=False)
              .annotate(kd_rday=TruncDate("received_at", tzinfo=tz), kd_day=TruncDate("closed_at", tzinfo=tz))
              .values("kd_rday", "kd_day", "unit_id")
              .annotate(**{f"kd_{n}": _count(cond[n]) for n in CLOSED_COUNTS}).order_by())
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:  # one rebuilder at a time (DELETE + INSERT is not idempotent)
                cur.execute("SELECT pg_advisory_xact_lock(12345001)")
        KpiDay.objects.filter(rday_q).delete()
        _insert_kpi(received, RECEIVED_COUNTS, stamp, day_alias="kd_rday")
        _insert_kpi(closed, CLOSED_COUNTS, stamp, day_alias="kd_day")
    return sum((b - a).days + 1 for a, b in runs)


def _insert_kpi(qs, names, stamp, *, day_alias: str) -> None:
    sql, params = qs.query.sql_with_params()
    qn = connection.ops.quote_name
    table = qn(KpiDay._meta.db_table)
    target = ["rday", "day", "unit_id", *names, "refreshed_at"]
    source = [f"sub.{qn('kd_rday')}", f"sub.{qn(day_alias)}", f"sub.{qn('unit_id')}",
              *(f"sub.{qn('kd_' + n)}" for n in names), "%s"]
    others = [n for n in COUNTS if n not in names]
    target += others
    source += ["0"] * len(others)
    with connection.cursor() as cur:
        cur.execute(f"INSERT INTO {table} ({', '.join(qn(c) for c in target)}) "
                    f"SELECT {', '.join(source)} FROM ({sql}) sub",
                    [connection.ops.adapt_datetimefield_value(stamp), *params])  # the stamp comes first in the text


def refresh(*, full: bool = False, now: datetime | None = None, batch_days: int = 31) -> int:
    """Bring the rollup up to date: the 受理日 of every ticket updated since the last refresh (minus
    REFRESH_OVERLAP), or every day with tickets when `full` or never built. Returns the days rebuilt."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    last = None if full else as_of()
    qs = Ticket.objects.all()
    if last is not None:
        qs = qs.filter(updated_at__gte=last - REFRESH_OVERLAP)
    days = list(qs.annotate(d=TruncDate("received_at", tzinfo=tz)).values_list("d", flat=True).distinct().order_by())
    days = sorted(d if isinstance(d, date) else date.fromisoformat(str(d)) for d in days)
    if full:
        KpiDay.objects.all().delete()
    done = 0
    for i in range(0, len(days), batch_days):
        done += rebuild_days(days[i:i + batch_days], stamp=now)
    # the watermark is the stamp of the newest row: move it to this run even when nothing changed
    newest = KpiDay.objects.order_by("-id").values_list("pk", flat=True).first()
    if newest is not None:
        KpiDay.objects.filter(pk=newest).update(refreshed_at=now)
    return done


def refresh_minutes() -> float:
    return float(getattr(settings, "ZHONGSHU_HOTLINE_KPI_REFRESH_MINUTES", 10))


def refresh_job(now: datetime | None = None) -> str:
    """The worker's job: refresh the rollup when its last refresh is older than
    ZHONGSHU_HOTLINE_KPI_REFRESH_MINUTES (default 10), or build it when there are tickets and no
    rollup yet. The watermark is in the database, so several workers agree on it."""
    now = now or timezone.now()
    stamp = as_of()
    if stamp is None and not Ticket.objects.exists():
        return ""
    if stamp is not None and now - stamp < timedelta(minutes=refresh_minutes()):
        return ""
    days = refresh(now=now)
    return f"热线考核日汇总：重算 {days} 天" if days else "热线考核日汇总：无变化"
