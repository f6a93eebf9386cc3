"""成文日期 and 印发日期 as GB/T 9704-2012 §7.3.5.4 writes them."""

from __future__ import annotations

from datetime import date


def zh_date(d: date) -> str:
    """``date(2026, 3, 5)`` → ``"2026年3月5日"``.

    Arabic numerals, the year in full, month and day without zero padding (1 is not written 01).
    """
    if not isinstance(d, date):
        from .model import PaperError

        raise PaperError(f"日期必须是 date 类型，收到的是 {type(d).__name__}")
    return f"{d.year}年{d.month}月{d.day}日"
