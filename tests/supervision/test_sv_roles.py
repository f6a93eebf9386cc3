"""Every step × every role: the roles listed may take it, every other role is refused with the
Chinese reason and nothing changes (the one permission table, supervision/permissions.py).

The matter: lead 市交通局 (jt_*), co-unit 市水利局 (sl_*); 东城区 (dc_*) has nothing to do with it.
"""

from __future__ import annotations

from datetime import date

import pytest
import sv_flow as flow
from sv_time import at

from zhongshu import audit
from zhongshu.core.errors import PermissionDenied
from zhongshu.supervision import transitions as t

ROLES = ["supervisor", "head", "mayor", "vice", "jt_liaison", "jt_leader", "jt_staff", "sl_liaison", "dc_leader",
         "sysadmin", "auditadmin"]
OFFICE = {"supervisor", "head"}
LEAD_UNIT = {"jt_liaison", "jt_leader"}


def _draft(people, m):
    return m


def _assigned(people, m):
    return flow.assigned(people, m)


def _in_progress(people, m):
    return flow.in_progress(people, m)


def _ext_unit(people, m):
    lead = flow.in_progress(people, m)
    return t.request_extension(lead, people.jt_liaison, new_deadline=date(2026, 7, 31), reason="征迁未完成",
                               at=at(2026, 3, 2))


def _ext_office(people, m):
    ext = _ext_unit(people, m)
    return t.decide_extension(ext, people.jt_leader, approve=True, at=at(2026, 3, 3))


def _coordination(people, m):
    lead = flow.in_progress(people, m)
    return t.request_coordination(lead, people.jt_liaison, leader=people.vice, issue="用地指标", at=at(2026, 3, 2))


def _returned(people, m):
    lead = flow.assigned(people, m)
    return t.return_task(lead, people.jt_liaison, reason="属住建职能", at=at(2026, 1, 6))


def _review(people, m):
    return flow.in_review(people, m)[1]


def _awaiting_close(people, m):
    return flow.all_done(people, m)


def _recheck(people, m):
    return flow.closed(people, m).rechecks.get()


STEPS = {
    # name: (setup, call(subject, user), allowed roles)
    "assign": (_draft, lambda s, u: t.assign(s, u, at=at(2026, 1, 5, 10)), OFFICE),
    "accept": (_assigned, lambda s, u: t.accept(s, u, at=at(2026, 1, 6)), LEAD_UNIT),
    "report": (_in_progress, lambda s, u: t.report(s, u, flow.report_input(), at=at(2026, 1, 20)),
               LEAD_UNIT | {"jt_staff"}),
    "request_extension": (_in_progress, lambda s, u: t.request_extension(
        s, u, new_deadline=date(2026, 7, 31), reason="征迁未完成", at=at(2026, 3, 2)), LEAD_UNIT),
    "decide_extension_unit": (_ext_unit, lambda s, u: t.decide_extension(s, u, approve=True, at=at(2026, 3, 3)),
                              {"jt_leader"}),
    "decide_extension_office": (_ext_office, lambda s, u: t.decide_extension(s, u, approve=True, at=at(2026, 3, 4)),
                                OFFICE),
    "request_coordination": (_in_progress, lambda s, u: t.request_coordination(
        s, u, leader=s.matter.leader, issue="用地指标不足", at=at(2026, 3, 2)), LEAD_UNIT),
    "answer_coordination": (_coordination, lambda s, u: t.answer_coordination(s, u, reply="请自然资源局支持",
                                                                              at=at(2026, 3, 3)), OFFICE | {"vice"}),
    "return": (_assigned, lambda s, u: t.return_task(s, u, reason="属住建职能", at=at(2026, 1, 6)), LEAD_UNIT),
    "decide_return": (_returned, lambda s, u: t.decide_return(s, u, comment="属交通职能", at=at(2026, 1, 7)), OFFICE),
    "request_completion": (_in_progress, lambda s, u: t.request_completion(s, u, result="已通车", at=at(2026, 6, 1)),
                           LEAD_UNIT),
    "review": (_review, lambda s, u: t.review_completion(s, u, accept=True, at=at(2026, 6, 22)), OFFICE),
    "close": (_awaiting_close, lambda s, u: t.close(s, u, at=at(2026, 6, 26)), OFFICE),
    "rate": (_awaiting_close, lambda s, u: t.rate(s, u, rating="good", at=at(2026, 6, 26)), {"head", "mayor", "vice"}),
    "recheck": (_recheck, lambda s, u: t.record_recheck(s, u, result="passed", findings="巩固良好",
                                                        at=at(2026, 9, 20)), OFFICE),
    "suspend": (_draft, lambda s, u: t.suspend(s, u, reason="政策调整", at=at(2026, 1, 6)), {"head"}),
    "flag": (lambda p, m: (flow.assigned(p, m), m)[1], lambda s, u: t.flag(s, u, reason="进度严重滞后",
                                                                          at=at(2026, 2, 2)), {"head", "mayor", "vice"}),
    "escalate": (_in_progress, lambda s, u: t.escalate(s, u, reason="多次催办未果", at=at(2026, 3, 2)), OFFICE),
    "remind": (_in_progress, lambda s, u: t.remind(s, u, note="请加快", at=at(2026, 3, 2)), OFFICE),
}


def _state(subject):
    subject.refresh_from_db()
    return getattr(subject, "state", None), getattr(subject, "flagged", None)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", list(STEPS))
def test_step_by_role(people, new_matter, step, role):
    setup, call, allowed_roles = STEPS[step]
    subject = setup(people, new_matter())
    user = getattr(people, role)
    before, records = _state(subject), audit.AuditRecord.objects.count()
    if role in allowed_roles:
        call(subject, user)
        assert audit.AuditRecord.objects.count() > records  # the step happened and was recorded
    else:
        with pytest.raises(PermissionDenied) as info:
            call(subject, user)
        assert info.value.message.startswith(("只有", "该协调申请不是提交给您的"))
        assert _state(subject) == before
        assert audit.AuditRecord.objects.count() == records


def test_a_co_unit_sees_the_lead_task_but_cannot_act_on_it(people, new_matter):
    from zhongshu.supervision.models import Task

    lead = flow.assigned(people, new_matter())
    assert Task.objects.restrict(people.sl_liaison).filter(pk=lead.pk).exists()
    with pytest.raises(PermissionDenied, match="只有承办单位可以签收"):
        t.accept(lead, people.sl_liaison, at=at(2026, 1, 6))


def test_a_unit_above_acts_for_the_unit_below(people, new_matter, city, make_user):
    """A 联络员 of 东城区 may act for a task given to its 东湖街道 (subtree roles)."""
    m = new_matter(lead_unit=city.east_street, co_units=[])
    lead = flow.assigned(people, m)
    t.accept(lead, people.dc_liaison, at=at(2026, 1, 6))
    lead.refresh_from_db()
    assert lead.state == "in_progress" and lead.accepted_by == people.dc_liaison
    with pytest.raises(PermissionDenied):
        t.request_completion(lead, people.jt_liaison, result="x", at=at(2026, 2, 1))
