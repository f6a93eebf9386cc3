"""zhongshu workdays add DATE N | between A B | is DATE — working-day arithmetic from the shell.

stdout carries only the result (scriptable): `add` prints the date, `between` the count, `is`
the verdict with its reason. `--explain` adds the explanation line. When a year without an
arrangement is involved, the fallback note goes to stderr ("注意：2027 年尚无法定节假日安排…").
"""

from __future__ import annotations

from django.core.management.base import CommandError

from zhongshu.workcal.calc import get_calendar
from zhongshu.workcal.management.zhcommand import ZhCommand, zh_subparsers
from zhongshu.workcal.parsing import parse_day, parse_days


class Command(ZhCommand):
    help = "工作日计算：add 日期 天数 | between 日期 日期 | is 日期"

    def add_arguments(self, parser):
        sub = zh_subparsers(parser, dest="action", metavar="{add,between,is}")
        sub.required = True
        add = sub.add_parser("add", help="日期 + N 个工作日（N 可为负）")
        add.add_argument("date")
        add.add_argument("days")
        add.add_argument("--explain", action="store_true", help="同时输出计算说明")
        add.add_argument("--calendar-days", action="store_true", help="按自然日计算")
        between = sub.add_parser("between", help="第一个日期之后至第二个日期（含）的工作日数")
        between.add_argument("start")
        between.add_argument("end")
        between.add_argument("--explain", action="store_true", help="同时输出计算说明")
        is_ = sub.add_parser("is", help="某日是否工作日及原因")
        is_.add_argument("date")

    def handle(self, *args, action, **options):
        # read every input before touching the database, so bad input fails fast and plainly
        if action == "add":
            start, n = parse_day(options["date"]), parse_days(options["days"])
            cal = get_calendar()
            result = cal.add_calendar_days(start, n) if options["calendar_days"] else cal.add_workdays(start, n)
            self.stdout.write(result.value.isoformat())
        elif action == "between":
            start, end = parse_day(options["start"]), parse_day(options["end"])
            result = get_calendar().workdays_between(start, end)
            self.stdout.write(str(result.value))
        elif action == "is":
            day = parse_day(options["date"])
            result = get_calendar().explain_day(day)
            self.stdout.write(result.explanation)
        else:  # pragma: no cover - argparse refuses other words
            raise CommandError(f"未知操作：{action}")
        if options.get("explain"):
            self.stdout.write(result.explanation)
        self.note(result.fallback_note)
