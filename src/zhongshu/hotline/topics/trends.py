"""Rising trends per area or category: this window's count against the previous window's.

    trends(items, by="place", window=timedelta(days=7), now=…)  -> [Trend, …], rising first

Stated method. Two windows of equal length end at `now` (default: the latest item's time):
current = [now − window, now), previous = [now − 2·window, now − window). For every key (an
item's place, category or any other attribute named by `by`, or a function of the item) the
two counts are taken; rise = current − previous, ratio = current / previous (None when the
previous count is 0). Rising first: by rise, then current count, then the key. Keys with fewer
than `min_count` items in the current window are left out (a rise from 0 to 1 is noise).
Items without a time or with an empty key are not counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Trend:
    key: str
    current: int
    previous: int

    @property
    def rise(self) -> int:
        return self.current - self.previous

    @property
    def ratio(self) -> float | None:
        return self.current / self.previous if self.previous else None

    def text(self) -> str:
        """For the page: "A3区：近期 12 件，前期 4 件，增加 8 件（3.0 倍）"."""
        change = (f"增加 {self.rise} 件" if self.rise > 0 else f"减少 {-self.rise} 件" if self.rise < 0 else "持平")
        times = f"（{self.ratio:.1f} 倍）" if self.ratio is not None and self.rise > 0 else ""
        return f"{self.key}：近期 {self.current} 件，前期 {self.previous} 件，{change}{times}"


def trends(items: Iterable, *, by: str | Callable = "place", window: timedelta = timedelta(days=7),
           now: datetime | None = None, min_count: int = 2, rising_only: bool = False) -> list[Trend]:
    """Counts per key in the current and the previous window (see the module docstring).
    `items` are topics.Item (or anything with `.at` and the attribute named by `by`); `by` may
    also be a function item -> key. With rising_only, only keys whose count went up."""
    items = list(items)
    key_of = by if callable(by) else (lambda item: getattr(item, by, "") or "")
    if now is None:
        now = max((i.at for i in items if i.at is not None), default=None)
        if now is None:
            return []
        now = now + timedelta(microseconds=1)  # the latest item belongs to the current window
    current: Counter = Counter()
    previous: Counter = Counter()
    start, middle = now - 2 * window, now - window
    for item in items:
        at = item.at
        if at is None or not (start <= at < now):
            continue
        key = key_of(item)
        if not key:
            continue
        if at >= middle:
            current[key] += 1
        else:
            previous[key] += 1
    out = [Trend(str(k), current[k], previous[k]) for k in set(current) | set(previous) if current[k] >= min_count]
    if rising_only:
        out = [t for t in out if t.rise > 0]
    out.sort(key=lambda t: (-t.rise, -t.current, t.key))
    return out
