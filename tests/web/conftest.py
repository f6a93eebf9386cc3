"""Fixtures for the 工作台 tests: clocks in each light, relative to the real current moment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone


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


def ensure_seed_data():
    """Transactional tests run on committed data: make sure what the migrations seed is there.

    A transactional test ends by flushing every table; on a database kept between runs
    (--reuse-db on PostgreSQL) the statutory calendar and the default escalation ladder seeded
    by the migrations may therefore be gone. Re-run those seed steps if so, and drop the
    per-process caches built from an earlier test's database.
    """
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from zhongshu.clocks.models import Ladder
    from zhongshu.clocks.schedule import invalidate_ladders
    from zhongshu.workcal.calc import invalidate
    from zhongshu.workcal.models import CalendarYear

    ContentType.objects.clear_cache()  # ids from an earlier, flushed database
    if not CalendarYear.objects.exists():
        import_module("zhongshu.workcal.migrations.0002_seed_from_package").seed(apps, None)
    if not Ladder.objects.filter(kind="default").exists():
        import_module("zhongshu.clocks.migrations.0002_default_ladder").seed(apps, None)
    invalidate()
    invalidate_ladders()


@pytest.fixture
def seeded(db):
    ensure_seed_data()
