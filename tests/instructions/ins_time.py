"""Moments in Shanghai time for the 批示 tests: at(2026, 3, 2, 10) → 2026-03-02 10:00+08:00."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hh=9, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SH)


def review_all(round_, by, *, accept=True, when=None):
    """The 督查室 reviews every pending 办结申请 of the round's 督办 tasks (通过, or 驳回重办)."""
    from zhongshu.supervision import TaskState, tasks_for
    from zhongshu.supervision.transitions import review_completion

    for task in tasks_for(round_):
        if task.state == TaskState.REVIEW:
            review_completion(task.completions.filter(state="pending").get(), by, accept=accept,
                              comment="" if accept else "请补充整改照片", at=when or at(2026, 3, 11, 10))
