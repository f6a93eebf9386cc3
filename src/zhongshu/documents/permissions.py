"""Who may do what with 公文, decided here only:

- the draft checks and 排版: every working role (they store nothing); the three separated
  administrators (三员) run the system and do not draft documents;
- 取号 and 作废 in the 发文登记簿: the 文秘 (DOC_CLERK);
- reading the 发文登记簿: the 文秘, the 督查室 and the leaders (OFFICE_WIDE_ROLES);
- 收文: INCOMING below, one row per step (used by incoming.py, and so by pages and API alike).
  Seeing a 收文 is the one scoping rule (org.scope: the 文秘, 督查室 and leaders see all, a unit the
  documents routed to it); acting needs a role of the row and, for the 承办 unit's steps, that
  the 主办单位 lies in the user's unit range; for 传阅 and 圈阅 by a leader, holding the paper.
- 发文: OUTGOING below, the same way (outgoing.py, its pages and API). A unit sees what it drafted
  or was asked to countersign; 拟稿 and 核稿 need the drafting unit in the user's range (the 文秘
  any unit), 会签 a unit of the round, 签发 the leader chosen at 核稿.
"""

from __future__ import annotations

from zhongshu.core.errors import PermissionDenied
from zhongshu.org.roles import ADMIN_ROLES, DOCUMENT_ROLES, OFFICE_WIDE_ROLES, Role
from zhongshu.org.scope import can_see_unit


def may_check(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (user.role_set - ADMIN_ROLES))


REFUSED = "拟稿检查供业务人员使用；系统管理员、安全管理员、审计管理员不处理公文"


def may_number(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_role(*DOCUMENT_ROLES))


def may_read_book(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active
                and user.has_role(*(DOCUMENT_ROLES | OFFICE_WIDE_ROLES)))


BOOK_REFUSED = "发文登记簿供文秘、督查室和领导查看"


# --- 收文 -------------------------------------------------------------------------------------
CLERKS = frozenset({Role.DOC_CLERK})
LEADERS = frozenset({Role.CITY_LEADER})
UNIT_ACTORS = frozenset({Role.LIAISON, Role.UNIT_LEADER})

# action: (roles, the extra check ("unit": the 主办单位 is the user's; "holder": a leader must hold
# the paper — 批办, 传阅 and 圈阅 are done on the paper in one's hands —, a 文秘 may always move it), label)
INCOMING: dict[str, tuple[frozenset, str | None, str]] = {
    "receive": (CLERKS, None, "签收来文"),
    "register": (CLERKS, None, "登记"),
    "review": (CLERKS, None, "初审"),
    "propose": (CLERKS, None, "拟办"),
    "direct": (LEADERS, "holder", "批办"),
    "circulate": (CLERKS | LEADERS, "holder", "传阅"),
    "read": (LEADERS, "holder", "圈阅"),
    "handle": (UNIT_ACTORS, "unit", "填报办理情况"),
    "complete": (UNIT_ACTORS, "unit", "办结"),
    "remind": (CLERKS, None, "催办"),
    "decline": (UNIT_ACTORS, "unit", "申请退回"),
    "extend": (UNIT_ACTORS, "unit", "申请延期"),
    "decide": (CLERKS, None, "审批退回和延期申请"),
    "archive": (CLERKS, None, "归档"),
}


def incoming_refused(user, action: str, doc=None) -> str | None:
    """None when `user` may take `action` on the 收文 `doc`; else the Chinese reason."""
    roles, extra, label = INCOMING[action]
    if user is None or not user.is_authenticated or not user.is_active:
        return "请先登录"
    if not (user.role_set & roles):
        names = "、".join(r.label for r in Role if r in roles)
        return f"只有{names}可以{label}"
    if extra == "unit":
        unit = getattr(doc, "lead_unit", None)
        if unit is None or not can_see_unit(user, unit):
            return f"只有主办单位可以{label}"
    if extra == "holder" and doc is not None and not (user.role_set & CLERKS) and doc.holder_id != user.pk:
        return f"该文件不在您手中，不能{label}（现由{doc.holder_text}持有）"
    return None


