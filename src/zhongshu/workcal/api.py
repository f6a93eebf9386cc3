"""Working-day arithmetic over HTTP (/api/v1/workcal/…), for every signed-in user or token.

Each answer carries `fallback_years` and `fallback_note`: non-empty when a year without a
statutory arrangement was counted Monday–Friday, so a client can show it next to the date.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from ninja import Query, Router, Schema
from pydantic import BeforeValidator, Field, WithJsonSchema

from zhongshu.core.errors import UserError

from .calc import fallback_note, get_calendar
from .models import CalendarDay, CalendarYear
from .parsing import MAX_DAYS, check_year, parse_day


def _day(value):
    if isinstance(value, date):
        return value
    return parse_day(str(value))  # ValueError → 422 "日期“2026-02-30”无效"


Day = Annotated[date, BeforeValidator(_day), WithJsonSchema({"type": "string", "format": "date"})]

router = Router(tags=["工作日历"])


class AddQuery(Schema):
    date: Day = Field(description="起始日期（不计入），YYYY-MM-DD")
    days: int = Field(description=f"天数，可为负，绝对值不超过 {MAX_DAYS}")
    unit: Literal["workdays", "calendar_days"] = Field("workdays", description="workdays 工作日；calendar_days 自然日")


class BetweenQuery(Schema):
    start: Day = Field(description="起始日期（不计入）")
    end: Day = Field(description="截止日期（计入）")


class DayQuery(Schema):
    date: Day


class AddOut(Schema):
    date: date
    explanation: str
    fallback_years: list[int]
    fallback_note: str


class BetweenOut(Schema):
    count: int
    explanation: str
    fallback_years: list[int]
    fallback_note: str


class DayOut(Schema):
    date: date
    workday: bool
    explanation: str
    fallback_years: list[int]
    fallback_note: str


class ExceptionDay(Schema):
    date: date
    kind: Literal["off", "work"] = Field(description="off 放假；work 调休上班")
    name: str


class YearOut(Schema):
    year: int
    arranged: bool
    source: str
    fallback_note: str
    days: list[ExceptionDay]


@router.get("/add", response=AddOut, summary="日期加减工作日或自然日")
def add(request, q: Query[AddQuery]):
    if abs(q.days) > MAX_DAYS:
        raise UserError(f"天数 {q.days} 超出范围（-{MAX_DAYS} 至 {MAX_DAYS}）", code="validation_error", status=422)
    cal = get_calendar()
    try:
        result = cal.add_calendar_days(q.date, q.days) if q.unit == "calendar_days" else cal.add_workdays(q.date, q.days)
    except OverflowError:
        raise UserError("结果日期超出范围", code="validation_error", status=422)
    return {"date": result.value, "explanation": result.explanation, "fallback_years": list(result.fallback_years),
            "fallback_note": result.fallback_note}


@router.get("/between", response=BetweenOut, summary="两日期之间的工作日数（不含起始日，含截止日）")
def between(request, q: Query[BetweenQuery]):
    try:
        result = get_calendar().workdays_between(q.start, q.end)
    except ValueError as exc:
        raise UserError(str(exc), code="validation_error", status=422)
    return {"count": result.value, "explanation": result.explanation, "fallback_years": list(result.fallback_years),
            "fallback_note": result.fallback_note}


@router.get("/day", response=DayOut, summary="某日是否工作日及原因")
def day(request, q: Query[DayQuery]):
    result = get_calendar().explain_day(q.date)
    return {"date": q.date, "workday": result.value, "explanation": result.explanation,
            "fallback_years": list(result.fallback_years), "fallback_note": result.fallback_note}


@router.get("/days/{year}", response=YearOut, summary="某年的节假日与调休（arranged=false 表示未录入）")
def year_days(request, year: int):
    try:
        check_year(year)
    except ValueError as exc:
        raise UserError(str(exc), code="validation_error", status=422)
    record = CalendarYear.objects.filter(year=year).first()
    days = list(CalendarDay.objects.filter(date__year=year).order_by("date").values("date", "kind", "name")) if record else []
    return {"year": year, "arranged": record is not None, "source": record.source if record else "",
            "fallback_note": "" if record else fallback_note([year]), "days": days}
