"""Every 发文 step × every role: the roles of documents/permissions.py OUTGOING (with the drafting
unit, the countersigning units, the chosen signer) may take it, every other role is refused with
the Chinese reason, and nothing changes; and who sees which 发文 (org.scope)."""

from __future__ import annotations

import outgoing_flow as flow
import pytest
from incoming_flow import at

from zhongshu import audit
from zhongshu.core.errors import PermissionDenied
from zhongshu.core.files import attachments_for
from zhongshu.documents import outgoing as out
from zhongshu.documents.models import IssuedNumber, OutgoingDocument

pytestmark = pytest.mark.django_db

ROLES = ["clerk", "mayor", "vice", "supervisor", "jt_staff", "jt_leader", "jt_liaison", "sl_liaison", "sl_staff",
         "dc_leader", "dc_staff", "sysadmin", "auditadmin"]
CLERK = {"clerk"}


def _none(people, city, series):
    return None


STEPS = {
    # name: (setup, call(doc, user, people, city, series), allowed roles)
    "draft": (_none, lambda d, u, p, c, s: out.draft(u, flow.draft_data(c, s), at=at(2026, 1, 12)),
              {"jt_staff"} | CLERK),
    "revise": (flow.drafting, lambda d, u, p, c, s: out.revise(d, u, text=flow.REVISED, at=at(2026, 1, 12, 9, 30)),
               {"jt_staff", "jt_leader"} | CLERK),
    "submit": (flow.drafting, lambda d, u, p, c, s: out.submit(d, u, at=at(2026, 1, 12, 10)), {"jt_staff"} | CLERK),
    "review": (flow.reviewing, lambda d, u, p, c, s: out.review(d, u, accept=True, signer=p.mayor,
                                                                 at=at(2026, 1, 12, 11)), {"jt_leader"} | CLERK),
    "send_back": (flow.reviewing, lambda d, u, p, c, s: out.review(d, u, accept=False, opinion="请精简",
                                                                    at=at(2026, 1, 12, 11)), {"jt_leader"} | CLERK),
    "countersign": (flow.countersigning, lambda d, u, p, c, s: out.countersign(d, u, agree=True,
                                                                               at=at(2026, 1, 12, 14)),
                    {"sl_liaison", "dc_leader"}),
    "sign": (flow.signing, lambda d, u, p, c, s: out.sign(d, u, opinion="同意", at=at(2026, 1, 13, 9)), {"mayor"}),
    "recheck": (flow.signed, lambda d, u, p, c, s: out.recheck(d, u, at=at(2026, 1, 13, 10)), CLERK),
    "number": (flow.checked, lambda d, u, p, c, s: out.number(d, u, at=at(2026, 1, 13, 11)), CLERK),
    "cancel_number": (flow.numbered, lambda d, u, p, c, s: out.cancel_number(d, u, reason="重拟", at=at(2026, 1, 13, 12)),
                      CLERK),
    "issue": (flow.numbered, lambda d, u, p, c, s: out.issue(d, u, at=at(2026, 1, 13, 14)), CLERK),
    "archive": (flow.issued, lambda d, u, p, c, s: out.archive(d, u, retention="30y", at=at(2026, 1, 14)), CLERK),
}


def _snapshot(doc):
    if doc is None:
        return OutgoingDocument.objects.count()
    doc.refresh_from_db()
    return (doc.state, doc.number, doc.versions.count(), doc.steps.count(),
            tuple(doc.countersigns.values_list("state", flat=True)), IssuedNumber.objects.count(),
            IssuedNumber.objects.filter(state="cancelled").count(), attachments_for(doc).count())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", list(STEPS))
def test_step_by_role(people, city, series, step, role):
    setup, call, allowed_roles = STEPS[step]
    doc = setup(people, city, series)
    user = getattr(people, role)
    before, records = _snapshot(doc), audit.AuditRecord.objects.count()
    if role in allowed_roles:
        call(doc, user, people, city, series)
        assert audit.AuditRecord.objects.count() > records  # the step happened and was recorded
        assert _snapshot(doc) != before
    else:
        with pytest.raises(PermissionDenied) as info:
            call(doc, user, people, city, series)
        assert info.value.message.startswith(("只有", "本文呈")), info.value.message
        assert _snapshot(doc) == before
        assert audit.AuditRecord.objects.count() == records


def test_the_reasons_name_who_may(people, city, series):
    with pytest.raises(PermissionDenied, match="^只有拟稿单位（示例市交通运输局）或文秘可以拟稿$"):
        out.draft(people.sl_staff, flow.draft_data(city, series))  # a 经办人 drafts for his own unit only
    doc = flow.signing(people, city, series)
    with pytest.raises(PermissionDenied, match="^本文呈陈市长签发，其他领导不能签发$"):
        out.sign(doc, people.vice)
    with pytest.raises(PermissionDenied, match="^只有市领导可以签发$"):
        out.sign(doc, people.clerk)
    doc = flow.countersigning(people, city, series, title="关于甲的通知")
    with pytest.raises(PermissionDenied, match="^只有会签单位可以会签"):
        out.countersign(doc, people.jt_liaison, agree=True)  # the drafting unit does not countersign itself
    out.countersign(doc, people.sl_liaison, agree=True)
    with pytest.raises(PermissionDenied, match="没有待您单位会签"):
        out.countersign(doc, people.sl_liaison, agree=True)  # once per unit and round


def test_a_unit_above_countersigns_for_the_unit_below(people, city, series, make_user):
    doc = flow.reviewing(people, city, series, countersign_units=[city.east_street])
    out.review(doc, people.jt_leader, accept=True, signer=people.mayor)
    row = out.countersign(doc, people.dc_leader, agree=True, opinion="同意")
    assert row.unit == city.east_street and row.by == people.dc_leader


def test_scope_the_drafting_unit_and_the_countersigning_units_see_it(people, city, series, make_user):
    asked = flow.drafting(people, city, series)  # 市交通局 drafts, 市水利局 and 东城区 to countersign
    alone = flow.drafting(people, city, series, title="关于乙的通知", countersign_units=[])
    road = make_user("unit_staff", city.traffic_road, username="gl_staff")

    def seen(user):
        return set(OutgoingDocument.objects.restrict(user).values_list("pk", flat=True))

    both = {asked.pk, alone.pk}
    for name in ("clerk", "clerk2", "mayor", "vice", "supervisor", "jt_staff", "jt_leader", "jt_liaison"):
        assert seen(getattr(people, name)) == both, name
    for name in ("sl_liaison", "sl_staff", "dc_leader", "dc_staff"):
        assert seen(getattr(people, name)) == {asked.pk}, name
    for name in ("sysadmin", "auditadmin"):
        assert seen(getattr(people, name)) == set(), name
    assert seen(road) == set()  # a unit below sees only its own drafts
