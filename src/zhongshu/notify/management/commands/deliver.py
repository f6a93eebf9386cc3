"""`zhongshu deliver`: send queued email and group-robot messages now (the worker does this
every round; this command is for operators and demos)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from zhongshu.core.context import acting_as
from zhongshu.notify.delivery import deliver_pending
from zhongshu.notify.models import Delivery, DeliveryState


class Command(BaseCommand):
    help = "投递待发送的邮件和群机器人消息"

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=200, help="本次最多投递条数（默认 200）")
        parser.add_argument("--now", help="模拟当前时间，如 2026-12-01T09:00+08:00")

    def handle(self, *args, limit, now, **options):
        moment = None
        if now:
            moment = parse_datetime(now)
            if moment is None or moment.tzinfo is None:
                raise CommandError(f"时间格式不正确：{now}（应为 2026-12-01T09:00+08:00）")
        if limit < 1:
            raise CommandError("--limit 须为正整数")
        with acting_as(None, label="通知投递", channel="cli"):
            attempted = deliver_pending(now=moment, limit=limit)
        counts = {s: Delivery.objects.filter(state=s).count() for s in (DeliveryState.PENDING, DeliveryState.FAILED)}
        self.stdout.write(f"本次投递 {attempted} 条；待投递 {counts['pending']} 条，失败 {counts['failed']} 条")
