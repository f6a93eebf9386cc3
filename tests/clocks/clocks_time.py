"""Moments in Shanghai time for the clock tests (a module of its own: test modules importing
from `conftest` break when another folder's conftest was imported under that name first)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hh=9, mm=0, ss=0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, tzinfo=SH)
