"""Moments in Shanghai time for the 督查督办 tests: at(2026, 1, 5, 10) → 2026-01-05 10:00+08:00."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hh=9, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SH)
