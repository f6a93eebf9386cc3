"""`zhongshu serve` starts a real server (waitress) that answers pages and serves CSS with DEBUG off."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


@pytest.fixture
def server_env(tmp_path):
    """A fresh SQLite database in a temporary data folder, DEBUG off, a real secret key."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHONGSHU_")}
    env.update(ZHONGSHU_DATA_DIR=str(tmp_path), ZHONGSHU_SECRET_KEY="serve-test-" + "x" * 40,
               ZHONGSHU_SWEEP_INTERVAL_SECONDS="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    zhongshu = Path(sys.executable).with_name("zhongshu")
    subprocess.run([str(zhongshu), "migrate", "--noinput", "-v0"], env=env, check=True, timeout=300)
    return env, zhongshu


def test_serve_answers_login_page_and_serves_css_with_debug_off(server_env):
    env, zhongshu = server_env
    port = free_port()
    proc = subprocess.Popen([str(zhongshu), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline:
            try:
                status, _, body = get(base + "/accounts/login/")
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read()
                time.sleep(0.3)
        assert status == 200
        html = body.decode()
        assert "登录" in html
        css_links = [part.split('"')[0] for part in html.split('href="')[1:] if part.split('"')[0].endswith(".css")]
        assert any("bootstrap" in link for link in css_links) and any("zhongshu.css" in link for link in css_links)
        for link in css_links:
            status, content_type, body = get(base + link)
            assert status == 200, link
            assert content_type.startswith("text/css"), (link, content_type)
            assert len(body) > 100
        status, _, body = get(base + "/no-such-page/")
        assert status == 404 and "页面不存在" in body.decode()
        # the background worker runs in the same process without taking the server down
        time.sleep(2.5)
        assert proc.poll() is None
        assert get(base + "/accounts/login/")[0] == 200
    finally:
        proc.terminate()
        try:
            output, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
    assert proc.returncode == 0, output  # SIGTERM stops it cleanly
    assert f"http://127.0.0.1:{port}/" in output and "已停止" in output
    assert "Traceback" not in output, output


def test_serve_refuses_a_port_in_use_with_a_chinese_message(server_env):
    env, zhongshu = server_env
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([str(zhongshu), "serve", "--port", str(port), "--no-worker"], env=env,
                                capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "端口可能已被占用" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_background_tick_sends_reminders_and_delivers_email(seeded, city, make_user, monkeypatch, mailoutbox):
    """The worker thread of `zhongshu serve` runs the sweeper and the delivery of queued email.

    Transactional, as in the real worker thread: the tick manages its own connection and
    transactions (close_old_connections would end a surrounding test transaction).
    """
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from zhongshu.clocks.engine import start_clock
    from zhongshu.clocks.limits import Limit
    from zhongshu.core.management.commands.serve import background_tick
    from zhongshu.notify.models import Notice
    from zhongshu.workcal.calc import get_calendar

    liaison = make_user("liaison", city.traffic, email="liaison@example.cn")
    make_user("unit_leader", city.traffic)
    cal = get_calendar()
    start = datetime(2026, 11, 2, 9, 0, tzinfo=cal.tz)
    clock = start_clock(city.traffic, kind="test.report", unit=city.traffic, title="报送季度进展",
                        limit=Limit.workdays(5), started_at=start)
    due_day = timezone.localtime(clock.due_at, cal.tz).date()
    moment = datetime.combine(cal.add_workdays(due_day, 1).value, time(10, 0), cal.tz)
    monkeypatch.setattr(timezone, "now", lambda: moment + timedelta(minutes=1))

    background_tick()

    reminder = Notice.objects.get(recipient=liaison, title__startswith="【催办】")
    assert "报送季度进展" in reminder.title
    assert any("报送季度进展" in mail.subject and "liaison@example.cn" in mail.to for mail in mailoutbox)
    count = Notice.objects.count()
    background_tick()  # the next round fires nothing twice
    assert Notice.objects.count() == count


@pytest.mark.django_db(transaction=True)
def test_background_tick_runs_the_apps_periodic_jobs_and_survives_a_failing_one(monkeypatch):
    """The embedded worker does what `zhongshu worker` does: the registered jobs run each round
    (retraining, the KPI rollup, the Open311 queue), and one that fails never stops the others."""
    from zhongshu.clocks import hooks
    from zhongshu.core.management.commands.serve import background_tick

    ran = []

    def broken(now):
        raise RuntimeError("坏了")

    monkeypatch.setattr(hooks, "_jobs", {"坏任务": broken, "好任务": lambda now: ran.append(now) or "完成"})
    background_tick()
    assert ran == [None]
