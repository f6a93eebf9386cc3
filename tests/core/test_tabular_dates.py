"""Dates as offices type them (parse_date) and as cells hold them (to_date)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from openpyxl.utils.datetime import CALENDAR_MAC_1904, to_excel

from zhongshu.core.tabular.dates import local_date, parse_date, to_date

JUNE_30 = date(2026, 6, 30)
HINT = "（应为 2026-06-30、2026/6/30、2026年6月30日 等）"


@pytest.mark.parametrize("text", [
    "2026-06-30", "2026-6-30", "2026/6/30", "2026/06/30", "2026.6.30", "2026.06.30", "2026 . 6 . 30",
    "2026年6月30日", "2026年06月30日", "2026年6月30号", "2026年6月30", "2026 年 6 月 30 日",
    "20260630", "2026-06-30 00:00:00", "2026/6/30 8:00", "2026-06-30T08:00:00", "2026-06-30 23:59:59.5",
    "２０２６年６月３０日", "２０２６－０６－３０", "２０２６／６／３０", "2026—06—30",
    "  2026-06-30  ", "\u30002026/6/30\u3000", "\t2026年6月30日\n", "2026-06-30\u200b",
    "二〇二六年六月三十日", "二零二六年六月三十号",
])
def test_accepted_spellings(text):
    assert parse_date(text) == JUNE_30


@pytest.mark.parametrize("text, expected", [
    ("2026-12-01", date(2026, 12, 1)), ("2026年1月1日", date(2026, 1, 1)), ("2028-02-29", date(2028, 2, 29)),
    ("二〇二六年十二月一日", date(2026, 12, 1)), ("二〇二六年十月二十一日", date(2026, 10, 21)),
    ("1900-01-01", date(1900, 1, 1)), ("2100-12-31", date(2100, 12, 31)),
])
def test_other_dates(text, expected):
    assert parse_date(text) == expected


def test_month_out_of_range_names_the_value_and_the_accepted_forms():
    with pytest.raises(ValueError) as exc:
        parse_date("2026-13-01")
    assert str(exc.value) == "日期无效：2026-13-01（应为 2026-06-30、2026/6/30、2026年6月30日 等）"


@pytest.mark.parametrize("text, message", [
    ("2026-02-30", "日期无效：2026-02-30（2026年2月只有 28 天）"),
    ("2028-02-30", "日期无效：2028-02-30（2028年2月只有 29 天）"),
    ("2026/4/31", "日期无效：2026/4/31（2026年4月只有 30 天）"),
    ("2026-06-00", "日期无效：2026-06-00（2026年6月只有 30 天）"),
    ("1899-12-31", "日期无效：1899-12-31（年份应在 1900–2100 之间）"),
    ("6月30日", "日期无效：6月30日（缺少年份，应为 2026年6月30日、2026-06-30 等）"),
    ("6/30", "日期无效：6/30（缺少年份，应为 2026年6月30日、2026-06-30 等）"),
    ("", "日期为空"),
    ("   ", "日期为空"),
])
def test_refusals_with_specific_messages(text, message):
    with pytest.raises(ValueError) as exc:
        parse_date(text)
    assert str(exc.value) == message


@pytest.mark.parametrize("text", [
    "年底", "年中", "长期", "2026年6月", "2026-06", "26/6/30", "6/30/2026", "2026-06/30", "2026-00-10",
    "20261301", "2026-06-30 25:00", "2026-06-30 08:61", "2026年6月30日上午", "二〇二六年六月", "2026-06-30-01",
])
def test_refusals_with_the_list_of_accepted_forms(text):
    with pytest.raises(ValueError) as exc:
        parse_date(text)
    assert str(exc.value) == f"日期无效：{text}{HINT}"


def test_parse_date_wants_text():
    with pytest.raises(TypeError):
        parse_date(JUNE_30)


def test_to_date_blank_is_none():
    assert to_date(None) is None
    assert to_date("") is None
    assert to_date(" \u3000 ") is None


def test_to_date_cells():
    assert to_date(JUNE_30) == JUNE_30
    assert to_date(datetime(2026, 6, 30, 17, 30)) == JUNE_30
    assert to_date("2026年6月30日") == JUNE_30


def test_to_date_aware_datetime_is_the_local_date():
    evening_utc = datetime(2026, 6, 30, 20, 0, tzinfo=UTC)  # 04:00 on July 1 in Shanghai
    assert to_date(evening_utc) == date(2026, 7, 1)
    assert local_date(evening_utc) == date(2026, 7, 1)
    with timezone.override(ZoneInfo("UTC")):
        assert local_date(evening_utc) == JUNE_30


def test_to_date_serial_numbers():
    serial = to_excel(JUNE_30)
    assert serial == 46203
    assert to_date(46203) == JUNE_30
    assert to_date(46203.0) == JUNE_30
    assert to_date(46203.75) == JUNE_30  # 18:00 on that day
    assert to_date(20260630) == JUNE_30  # typed as a number without separators
    assert to_date(20260630.0) == JUNE_30


def test_to_date_serial_in_the_1904_date_system():
    serial = to_excel(JUNE_30, CALENDAR_MAC_1904)
    assert serial == 46203 - 1462
    assert to_date(serial, epoch=CALENDAR_MAC_1904) == JUNE_30
    assert to_date(serial) != JUNE_30


@pytest.mark.parametrize("value, shown", [(50, "50"), (12.5, "12.5"), (1_000_000, "1000000"),
                                          (float("nan"), "nan"), (20261301, "20261301")])
def test_to_date_implausible_numbers(value, shown):
    with pytest.raises(ValueError) as exc:
        to_date(value)
    assert str(exc.value).startswith(f"日期无效：{shown}（")


@pytest.mark.parametrize("value, message", [
    (True, "日期无效：TRUE（应为 2026-06-30、2026/6/30、2026年6月30日 等）"),
    (time(8, 30), "日期无效：08:30:00（单元格是时间，不是日期）"),
    (timedelta(hours=3), "日期无效：3:00:00（单元格是时间，不是日期）"),
    (date(1800, 1, 1), "日期无效：1800-01-01（年份应在 1900–2100 之间）"),
])
def test_to_date_refusals(value, message):
    with pytest.raises(ValueError) as exc:
        to_date(value)
    assert str(exc.value) == message
