"""Demo deadline clocks for 示例市, in every light, with reminders already sent.

The 督查督办 module does not exist yet, so each clock is attached to the responsible unit
itself (target = the OrgUnit); the supervision module will replace these with real matters.

Algorithm:
1. Each demo clock is found by (target unit, title); missing ones are started with a start
   moment in the past chosen so that, counted in working days on the real calendar, the due
   day lies `due_in` working days from today (negative = already overdue). The clock engine
   computes and explains the due date itself.
2. Progress, escalations (督办) and pauses (挂起) are applied through the engine, only to new clocks.
3. One sweep fires every rung that is due (预警, 到期提醒, 催办 …), exactly once per clock and
   period — so liaisons and unit leaders find 催办 notices in their inbox, and a second run
   fires nothing new. Reminders only go out in working hours, so when the demo is loaded at
   night or on a holiday the sweep runs at the last working moment before now (the worker in
   `zhongshu serve` fires the rest when working hours begin).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

KIND = "demo.report"


@dataclass(frozen=True)
class DemoClock:
    unit: str  # unit code
    title: str
    limit: int  # working days from start to due
    due_in: int  # due day = today + due_in working days (negative: overdue)
    progress: int = 0
    escalate: bool = False
    pause: str = ""  # reason, if the clock is suspended (挂起)


# Every unit below has a 联络员 and a unit leader in demo_data.PEOPLE, so each reminder reaches
# both. Green items report progress ahead of the elapsed share of their time (not behind schedule).
DEMO_CLOCKS = [
    # overdue (red)
    DemoClock("SL-JT", "报送2026年第三季度重点工作进展", 10, -4, progress=40),
    DemoClock("SL-SLJ", "报送汛后水毁水利设施修复情况", 15, -3, progress=60),
    DemoClock("SL-ZJ", "报送老旧小区改造项目11月进度", 5, -2, progress=50),
    DemoClock("SL-DC", "背街小巷环境整治问题整改情况反馈", 10, -6, progress=30, escalate=True),
    DemoClock("SL-RX", "报送10月12345热线重复来电问题分析", 5, -1),
    # due soon (yellow)
    DemoClock("SL-JT", "报送春运交通保障工作方案", 10, 1, progress=70),
    DemoClock("SL-JY", "报送义务教育课后服务开展情况", 10, 2, progress=60),
    DemoClock("SL-DC", "报送冬季安全生产大检查阶段情况", 5, 1, progress=50),
    # on track (green)
    DemoClock("SL-JT", "报送城区公交线网优化调研报告", 20, 12, progress=60),
    DemoClock("SL-ZJ", "报送2027年保障性住房建设计划", 30, 18, progress=60),
    DemoClock("SL-DC", "报送冬季大气污染防治攻坚落实情况", 15, 9, progress=60),
    DemoClock("SL-SLJ", "报送2027年度水利建设项目计划", 20, 14, progress=50),
    DemoClock("SL-JY", "报送2027年秋季学位供给测算", 20, 11, progress=60),
    DemoClock("SL-RX", "报送热线知识库季度更新情况", 15, 8, progress=60),
    # suspended (挂起: no light, the clock does not tick)
    DemoClock("SL-ZJ", "报送城中村改造征收补偿方案", 15, 6, progress=30, pause="等待省住房和城乡建设厅批复政策口径"),
]


def _start_moment(spec: DemoClock, today, cal) -> datetime:
    """A working-day start such that start + limit working days = today + due_in working days."""
    due_day = cal.add_workdays(cal.next_workday(today), spec.due_in).value
    start_day = cal.add_workdays(due_day, -spec.limit).value
    return datetime.combine(start_day, time(9, 0), cal.tz)


def last_work_moment(now: datetime, cal) -> datetime:
    """`now` if it lies in working hours, else one minute before the end of the last working period."""
    if cal.is_work_time(now):
        return now
    day = timezone.localtime(now, cal.tz).date()
    for _ in range(60):
        if cal.is_workday(day):
            moment = datetime.combine(day, cal.work_end, cal.tz) - timedelta(minutes=1)
            if moment <= now:
                return moment
        day -= timedelta(days=1)
    return now


def load_clocks(units: dict, people: dict, now: datetime | None = None) -> str:
    """Create the missing demo clocks, sweep once; return a one-line summary in Chinese."""
    try:
        from zhongshu.clocks import engine
        from zhongshu.clocks.limits import Limit
        from zhongshu.clocks.models import Clock
        from zhongshu.clocks.sweeper import sweep
    except ImportError:  # the deadline engine is not installed
        return ""
    from zhongshu.workcal.calc import get_calendar

    cal = get_calendar()
    now = now or timezone.now()
    today = timezone.localtime(now, cal.tz).date()
    unit_type = ContentType.objects.get_for_model(next(iter(units.values())))
    existing = set(Clock.objects.filter(content_type=unit_type, object_id__in=[u.pk for u in units.values()],
                                        kind=KIND).values_list("object_id", "title"))
    assigner = people.get("dcs_li")
    leader = people.get("vice_mayor")
    created = 0
    with transaction.atomic():
        for spec in DEMO_CLOCKS:
            unit = units[spec.unit]
            if (unit.pk, spec.title) in existing:
                continue
            clock = engine.start_clock(unit, kind=KIND, unit=unit, title=spec.title, limit=Limit.workdays(spec.limit),
                                       started_at=_start_moment(spec, today, cal), assigned_by=assigner, leader=leader)
            if spec.progress:
                engine.set_progress(clock, spec.progress)
            if spec.escalate:
                engine.escalate(clock, assigner, "逾期未报送，经督查室主任同意予以督办", at=now)
            if spec.pause:
                engine.pause(clock, spec.pause, assigner, at=now)
            created += 1
    result = sweep(now=last_work_moment(now, cal))
    return f"督办时限：演示事项 {len(DEMO_CLOCKS)} 项（本次新建 {created}）；提醒扫描：{result.summary()}"
