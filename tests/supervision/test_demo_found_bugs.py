"""Bugs found while building the `zhongshu demo` 督查督办 office, each pinned by a test."""

from __future__ import annotations

from datetime import date

from sv_time import at

from zhongshu.supervision import transitions as t


def _report(task, who, when, progress, text="进展"):
    return t.report(task, who, t.ReportInput(progress=progress, done=text, handler="联络员", phone="66010000"),
                    at=when)


def test_a_task_reopened_by_a_failed_recheck_reports_under_todays_date_and_can_report_again(
        people, new_matter):
    """Accepting a completion stops the report clock but left the open period (report_period) on
    the task; after a 回头看 reopened it, the next report was filed under that old period
    ("2026年2月" in May), late, and any further report was refused as a duplicate."""
    matter = new_matter(co_units=[], deadline=date(2026, 3, 31))
    t.assign(matter, people.supervisor, at=at(2026, 1, 5, 10))
    task = matter.tasks.get(parent=None)
    t.accept(task, people.jt_liaison, at=at(2026, 1, 6, 9))
    task.refresh_from_db()
    _report(task, people.jt_liaison, at(2026, 1, 23, 10), 40)
    task.refresh_from_db()
    assert task.report_period == "2026-02"
    item = t.request_completion(task, people.jt_liaison, result="已全部完成", at=at(2026, 2, 10, 10))
    t.review_completion(item, people.supervisor, accept=True, at=at(2026, 2, 11, 10))
    matter.refresh_from_db()
    t.close(matter, people.supervisor, at=at(2026, 2, 12, 10))
    recheck = matter.rechecks.get()
    t.record_recheck(recheck, people.supervisor, result="failed", findings="问题反弹", at=at(2026, 5, 11, 10))

    task.refresh_from_db()
    assert task.state == "in_progress"
    first = _report(task, people.jt_liaison, at(2026, 5, 13, 10), 30, "正在重新整改")
    assert first.period == "2026-05-13" and first.period_label == "2026年5月13日"
    task.refresh_from_db()
    second = _report(task, people.jt_liaison, at(2026, 5, 20, 10), 60, "整改过半")
    assert second.period == "2026-05-20"
    assert task.reports.count() == 3
