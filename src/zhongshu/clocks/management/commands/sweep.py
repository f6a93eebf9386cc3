"""zhongshu sweep [--now 2026-12-01T09:00+08:00] [--batch N]: fire every due rung once, print a summary."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from zhongshu.core.context import acting_as

from ._moment import parse_now


class Command(BaseCommand):
    help = "扫描到期时限，发送预警、到期提醒、催办和督办（每个环节只发一次）"

    def add_arguments(self, parser):
        parser.add_argument("--now", help="模拟当前时间，如 2026-12-01T09:00+08:00（默认为实际当前时间）")
        parser.add_argument("--batch", type=int, default=500, help="每批处理的时限数（默认 500）")

    def handle(self, *args, now=None, batch=500, **options):
        from zhongshu.clocks.sweeper import sweep

        if batch < 1:
            raise CommandError("--batch 必须大于 0")
        moment = parse_now(now)
        with acting_as(None, label="督办引擎", channel="cli"):
            result = sweep(now=moment, batch=batch)
        self.stdout.write(result.summary())
