"""公文 to-dos for the 工作台 (web.todo): the 收文 and 发文 waiting for this user's step.

Each to-do is a condition (Q) on the records the user sees (the one scoping rule) and the step
it waits for (permissions.py decides who may take it). The counts are one aggregate query per
kind of record; the list each to-do links to (`?todo=<key>`) filters with the same condition
(`listed`), so the number on the 工作台 is the number of rows listed.
"""

from __future__ import annotations

from django.db.models import Count, Q

from zhongshu.org.scope import unit_q, unit_range
from zhongshu.web.todo import Todo

from .choices import CIRCULATING_STATES, IncomingState, OutgoingState, RequestState
from .models import IncomingDocument, OutgoingDocument
from .permissions import may_incoming, may_outgoing

S, D = IncomingState, OutgoingState


def _units(user, field: str) -> Q:
    """`field` (a unit) lies in the user's unit range (org.scope's rule)."""
    rng = unit_range(user)
    if rng.everything:
        return Q()
    return unit_q(field, rng) if not rng.nothing else Q(pk__in=[])


# key: (label, the step's permission, condition(user))
INCOMING = {
    "register": ("收文待登记", "register", lambda u: Q(state=S.RECEIVED)),
    "review": ("收文待初审", "review", lambda u: Q(state=S.REGISTERED)),
    "propose": ("收文待拟办", "propose", lambda u: Q(state=S.REVIEWED)),
    "direct": ("收文待批办", "direct", lambda u: Q(state=S.PROPOSED, holder=u)),
    "read": ("收文待阅", "read", lambda u: Q(state__in=CIRCULATING_STATES, movements__to_user=u,
                                              movements__read_at__isnull=True, holder=u)),
    "decide": ("退回和延期申请待审批", "decide", lambda u: Q(state=S.HANDLING, requests__state=RequestState.PENDING)),
    "archive": ("收文待归档", "archive", lambda u: Q(state=S.DONE)),
}
OUTGOING = {
    "review": ("发文待核稿", "review", lambda u: Q(state=D.REVIEWING) & _units(u, "drafting_unit")),
    "countersign": ("发文待会签", "countersign", lambda u: Q(state=D.COUNTERSIGNING, countersigns__state="pending")
                    & _units(u, "countersigns__unit")),
    "sign": ("发文待签发", "sign", lambda u: Q(state=D.SIGNING, signer=u)),
    "recheck": ("发文待复核", "recheck", lambda u: Q(state=D.SIGNED)),
    "number": ("发文待编号", "number", lambda u: Q(state=D.CHECKED)),
    "issue": ("发文待印发", "issue", lambda u: Q(state=D.NUMBERED)),
    "archive": ("发文待归档", "archive", lambda u: Q(state=D.ISSUED)),
}


def _mine(user, table: dict, may) -> dict:
    return {key: (label, cond(user)) for key, (label, permission, cond) in table.items() if may(user, permission)}


def _counted(model, user, conditions: dict, url: str) -> list[Todo]:
    if not conditions:
        return []
    counts = model.objects.restrict(user).aggregate(
        **{key: Count("pk", filter=cond, distinct=True) for key, (_label, cond) in conditions.items()})
    return [Todo(label, counts[key], f"{url}?todo={key}") for key, (label, _cond) in conditions.items()]


def items(user) -> list[Todo]:
    return (_counted(IncomingDocument, user, _mine(user, INCOMING, may_incoming), "/documents/incoming/")
            + _counted(OutgoingDocument, user, _mine(user, OUTGOING, may_outgoing), "/documents/outgoing/"))


TABLES = {IncomingDocument: (INCOMING, may_incoming), OutgoingDocument: (OUTGOING, may_outgoing)}


def listed(user, key: str, qs):
    """(label, `qs` filtered to one to-do) for the 收文 or 发文 list, or None when `key` is not one
    of this user's to-dos (no filter, the whole list)."""
    table, may = TABLES[qs.model]
    found = _mine(user, table, may).get(key)
    return (found[0], qs.filter(found[1]).distinct()) if found else None
