"""Fixtures for the deadline engine: Shanghai moments, a staffed unit, a clock factory.

zhongshu.audit and zhongshu.notify are the real apps; when one of them is not importable
(parallel development), a minimal fake is installed here, never in src.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from clocks_time import SH, at  # noqa: F401 - at is used by the fixtures below


@pytest.fixture(autouse=True)
def _fresh_caches(django_db_setup, django_db_blocker):
    """Fresh per-process caches, and the migration-seeded data present even after another
    test flushed the database (transactional tests do; --reuse-db keeps the flushed state)."""
    from zhongshu.clocks.defaults import ensure_default_ladder
    from zhongshu.clocks.models import Ladder, Rung
    from zhongshu.clocks.schedule import invalidate_ladders
    from zhongshu.workcal.calc import invalidate
    from zhongshu.workcal.models import CalendarDay, CalendarYear
    from zhongshu.workcal.seed import seed_years

    with django_db_blocker.unblock():
        ensure_default_ladder(Ladder, Rung)
        if not CalendarYear.objects.filter(year=2026).exists():
            seed_years(CalendarYear, CalendarDay, range(2025, 2027))
    invalidate()
    invalidate_ladders()
    yield
    invalidate()
    invalidate_ladders()


@pytest.fixture
def staff(city, make_user):
    """督查室 staff, and for 市交通局 a liaison, a leader and a clerk; 市水利局 has a clerk only."""
    return SimpleNamespace(
        supervisor=make_user("supervisor", city.office, full_name="督查员甲"),
        head=make_user("supervision_head", city.office, full_name="督查室主任"),
        liaison=make_user("liaison", city.traffic, full_name="交通联络员"),
        leader=make_user("unit_leader", city.traffic, full_name="交通局长"),
        clerk=make_user("unit_staff", city.traffic, full_name="交通经办人"),
        water_clerk=make_user("unit_staff", city.water, full_name="水利经办人"),
    )


@pytest.fixture
def make_clock(city):
    from zhongshu.clocks import Limit, start_clock

    def make(limit=None, *, started_at=None, unit=None, title="完善城区公交线网", kind="test.task",
             target=None, **kw):
        return start_clock(target or city.traffic, kind=kind, unit=unit or city.traffic, title=title,
                           limit=limit or Limit.workdays(5), started_at=started_at or at(2026, 3, 2), **kw)

    return make
