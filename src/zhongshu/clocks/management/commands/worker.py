"""zhongshu worker [--once] [--interval S]: the background loop.

Each round: sweep the clocks, then send queued notifications (notify.delivery.deliver_pending),
then run the apps' periodic jobs (clocks.hooks.register_job, e.g. retraining the hotline's
suggestion models once a day), then sleep ZHONGSHU_SWEEP_INTERVAL_SECONDS. SIGTERM/SIGINT ask it to stop: the current batch
finishes (its transaction commits), then the loop exits. An error in a round is logged and the
next round runs, so one failure never stops reminders for good.
"""

from __future__ import annotations

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from zhongshu.core.context import acting_as

from ._moment import parse_now

log = logging.getLogger("zhongshu.worker")


class Command(BaseCommand):
    help = "后台任务：定时扫描时限并发送提醒，投递待发通知"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="只运行一轮后退出")
        parser.add_argument("--interval", type=float, default=None, help="每轮间隔秒数（默认取设置）")
        parser.add_argument("--now", help="模拟当前时间（仅用于测试和演示）")

    def handle(self, *args, once=False, interval=None, now=None, **options):
        stop = threading.Event()
        interval = interval if interval is not None else settings.ZHONGSHU_SWEEP_INTERVAL_SECONDS
        moment = parse_now(now)

        def request_stop(signum, frame):
            self.stdout.write("收到停止信号，处理完当前批次后退出")
            stop.set()

        previous = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                previous[sig] = signal.signal(sig, request_stop)
        try:
            self.stdout.write("后台任务已启动" + ("（单轮）" if once else f"，每 {interval:g} 秒一轮"))
            while not stop.is_set():
                self.run_round(moment, stop)
                if once:
                    break
                stop.wait(interval)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("后台任务已退出")

    def run_jobs(self, moment) -> None:
        from zhongshu.clocks.hooks import run_jobs

        run_jobs(moment, self.stdout.write)

    def run_round(self, moment, stop) -> None:
        from zhongshu.clocks.sweeper import sweep

        _close_stale()
        with acting_as(None, label="督办引擎", channel="worker"):
            try:
                result = sweep(now=moment, stop_requested=stop.is_set)
                self.stdout.write(f"时限扫描：{result.summary()}")
            except Exception:
                log.exception("时限扫描失败")
            try:
                from zhongshu.notify.delivery import deliver_pending
            except ImportError:
                deliver_pending = None
            if deliver_pending is not None and not stop.is_set():
                try:
                    sent = deliver_pending(now=moment)
                    if sent:
                        self.stdout.write(f"通知投递：{sent} 条")
                except Exception:
                    log.exception("通知投递失败")
            self.run_jobs(moment)
        _close_stale()


def _close_stale() -> None:
    """Drop broken or expired connections between rounds (never inside a transaction)."""
    if not connection.in_atomic_block:
        close_old_connections()
