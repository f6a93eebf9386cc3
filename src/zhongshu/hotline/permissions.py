"""Who may do what on a 12345 ticket: one table, used by the services (and so by pages and API).

    check(user, "dispatch", ticket)      # raises PermissionDenied with the Chinese reason
    allowed(user, "dispatch", ticket)    # True / False (for showing buttons)
    can_see_caller(user, ticket)         # the caller's name and full phone number

Seeing a ticket is the one scoping rule (org.scope; the hotline office sees all tickets). Acting
needs a role listed for the action and, for the unit's steps (签收, 办理记录, 退单, 申请延期, 答复, 异议),
that the ticket is held by a unit inside the user's unit range. State rules live in transitions.py.
"""

from __future__ import annotations

from zhongshu.core.errors import PermissionDenied
from zhongshu.org.roles import HOTLINE_ROLES, Role
from zhongshu.org.scope import can_see_unit

AGENT = frozenset({Role.HOTLINE_AGENT, Role.HOTLINE_DISPATCHER, Role.HOTLINE_HEAD})
DISPATCH = frozenset({Role.HOTLINE_DISPATCHER, Role.HOTLINE_HEAD})
HEAD = frozenset({Role.HOTLINE_HEAD})
UNIT_ACTORS = frozenset({Role.LIAISON, Role.UNIT_LEADER})
UNIT_WRITERS = UNIT_ACTORS | {Role.UNIT_STAFF}
READERS = HOTLINE_ROLES | {Role.SUPERVISOR, Role.SUPERVISION_HEAD, Role.CITY_LEADER}

# action: (roles, unit check ("ticket": the ticket's unit must be the user's), label)
ACTIONS: dict[str, tuple[frozenset, str | None, str]] = {
    "receive": (AGENT, None, "受理工单"),
    "answer": (AGENT, None, "直接答复"),
    "callback": (AGENT, None, "回访"),
    "dispatch": (DISPATCH, None, "派单"),
    "decide_return": (DISPATCH, None, "审核退单"),
    "decide_extension": (DISPATCH, None, "审批延期"),
    "close": (DISPATCH, None, "审核办结"),
    "suspend": (DISPATCH, None, "挂起"),
    "resume": (DISPATCH, None, "恢复办理"),
    "reopen": (DISPATCH, None, "重开"),
    "merge": (DISPATCH, None, "并单"),
    "rule_dispute": (HEAD, None, "裁定派单异议"),
    "to_matter": (frozenset({Role.SUPERVISOR, Role.SUPERVISION_HEAD}), None, "将热点问题转为督办事项"),
    "manage": (HEAD, None, "维护热线设置"),
    "kpi": (READERS, None, "查看热线考核"),
    "insight": (READERS, None, "查看热线研判"),
    "accept": (UNIT_ACTORS, "ticket", "签收"),
    "note": (UNIT_WRITERS, "ticket", "记录办理情况"),
    "return": (UNIT_ACTORS, "ticket", "退单"),
    "request_extension": (UNIT_ACTORS, "ticket", "申请延期"),
    "reply": (UNIT_WRITERS, "ticket", "答复市民"),
    "dispute": (UNIT_ACTORS, "ticket", "提出派单异议"),
}


def reason_refused(user, action: str, ticket=None) -> str | None:
    """None when `user` may do `action` on `ticket`; else the Chinese reason."""
    roles, unit_check, label = ACTIONS[action]
    if user is None or not user.is_authenticated or not user.is_active:
        return "请先登录"
    if not (user.role_set & roles):
        names = "、".join(r.label for r in Role if r in roles)
        return f"只有{names}可以{label}"
    if unit_check == "ticket":
        unit = getattr(ticket, "unit", None) if action != "dispute" else getattr(ticket, "return_unit", None)
        if unit is None or not can_see_unit(user, unit):
            return f"只有承办单位可以{label}"
    return None


def allowed(user, action: str, ticket=None) -> bool:
    return reason_refused(user, action, ticket) is None


def check(user, action: str, ticket=None) -> None:
    reason = reason_refused(user, action, ticket)
    if reason:
        raise PermissionDenied(reason)


def can_see_caller(user, ticket) -> bool:
    """The hotline office sees who called; the handling unit too (it must call back), unless the
    ticket is confidential; nobody else (leaders and 督查室 read the content, not the identity)."""
    if user is None or not user.is_authenticated:
        return False
    roles = user.role_set
    if roles & HOTLINE_ROLES:
        return True
    if ticket.confidential or not (roles & UNIT_WRITERS):
        return False
    return ticket.unit_id is not None and can_see_unit(user, ticket.unit)


def mask_phone(phone: str) -> str:
    """138****5678: the first three and the last four digits."""
    digits = phone or ""
    if len(digits) <= 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_name(name: str) -> str:
    return f"{name[0]}**" if name else ""


def caller_for(user, ticket, *, in_list: bool = False) -> tuple[str, str]:
    """(name, phone) as `user` may see them: full (a detail page, for those who may), masked (every
    list, export and everyone else), or hidden (保密, for the handling unit and readers)."""
    if not in_list and can_see_caller(user, ticket):
        return ticket.caller_name, ticket.caller_phone
    if ticket.confidential and not (user is not None and user.is_authenticated and user.role_set & HOTLINE_ROLES):
        return "（保密）", "（保密）"
    return mask_name(ticket.caller_name), mask_phone(ticket.caller_phone)
