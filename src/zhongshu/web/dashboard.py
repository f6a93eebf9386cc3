"""What the 工作台 shows a signed-in user: their latest notices and their clocks by light.

Algorithm (a fixed number of queries, whatever the number of items):
1. notices: the user's latest LIMIT_NOTICES notices, unread 催办/督办 first, then other unread, then
   read, newest first in each (1 query);
2. clocks: the open clocks (计时中 / 已挂起) in the user's scope — `Clock.objects.restrict(user)`,
   the one scoping rule — split by the one light definition (clocks.lights.light_q):
   one aggregate query counts red / yellow / green / none (paused), then one query per
   non-empty section fetches at most
   LIMIT_ITEMS rows with their unit (select_related), and the target records are fetched
   with one query per target type (prefetch of the generic relation);
3. for office-wide users (督查室, leaders) one more grouped query gives the units with the
   most red and yellow lights.
Working-day texts ("已逾期 3 个工作日", "剩余 2 个工作日") come from the cached calendar,
without queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

LIMIT_NOTICES = 10
LIMIT_ITEMS = 50
LIMIT_UNITS = 10
LIGHTS = ("red", "yellow", "green")
# Open clocks without a light: paused (挂起) and not escalated — listed after the three lights.
SECTIONS = LIGHTS + ("none",)
LIGHT_LABELS = {"red": "逾期事项", "yellow": "即将到期", "green": "进行中", "none": "已挂起"}


@dataclass
class Item:
    """One clock as a line of the 工作台."""

    clock: object
    light: str
    timing: str  # 已逾期 N 个工作日 / 剩余 N 个工作日 / 今日到期 / 已挂起 …
    url: str

    @property
    def show_time(self) -> bool:
        """Day limits end at 24:00 of the due day: the date says it all; hour limits need the time."""
        return not self.clock.day_based


@dataclass
class Section:
    light: str
    label: str
    count: int
    items: list[Item]

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.items))


CHASING = Q(kind__endswith=".remind") | Q(kind__endswith=".escalate")   # 催办 and 督办, from any app or a ladder


def latest_notices(user, limit: int = LIMIT_NOTICES) -> list:
    """The user's latest notices: unread 催办 and 督办 first, then the other unread ones, then the
    read ones, each group newest first — so that a day of 交办 and 通知 never hides a 催办."""
    from zhongshu.notify.models import Notice

    rank = Case(When(CHASING & Q(read_at__isnull=True), then=Value(0)), When(read_at__isnull=True, then=Value(1)),
                default=Value(2), output_field=IntegerField())
    return list(Notice.objects.filter(recipient_id=user.pk).order_by(rank, "-created_at", "-id")[:limit])


def open_clocks(user):
    from zhongshu.clocks.models import Clock, ClockState

    return Clock.objects.restrict(user).filter(state__in=(ClockState.RUNNING, ClockState.PAUSED))


def light_counts(qs, now: datetime) -> dict[str, int]:
    """{"red": n, "yellow": n, "green": n, "none": n} for the clocks of `qs`, in one query."""
    from zhongshu.clocks.lights import light_q

    return qs.aggregate(**{color: Count("pk", filter=light_q(color, now)) for color in SECTIONS})


def timing_text(clock, now: datetime) -> str:
    """The words beside the light ("已逾期 3 个工作日", "还剩 2 个工作日"): clocks' one definition."""
    from zhongshu.clocks.lights import light_title

    return light_title(clock, now)


def _target_url(clock) -> str:
    """The target record's page (get_absolute_url), else the clock's own page if one exists."""
    target = clock.target
    getter = getattr(target, "get_absolute_url", None)
    if callable(getter):
        try:
            return getter()
        except Exception:  # noqa: BLE001 - a broken link must not break the page
            return ""
    try:
        return reverse("clocks:detail", args=[clock.pk])
    except NoReverseMatch:
        return ""


def clock_sections(user, now: datetime | None = None, limit: int = LIMIT_ITEMS) -> list[Section]:
    """Red, yellow, green and paused sections of the open clocks in `user`'s scope, earliest due first."""
    from django.db.models import prefetch_related_objects

    from zhongshu.clocks.lights import light_q

    now = now or timezone.now()
    qs = open_clocks(user)
    counts = light_counts(qs, now)
    rows: dict[str, list] = {}
    for color in SECTIONS:
        if not counts[color]:
            rows[color] = []
            continue
        rows[color] = list(qs.filter(light_q(color, now)).select_related("unit", "content_type")
                           .order_by("due_at", "id")[:limit])
    every = [clock for color in SECTIONS for clock in rows[color]]
    if every:
        prefetch_related_objects(every, "target")
    return [
        Section(color, LIGHT_LABELS[color], counts[color],
                [Item(clock, color, timing_text(clock, now), _target_url(clock)) for clock in rows[color]])
        for color in SECTIONS
    ]


def unit_board(now: datetime | None = None, limit: int = LIMIT_UNITS) -> list[dict]:
    """Office-wide: the units with the most red (then yellow) lights, one grouped query."""
    from zhongshu.clocks.lights import light_q
    from zhongshu.clocks.models import Clock, ClockState

    now = now or timezone.now()
    rows = (Clock.objects.filter(state__in=(ClockState.RUNNING, ClockState.PAUSED))
            .values("unit_id", "unit__short_name")
            .annotate(red=Count("pk", filter=light_q("red", now)),
                      yellow=Count("pk", filter=light_q("yellow", now)),
                      total=Count("pk"))
            .filter(Q(red__gt=0) | Q(yellow__gt=0))
            .order_by("-red", "-yellow", "unit__short_name")[:limit])
    return list(rows)
