"""zhongshu hotline_kpi_rollup [--all] [--loop SECONDS]

Brings the 12345 考核日汇总 (hotline.kpi.KpiDay) up to date: the 受理日 of every ticket changed
since the last run are rebuilt from the tickets (kpi.refresh). --all rebuilds every day (after
tickets were deleted or the definitions changed). Schedule it every few minutes (cron / systemd
timer), or run it with --loop; the KPI page shows the time of the last run.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "刷新 12345 热线考核日汇总（只重算有工单变动的受理日；--all 全部重算）"

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="全部重算")
        parser.add_argument("--loop", type=float, default=0, help="每隔若干秒刷新一次，直到中断")

    def handle(self, *args, **options):
        from zhongshu.hotline import kpi

        full = options["all"]
        while True:
            started = time.perf_counter()
            days = kpi.refresh(full=full)
            self.stdout.write(f"热线考核日汇总：重算 {days} 个受理日，用时 {time.perf_counter() - started:.2f} 秒")
            if not options["loop"]:
                return
            full = False
            time.sleep(options["loop"])
