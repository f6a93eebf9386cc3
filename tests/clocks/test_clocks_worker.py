"""The worker loop: stops gracefully on SIGTERM after the current batch; a stop request between
batches leaves the rest due for the next round."""

from __future__ import annotations

import os
import signal
import threading
from io import StringIO

from clocks_time import at
from django.core.management import call_command

from zhongshu.clocks import Limit, sweep
from zhongshu.clocks.models import Clock, RungFiring


def test_stop_request_between_batches_leaves_the_rest_due(make_clock, staff):
    for i in range(5):
        make_clock(Limit.workdays(5), title=f"事项{i}")
    asked = []

    def stop_after_first_batch():
        asked.append(1)
        return len(asked) > 1

    r = sweep(now=at(2026, 3, 5, 9), batch=2, stop_requested=stop_after_first_batch)
    assert r.examined == 2 and RungFiring.objects.count() == 2
    assert Clock.objects.filter(next_fire_at__lte=at(2026, 3, 5, 9)).count() == 3
    assert sweep(now=at(2026, 3, 5, 9)).examined == 3


def test_worker_exits_gracefully_on_sigterm(make_clock, staff):
    make_clock(Limit.workdays(5))
    timer = threading.Timer(1.0, os.kill, args=(os.getpid(), signal.SIGTERM))
    timer.start()
    out = StringIO()
    try:
        call_command("worker", interval=0.2, now="2026-03-05T09:00+08:00", stdout=out)
    finally:
        timer.cancel()
    text = out.getvalue()
    assert "收到停止信号" in text and text.rstrip().endswith("后台任务已退出")
    assert RungFiring.objects.count() == 1  # fired in the first round, never again
    assert signal.getsignal(signal.SIGTERM) is not None
