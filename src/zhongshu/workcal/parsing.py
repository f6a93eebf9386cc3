"""Reading dates and day counts typed by people (CLI, web forms, import files).

Every failure is a `ValueError` whose text is the Chinese message to show as is.
Accepted date spellings: 2026-10-09, 2026/10/9, 2026.10.9, 2026年10月9日.
"""

from __future__ import annotations

import re
from datetime import date

MAX_DAYS = 10000
MIN_YEAR, MAX_YEAR = 1900, 2100

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_day(text: str) -> date:
    """A calendar date, or ValueError("日期“2026-02-30”无效")."""
    raw = (text or "").strip()
    match = _DATE.match(raw)
    if not match:
        raise ValueError(f"无法识别的日期“{raw}”（应为 YYYY-MM-DD，如 2026-10-09）")
    year, month, day = (int(g) for g in match.groups())
    try:
        value = date(year, month, day)
    except ValueError:
        raise ValueError(f"日期“{raw}”无效") from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"日期“{raw}”超出范围（{MIN_YEAR}–{MAX_YEAR} 年）")
    return value


def parse_days(text: str, limit: int = MAX_DAYS) -> int:
    """A whole number of days between -limit and limit."""
    raw = (text or "").strip().replace("＋", "+").replace("－", "-")
    if not re.fullmatch(r"[+-]?\d+", raw):
        raise ValueError(f"天数“{raw}”不是整数")
    value = int(raw)
    check_days(value, limit)
    return value


def check_days(value: int, limit: int = MAX_DAYS) -> int:
    if abs(value) > limit:
        raise ValueError(f"天数 {value} 超出范围（-{limit} 至 {limit}）")
    return value


def check_year(value: int) -> int:
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise ValueError(f"年份 {value} 超出范围（{MIN_YEAR}–{MAX_YEAR}）")
    return value


def parse_year(text: str) -> int:
    raw = (text or "").strip().removesuffix("年")
    if not raw.isdigit():
        raise ValueError(f"年份“{raw}”无效")
    return check_year(int(raw))
