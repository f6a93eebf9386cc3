"""The status light (红黄绿灯): ONE definition for the whole product.

    light(clock, now)      -> "red" | "yellow" | "green" | "none"
    light_q(color, now)    -> Q for Clock querysets (prefix it for related models: light_q(c, now, "clock__"))

Rules, first match wins:
1. done or stopped → "none" (grey: finished work has no light; on-time or late is shown in words);
2. escalated (by the 督办 rung or a person), running or paused → "red";
3. paused → "none" (the clock is not ticking);
4. running and now > due_at → "red" (overdue);
5. running and now >= warn_at → "yellow": warn_at is the earlier of the ladder's warning window
   and the moment the clock falls behind schedule (progress below the elapsed share of time
   minus ZHONGSHU_BEHIND_SCHEDULE_TOLERANCE points). It is a stored field recomputed on every
   save (schedule.compute_warn_at), so no expression is needed in SQL;
6. otherwise "green".
light() and light_q() are tested to agree over a grid of cases.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from .models import ClockState

COLORS = ("red", "yellow", "green", "none")
COLOR_LABEL = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "none": "无"}

_FINISHED = (ClockState.DONE, ClockState.STOPPED)
_OPEN = (ClockState.RUNNING, ClockState.PAUSED)


def light(clock, now: datetime) -> str:
    if clock.state in _FINISHED:
        return "none"
    if clock.escalated:
        return "red"
    if clock.state == ClockState.PAUSED:
        return "none"
    if now > clock.due_at:
        return "red"
    if clock.warn_at is not None and now >= clock.warn_at:
        return "yellow"
    return "green"


def light_q(color: str, now: datetime, prefix: str = "") -> Q:
    def q(**kw):
        return Q(**{prefix + k: v for k, v in kw.items()})

    running = q(state=ClockState.RUNNING, escalated=False)
    if color == "red":
        return q(state__in=_OPEN, escalated=True) | (running & q(due_at__lt=now))
    if color == "yellow":
        return running & q(due_at__gte=now, warn_at__lte=now)
    if color == "green":
        return running & q(due_at__gte=now) & (q(warn_at__isnull=True) | q(warn_at__gt=now))
    if color == "none":
        return q(state__in=_FINISHED) | q(state=ClockState.PAUSED, escalated=False)
    raise ValueError(f"未知的灯色：{color}")


def light_title(clock, now: datetime, cal=None) -> str:
    """The Chinese words beside the light: "已逾期 3 个工作日", "还剩 2 个工作日"…"""
    from zhongshu.workcal.calc import get_calendar

    cal = cal or get_calendar()
    if clock.state == ClockState.DONE:
        done_at = clock.completed_at or now
        return "已办结（按期）" if done_at <= clock.due_at else "已办结（逾期）"
    if clock.state == ClockState.STOPPED:
        return "已终止"
    today = now.astimezone(cal.tz).date()
    due_day = clock.due_at.astimezone(cal.tz).date()
    parts = []
    if clock.escalated:
        parts.append("已督办")
    if clock.state == ClockState.PAUSED:
        parts.append(f"已挂起（{clock.pause_reason}）" if getattr(clock, "pause_reason", "") else "已挂起")
    elif now > clock.due_at:
        days = cal.workdays_between(due_day, today).value
        parts.append(f"已逾期 {days} 个工作日" if days > 0 else "已逾期")
    else:
        days = cal.workdays_between(today, due_day).value
        if days > 0:
            parts.append(f"还剩 {days} 个工作日")
        else:
            # an hour-based clock due later today: say when, not "soon" (it may be hours away, light green)
            parts.append("今日到期" if clock.day_based else f"今日 {clock.due_at.astimezone(cal.tz):%H:%M} 前到期")
        if clock.warn_at is not None and now >= clock.warn_at and light(clock, now) == "yellow":
            parts.append("进度滞后或临近到期")
    return "，".join(parts)
