"""Every 收文 step × every role: the roles of documents/permissions.py INCOMING may take it, every
other role is refused with the Chinese reason, and nothing changes (state, holder, trail)."""

from __future__ import annotations

from datetime import date

import incoming_flow as flow
import pytest
from incoming_flow import at

from zhongshu import audit
from zhongshu.core.errors import PermissionDenied
from zhongshu.documents import incoming as inc
from zhongshu.documents.models import IncomingDocument

pytestmark = pytest.mark.django_db

ROLES = ["clerk", "mayor", "vice", "supervisor", "jt_liaison", "jt_leader", "jt_staff", "sl_liaison", "dc_leader",
         "sysadmin", "auditadmin"]
CLERK = {"clerk"}
JT = {"jt_liaison", "jt_leader"}


def _none(people, city):
    return None


def _received(people, city):
    return flow.received(people)


def _registered(people, city):
    return flow.registered(people)


def _reviewed(people, city):
    return flow.reviewed(people)


def _proposed(people, city):
    return flow.proposed(people, city)  # 陈市长 holds it


def _handling(people, city):
    return flow.handling(people, city)


def _asked(people, city):
    doc = flow.handling(people, city)
    inc.ask(doc, people.jt_liaison, kind="extend", reason="需补充材料", until=date(2026, 3, 13), at=at(2026, 3, 4))
    return doc


def _done(people, city):
    return flow.done(people, city)


STEPS = {
    # name: (setup, call(doc, user, people, city), allowed roles)
    "receive": (_none, lambda d, u, p, c: inc.receive(u, issuer="示例市水利局", title="关于防汛的报告",
                                                       at=at(2026, 3, 2)), CLERK),
    "register": (_received, lambda d, u, p, c: inc.register(d, u, flow.registration(), scans=[flow.pdf()],
                                                            at=at(2026, 3, 2, 10)), CLERK),
    "review": (_registered, lambda d, u, p, c: inc.review(d, u, accept=True, at=at(2026, 3, 2, 10)), CLERK),
    "return": (_registered, lambda d, u, p, c: inc.review(d, u, accept=False, reason="越级行文", at=at(2026, 3, 2, 10)),
               CLERK),
    "propose": (_reviewed, lambda d, u, p, c: inc.propose(d, u, opinion="呈陈市长阅示", leader=p.mayor,
                                                          at=at(2026, 3, 2, 11)), CLERK),
    "direct": (_proposed, lambda d, u, p, c: inc.direct(d, u, opinion="请市交通局办理", lead_unit=c.traffic,
                                                        at=at(2026, 3, 3)), {"mayor"}),
    "circulate": (_proposed, lambda d, u, p, c: inc.circulate(d, u, to=p.clerk2, at=at(2026, 3, 2, 14)),
                  CLERK | {"mayor"}),
    "read": (_proposed, lambda d, u, p, c: inc.read(d, u, comment="阅", at=at(2026, 3, 2, 14)), {"mayor"}),
    "handle": (_handling, lambda d, u, p, c: inc.handle(d, u, text="正在办理", at=at(2026, 3, 4)), JT),
    "complete": (_handling, lambda d, u, p, c: inc.complete(d, u, result="已办结", at=at(2026, 3, 5)), JT),
    "decline": (_handling, lambda d, u, p, c: inc.ask(d, u, kind="decline", reason="不属于本单位职责",
                                                       at=at(2026, 3, 4)), JT),
    "extend": (_handling, lambda d, u, p, c: inc.ask(d, u, kind="extend", reason="需补充材料", until=date(2026, 3, 13),
                                                      at=at(2026, 3, 4)), JT),
    "decide": (_asked, lambda d, u, p, c: inc.decide(d.requests.get(), u, approve=True, at=at(2026, 3, 5)), CLERK),
    "remind": (_handling, lambda d, u, p, c: inc.remind(d, u, note="请加快", at=at(2026, 3, 5)), CLERK),
    "archive": (_done, lambda d, u, p, c: inc.archive(d, u, retention="30y", at=at(2026, 3, 9)), CLERK),
}


def _snapshot(doc):
    if doc is None:
        return IncomingDocument.objects.count()
    doc.refresh_from_db()
    return (doc.state, doc.holder_id, doc.holder_unit_id, doc.movements.count(),
            doc.movements.filter(read_at__isnull=False).count(), doc.notes.count(), doc.remind_count, doc.deadline,
            sorted(doc.requests.values_list("state", flat=True)))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", list(STEPS))
def test_step_by_role(people, city, step, role):
    setup, call, allowed_roles = STEPS[step]
    doc = setup(people, city)
    user = getattr(people, role)
    before, records = _snapshot(doc), audit.AuditRecord.objects.count()
    if role in allowed_roles:
        call(doc, user, people, city)
        assert audit.AuditRecord.objects.count() > records  # the step happened and was recorded
        assert _snapshot(doc) != before
    else:
        with pytest.raises(PermissionDenied) as info:
            call(doc, user, people, city)
        assert info.value.message.startswith(("只有", "该文件不在您手中")), info.value.message
        assert _snapshot(doc) == before
        assert audit.AuditRecord.objects.count() == records


def test_the_reasons_name_who_may(people, city):
    doc = flow.handling(people, city)
    with pytest.raises(PermissionDenied, match="^只有主办单位可以办结$"):
        inc.complete(doc, people.sl_liaison, result="x", at=at(2026, 3, 5))  # a 协办单位 sees it but does not close it
    with pytest.raises(PermissionDenied, match="^只有单位联络员、单位领导可以办结$"):
        inc.complete(doc, people.jt_staff, result="x", at=at(2026, 3, 5))
    with pytest.raises(PermissionDenied, match="^只有文秘（公文管理）可以催办$"):
        inc.remind(doc, people.supervisor, at=at(2026, 3, 5))
    with pytest.raises(PermissionDenied, match="^只有市领导可以批办$"):
        inc.direct(flow.proposed(people, city, doc_number="示交发〔2026〕40号"), people.clerk, opinion="x",
                   lead_unit=city.traffic, at=at(2026, 3, 3))


def test_a_unit_above_acts_for_the_unit_below(people, city, make_user):
    """The 联络员 of 市交通局 acts on a document routed to its 公路科 (subtree roles)."""
    doc = inc.direct(flow.proposed(people, city), people.mayor, opinion="请公路科办理", lead_unit=city.traffic_road,
                     at=at(2026, 3, 3))
    inc.complete(doc, people.jt_liaison, result="已办结", at=at(2026, 3, 5))
    assert doc.state == "done"


def test_scope_units_see_only_what_was_routed_to_them(people, city, make_user):
    routed = flow.handling(people, city)  # 主办 市交通局, 协办 市水利局
    waiting = flow.proposed(people, city, doc_number="示交发〔2026〕41号")  # not routed yet
    road = make_user("unit_staff", city.traffic_road, username="gl_staff")

    def seen(user):
        return set(IncomingDocument.objects.restrict(user).values_list("pk", flat=True))

    both = {routed.pk, waiting.pk}
    for name in ("clerk", "clerk2", "mayor", "vice", "supervisor"):
        assert seen(getattr(people, name)) == both, name
    for name in ("jt_liaison", "jt_leader", "jt_staff", "sl_liaison", "sl_staff"):
        assert seen(getattr(people, name)) == {routed.pk}, name
    for name in ("dc_leader", "dc_liaison", "sysadmin", "auditadmin"):
        assert seen(getattr(people, name)) == set(), name
    assert seen(road) == set()  # a unit below sees only what was routed to it
