"""Steps that bring a test matter to a stage of the loop (times in January–June 2026).

    lead = in_progress(people, matter)    # assigned 1月5日, accepted by 市交通局 1月6日
"""

from __future__ import annotations

from datetime import date

from sv_time import at

from zhongshu.supervision import transitions as t


def lead_task(matter):
    return matter.tasks.get(parent=None, role="lead")


def co_task(matter):
    return matter.tasks.filter(parent=None, role="co").first()


def assigned(people, matter):
    t.assign(matter, people.supervisor, at=at(2026, 1, 5, 10))
    return lead_task(matter)


def in_progress(people, matter):
    lead = assigned(people, matter)
    t.accept(lead, people.jt_liaison, at=at(2026, 1, 6, 9))
    lead.refresh_from_db()
    return lead


def report_input(progress=30, done="完成施工招标，主线桩基开工"):
    return t.ReportInput(progress=progress, done=done, problems="征迁进度偏慢", next_steps="加快征迁",
                         handler="周婷", phone="0731-88000000")


def in_review(people, matter):
    lead = in_progress(people, matter)
    item = t.request_completion(lead, people.jt_liaison, result="主线已通车", at=at(2026, 6, 20))
    lead.refresh_from_db()
    return lead, item


def all_done(people, matter):
    """Both tasks (lead and co) accepted and completed: the matter waits for 销号."""
    lead, item = in_review(people, matter)
    t.review_completion(item, people.supervisor, accept=True, at=at(2026, 6, 22))
    co = co_task(matter)
    t.accept(co, people.sl_liaison, at=at(2026, 1, 6, 10))
    item = t.request_completion(co, people.sl_liaison, result="配合完成", at=at(2026, 6, 1))
    t.review_completion(item, people.supervisor, accept=True, at=at(2026, 6, 2))
    matter.refresh_from_db()
    return matter


def closed(people, matter):
    all_done(people, matter)
    t.close(matter, people.supervisor, at=at(2026, 6, 26))
    matter.refresh_from_db()
    return matter


JUNE_30 = date(2026, 6, 30)
