"""`zhongshu serve`: the whole system in one process, with no other server needed.

    zhongshu serve [--host 127.0.0.1] [--port 8000] [--threads 8] [--no-worker]

- The web UI and API are served by waitress (a pure-Python production WSGI server).
- Static files (our CSS, Bootstrap, htmx, ECharts) are served by WhiteNoise, with DEBUG off
  too: when WHITENOISE_USE_FINDERS is on, WhiteNoise reads them from the app and npm folders
  at start-up; otherwise they are first collected into STATIC_ROOT (quietly).
- Unless --no-worker, a daemon thread runs the background work every
  ZHONGSHU_SWEEP_INTERVAL_SECONDS: the deadline sweeper (reminders, 催办, 督办), the
  delivery of pending notifications and the apps' periodic jobs, so the single-process mode
  does what `zhongshu worker` does.
  A larger installation runs `zhongshu worker` separately and serves with --no-worker.
"""

from __future__ import annotations

import importlib
import logging
import signal
import threading
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

log = logging.getLogger("zhongshu.serve")


def _optional(module: str, name: str):
    """`module.name` if both exist, else None (the apps providing them may not be installed)."""
    try:
        return getattr(importlib.import_module(module), name, None)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise


def background_tick() -> None:
    """One round of background work: sweep the deadline clocks, deliver pending notices, then run
    the apps' periodic jobs (clocks.hooks.run_jobs: retraining, the KPI rollup, the Open311 queue).

    Uses the deadline engine's `clocks.sweeper.sweep` (the same round as `zhongshu worker`)
    and `notify.delivery.deliver_pending` when those apps are installed. Each part fails on
    its own: a broken delivery never stops the sweeper, and the next round retries.
    """
    from django.db import close_old_connections

    from zhongshu.core.context import acting_as

    close_old_connections()
    try:
        with acting_as(None, label="督办引擎", channel="worker"):
            sweep = _optional("zhongshu.clocks.sweeper", "sweep")
            try:
                if sweep is not None:
                    sweep()
            except Exception:
                log.exception("时限扫描失败，下一轮重试")
            deliver = _optional("zhongshu.notify.delivery", "deliver_pending")
            try:
                if deliver is not None:
                    deliver()
            except Exception:
                log.exception("通知投递失败，下一轮重试")
            run_jobs = _optional("zhongshu.clocks.hooks", "run_jobs")
            if run_jobs is not None:  # the apps' periodic jobs, as `zhongshu worker` runs them
                run_jobs()
    finally:
        close_old_connections()


def background_loop(stop: threading.Event, interval: float) -> None:
    """Run `background_tick` now and then every `interval` seconds until `stop` is set."""
    while not stop.is_set():
        background_tick()
        stop.wait(interval)


def start_background(interval: float | None = None) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    interval = interval or settings.ZHONGSHU_SWEEP_INTERVAL_SECONDS
    thread = threading.Thread(target=background_loop, args=(stop, interval), name="zhongshu-worker", daemon=True)
    thread.start()
    return thread, stop


def prepare_static() -> None:
    """Make sure WhiteNoise can serve every static file with DEBUG off."""
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    if getattr(settings, "WHITENOISE_USE_FINDERS", False):
        return  # WhiteNoise indexes the finders' files at start-up
    call_command("collectstatic", interactive=False, verbosity=0)


def _stop_on_sigterm() -> None:
    """SIGTERM (systemd, docker stop, kill) stops the server like Ctrl+C does: cleanly."""
    if threading.current_thread() is not threading.main_thread():
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


class Command(BaseCommand):
    help = "启动中枢网页服务（waitress），并在同一进程内运行后台提醒"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
        parser.add_argument("--threads", type=int, default=8, help="处理请求的线程数（默认 8）")
        parser.add_argument("--no-worker", action="store_true", help="不在本进程运行后台提醒（另行运行 zhongshu worker 时使用）")

    def handle(self, *args, host, port, threads, no_worker, **options):
        try:
            from waitress import create_server
        except ImportError:
            raise CommandError("未安装 waitress：请先运行 make install")
        from django.core.wsgi import get_wsgi_application

        self.check(display_num_errors=False)
        prepare_static()
        application = get_wsgi_application()
        try:
            server = create_server(application, host=host, port=port, threads=threads,
                                   ident="zhongshu", clear_untrusted_proxy_headers=True)
        except OSError as exc:
            raise CommandError(f"无法监听 {host}:{port}：{exc.strerror or exc}（端口可能已被占用，可用 --port 换一个）")
        stop = None
        if not no_worker:
            _thread, stop = start_background()
        _stop_on_sigterm()
        shown_host = f"[{host}]" if ":" in host else host
        self.stdout.write(self.style.SUCCESS(f"中枢已启动：http://{shown_host}:{server.effective_port}/"))
        self.stdout.write(
            "后台提醒：" + ("未在本进程运行（--no-worker）" if no_worker
                          else f"每 {settings.ZHONGSHU_SWEEP_INTERVAL_SECONDS} 秒扫描一次")
            + "。按 Ctrl+C 停止。")
        self.stdout.flush()
        try:
            server.run()  # returns when interrupted (waitress catches KeyboardInterrupt itself)
        except KeyboardInterrupt:
            pass
        finally:
            if stop is not None:
                stop.set()  # the worker finishes its current round (its transactions commit) and ends
            server.close()
        self.stdout.write("已停止。")
