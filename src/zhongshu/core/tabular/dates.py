"""Dates as offices type them into spreadsheets, and as Excel stores them.

`parse_date(text)` reads a date typed as text. Before matching, the text is normalised:
Unicode NFKC (full-width digits and punctuation such as ２０２６／６／３０ become ASCII),
dash look-alikes (— – ‐ −) become "-", zero-width characters are dropped, the ends are
stripped. Then exactly one of these forms must match the whole text:

    2026-06-30   2026-6-30   2026/6/30   2026.6.30   (one separator, used twice)
    2026-06-30 00:00:00   2026/6/30 8:00   2026-06-30T08:00   (a time of day is ignored)
    2026年6月30日   2026年6月30号   2026年6月30   (spaces allowed around 年/月/日)
    二〇二六年六月三十日   (Chinese numerals, as in the date of an official document)
    20260630   (eight digits)

Anything else is refused: 年底, 年中, 6月30日 (no year), 2026年6月 (no day), 26/6/30,
6/30/2026. The year must be 1900–2100 (as zhongshu.workcal.parsing). The calendar is
checked: 2026-02-30 and 2026-13-01 are errors. Every failure is a ValueError whose text
is the Chinese message to show as is, naming the value as typed.

`to_date(value, epoch=...)` reads a cell value: a date or datetime cell (an aware datetime
becomes the local date), an Excel serial number (a whole or fractional day count within
1950-01-01..2100-12-31; a bare number is weaker evidence than text, hence the narrower
range), an eight-digit number such as 20260630, or text through parse_date. Blank → None.

`local_date(dt)` turns an aware datetime into the date in the project's time zone.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel, to_excel

MIN_YEAR, MAX_YEAR = 1900, 2100
SERIAL_MIN_DATE, SERIAL_MAX_DATE = date(1950, 1, 1), date(2100, 12, 31)
FORMATS_HINT = "应为 2026-06-30、2026/6/30、2026年6月30日 等"

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_DASHES = str.maketrans(dict.fromkeys("—–‐‑‒−﹣", "-"))
_TIME = r"(?:(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
_NUMERIC = re.compile(r"(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})" + _TIME)
_CHINESE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?" + _TIME)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_CN_NUMBER = "[一二三四五六七八九十]{1,3}"
_CN_DATE = re.compile(rf"([〇○零一二三四五六七八九]{{4}})\s*年\s*({_CN_NUMBER})\s*月\s*({_CN_NUMBER})\s*[日号]")
_NO_YEAR = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]?|\d{1,2}\s*[-/.]\s*\d{1,2}")


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text.translate(_ZERO_WIDTH)).translate(_DASHES).strip()


def _cn_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 三十一 → 31 (a month or a day)."""
    if "十" not in text:
        return _CN_DIGIT[text] if len(text) == 1 else 0
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return 0
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


def _fields(text: str) -> tuple[int, int, int] | None:
    for pattern in (_NUMERIC, _CHINESE):
        match = pattern.fullmatch(text)
        if match:
            groups = match.groups()
            if pattern is _NUMERIC:
                groups = groups[:1] + groups[2:]
            year, month, day, hh, mm, ss = groups
            if hh is not None and (int(hh) > 23 or int(mm) > 59 or int(ss or 0) > 59):
                return None
            return int(year), int(month), int(day)
    match = _COMPACT.fullmatch(text)
    if match:
        return tuple(int(g) for g in match.groups())
    match = _CN_DATE.fullmatch(text)
    if match:
        year = int("".join(str(_CN_DIGIT[ch]) for ch in match.group(1)))
        return year, _cn_number(match.group(2)), _cn_number(match.group(3))
    return None


def parse_date(text: str) -> date:
    """The date in `text` (forms in the module docstring), or ValueError with a Chinese message."""
    if not isinstance(text, str):
        raise TypeError(f"parse_date expects str, got {type(text).__name__}")
    shown = text.strip()
    normal = _normalise(text)
    if not normal:
        raise ValueError("日期为空")
    parts = _fields(normal)
    if parts is None:
        if _NO_YEAR.fullmatch(normal):
            raise ValueError(f"日期无效：{shown}（缺少年份，应为 2026年6月30日、2026-06-30 等）")
        raise ValueError(f"日期无效：{shown}（{FORMATS_HINT}）")
    year, month, day = parts
    if not 1 <= month <= 12:
        raise ValueError(f"日期无效：{shown}（{FORMATS_HINT}）")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"日期无效：{shown}（年份应在 {MIN_YEAR}–{MAX_YEAR} 之间）")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"日期无效：{shown}（{year}年{month}月只有 {days} 天）")
    return date(year, month, day)


def local_zone():
    """The project's current time zone (Django's, honouring timezone.override), or
    Asia/Shanghai outside Django."""
    try:
        from django.conf import settings

        if settings.configured:
            from django.utils import timezone

            return timezone.get_current_timezone()
    except ImportError:  # pragma: no cover - Django is a dependency of the project
        pass
    return ZoneInfo("Asia/Shanghai")


def local_datetime(value: datetime, zone=None) -> datetime:
    """A naive local datetime (Excel has no time zones): an aware value is converted to
    `zone` (default: local_zone()) first, a naive one is taken as local already."""
    if value.tzinfo is not None and value.utcoffset() is not None:
        value = value.astimezone(zone or local_zone())
    return value.replace(tzinfo=None)


def local_date(value: datetime, zone=None) -> date:
    """The calendar date of `value` in `zone` (default: local_zone()) when aware."""
    return local_datetime(value, zone).date()


def _number_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _checked_year(value: date, shown: str) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"日期无效：{shown}（年份应在 {MIN_YEAR}–{MAX_YEAR} 之间）")
    return value


def to_date(value, *, epoch: datetime = WINDOWS_EPOCH) -> date | None:
    """A cell value as a date (rules in the module docstring); None when blank.

    `epoch` is the workbook's date system (openpyxl's `workbook.epoch`: 1900, or 1904 for
    some files saved on a Mac); it only matters for serial numbers.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return parse_date(value) if _normalise(value) else None
    if isinstance(value, bool):
        raise ValueError(f"日期无效：{'TRUE' if value else 'FALSE'}（{FORMATS_HINT}）")
    if isinstance(value, datetime):
        return _checked_year(local_date(value), value.strftime("%Y-%m-%d"))
    if isinstance(value, date):
        return _checked_year(value, value.isoformat())
    if isinstance(value, (time, timedelta)):
        raise ValueError(f"日期无效：{value}（单元格是时间，不是日期）")
    if isinstance(value, (int, float, Decimal)):
        shown = _number_text(value)
        if not math.isfinite(value):
            raise ValueError(f"日期无效：{shown}（{FORMATS_HINT}）")
        if value == int(value) and 10_000_000 <= value <= 99_999_999:
            return parse_date(str(int(value)))
        lowest, highest = to_excel(SERIAL_MIN_DATE, epoch), to_excel(SERIAL_MAX_DATE, epoch)
        if lowest <= value < highest + 1:
            return from_excel(int(value), epoch).date()
        raise ValueError(f"日期无效：{shown}（数字不是有效的 Excel 日期，{FORMATS_HINT}）")
    raise ValueError(f"日期无效：{value}（{FORMATS_HINT}）")
