"""Moments in Shanghai time for the 批示 tests: at(2026, 3, 2, 10) → 2026-03-02 10:00+08:00."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hh=9, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SH)