def may_incoming(user, action: str, doc=None) -> bool:
    return incoming_refused(user, action, doc) is None


def check_incoming(user, action: str, doc=None) -> None:
    reason = incoming_refused(user, action, doc)
    if reason:
        raise PermissionDenied(reason)


def may_see_incoming(user) -> bool:
    """The 收文登记簿 page: every working role (a unit sees only what was routed to it)."""
    return may_check(user)


# --- 发文 -------------------------------------------------------------------------------------
DRAFTERS = frozenset({Role.UNIT_STAFF, Role.DOC_CLERK})
REVIEWERS = frozenset({Role.UNIT_LEADER, Role.DOC_CLERK})

# action: (roles, the extra check, label). Extra checks — "drafting": the drafting unit lies in the
# user's unit range (a 经办人 drafts for his own unit, a unit leader 核稿 for his units; the office's
# 文秘 for every unit); "countersign": a unit still asked to countersign in this round lies in the
# user's range; "signer": the leader chosen at 核稿 signs (签发 is personal).
OUTGOING: dict[str, tuple[frozenset, str | None, str]] = {
    "draft": (DRAFTERS, "drafting", "拟稿"),
    "revise": (DRAFTERS | REVIEWERS, "drafting", "修改文稿"),
    "submit": (DRAFTERS, "drafting", "送核稿"),
    "review": (REVIEWERS, "drafting", "核稿"),
    "countersign": (UNIT_ACTORS, "countersign", "会签"),
    "sign": (LEADERS, "signer", "签发"),
    "recheck": (CLERKS, None, "复核"),
    "number": (CLERKS, None, "编号"),
    "cancel_number": (CLERKS, None, "作废文号"),
    "issue": (CLERKS, None, "印发"),
    "archive": (CLERKS, None, "归档"),
}


def countersign_units_of(user, doc) -> list:
    """The units of the current round still to countersign that `user` may countersign for."""
    from .choices import CountersignState

    rows = doc.countersigns.filter(round=doc.countersign_round, state=CountersignState.PENDING).select_related("unit")
    return [row for row in rows if can_see_unit(user, row.unit)]


def outgoing_refused(user, action: str, doc=None, *, unit=None) -> str | None:
    """None when `user` may take `action` on the 发文 `doc` (or, for 拟稿, for the drafting `unit`);
    else the Chinese reason."""
    roles, extra, label = OUTGOING[action]
    if user is None or not user.is_authenticated or not user.is_active:
        return "请先登录"
    if not (user.role_set & roles):
        names = "、".join(r.label for r in Role if r in roles)
        return f"只有{names}可以{label}"
    clerk = bool(user.role_set & CLERKS)
    if extra == "drafting" and not clerk:
        unit = unit if unit is not None else getattr(doc, "drafting_unit", None)
        if unit is not None and not can_see_unit(user, unit):
            return f"只有拟稿单位（{unit.name}）或文秘可以{label}"
    if extra == "countersign" and doc is not None and not countersign_units_of(user, doc):
        return f"只有会签单位可以{label}（本文没有待您单位会签的稿件）"
    if extra == "signer" and doc is not None and doc.signer_id and doc.signer_id != user.pk:
        name = doc.signer.full_name or doc.signer.username
        return f"本文呈{name}签发，其他领导不能{label}"
    return None


def may_outgoing(user, action: str, doc=None, **kw) -> bool:
    return outgoing_refused(user, action, doc, **kw) is None


def check_outgoing(user, action: str, doc=None, **kw) -> None:
    reason = outgoing_refused(user, action, doc, **kw)
    if reason:
        raise PermissionDenied(reason)


def may_see_outgoing(user) -> bool:
    """The 发文 list: every working role (a unit sees what it drafted or was asked to countersign)."""
    return may_check(user)
