"""Fixtures for the 工作台 tests: clocks in each light, relative to the real current moment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from seed_data import ensure_seed_data


@pytest.fixture
def start_clock_in(seeded):
    """start_clock_in(unit, title, light) → a running clock attached to `unit` that shows `light` now.

    red: due 20 calendar days ago; yellow: due tomorrow (inside the default 2-working-day
    warning window); green: due in 60 days.
    """
    from zhongshu.clocks.engine import start_clock
    from zhongshu.clocks.limits import Limit

    def make(unit, title, light):
        now = timezone.now()
        if light == "red":
            started, limit = now - timedelta(days=30), Limit.calendar_days(10)
        elif light == "yellow":
            started, limit = now - timedelta(days=1), Limit.calendar_days(2)
        else:
            started, limit = now, Limit.calendar_days(60)
        return start_clock(unit, kind="test.report", unit=unit, title=title, limit=limit, started_at=started)

    return make


@pytest.fixture
def seeded(db):
    ensure_seed_data()
