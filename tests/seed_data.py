"""What the migrations seed, put back when a transactional test flushed it.

A transactional test ends by flushing every table (on SQLite and on a reused PostgreSQL
database alike), so the statutory calendar and the escalation ladders seeded by the migrations
may be gone for the next one. `ensure_seed_data()` re-runs those seed steps where needed and
drops the per-process caches built from an earlier, flushed database (content types, the
calendar, the ladders). Preferred over `serialized_rollback`, which reloads the serialized
content types with their old ids and collides with the ones the flush re-created.
"""

from __future__ import annotations


def ensure_seed_data() -> None:
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from zhongshu.clocks.defaults import ensure_default_ladder
    from zhongshu.clocks.models import Ladder, Rung
    from zhongshu.clocks.schedule import invalidate_ladders
    from zhongshu.hotline import ladders as hotline_ladders
    from zhongshu.hotline import limits as hotline_limits
    from zhongshu.hotline.models import TimeLimitRule
    from zhongshu.supervision.ladders import ensure_ladders
    from zhongshu.workcal.calc import invalidate
    from zhongshu.workcal.models import CalendarYear

    ContentType.objects.clear_cache()
    if not CalendarYear.objects.exists():
        import_module("zhongshu.workcal.migrations.0002_seed_from_package").seed(apps, None)
    ensure_default_ladder(Ladder, Rung)
    ensure_ladders(Ladder, Rung)
    hotline_ladders.ensure_ladders(Ladder, Rung)
    from zhongshu.documents import ladders as documents_ladders

    documents_ladders.ensure_ladders(Ladder, Rung)
    from zhongshu.meetings import ladders as meetings_ladders

    meetings_ladders.ensure_ladders(Ladder, Rung)
    from zhongshu.instructions import ladders as instructions_ladders

    instructions_ladders.ensure_ladders(Ladder, Rung)
    hotline_limits.ensure_rules(TimeLimitRule)
    hotline_limits.clear_cache()
    from zhongshu.documents.models import EmptyPhrase

    if not EmptyPhrase.objects.exists():
        import_module("zhongshu.documents.migrations.0002_seed").seed(apps, None)
    invalidate()
    invalidate_ladders()
