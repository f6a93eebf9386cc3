"""Who may do what with 会议, decided here only (used by transitions.py, and so by pages and API alike):

- a unit's 联络员 or 单位领导 submits its 议题 (and corrects a returned one), answers the 回执 of
  its own invitations, and records its 传达 and the 传达情况报告 — for its unit and the units
  below it ("unit": the record's unit lies in the user's range);
- the 会务人员 (MEETING_CLERK, the office's 会务 staff) accept or return 议题, plan a meeting and
  put 议题 on its agenda, send the notice, record 回执 for anyone and the sign-in, mark it held,
  draft the 纪要 and its 议定事项, issue the 纪要, and chase the 传达 (催报);
- 立项 of a 议定事项 as a 督办 matter is the 督查室's (supervisor, supervision head): it is their
  立项 (zhongshu.supervision checks the same), the meeting page only offers the button;
- city leaders and the 督查室 see everything (org.scope OFFICE_WIDE_ROLES) and act on nothing
  here but 立项 (督查室); the three administrators (三员) see no meetings.
Seeing a record is the one scoping rule (org.scope), see models.py; in addition the 纪要 and the
议定事项 are drafts until the 纪要 is issued: before that only the 会务人员, the 督查室 and the leaders
read them (sees_draft), the units see them once issued.
"""

from __future__ import annotations

from zhongshu.core.errors import PermissionDenied
from zhongshu.org.roles import ADMIN_ROLES, Role
from zhongshu.org.scope import can_see_unit, unit_range

CLERKS = frozenset({Role.MEETING_CLERK})
UNIT_ACTORS = frozenset({Role.LIAISON, Role.UNIT_LEADER})
SUPERVISION = frozenset({Role.SUPERVISOR, Role.SUPERVISION_HEAD})

# action: (roles, the unit check ("unit": the record's unit is in the user's range), label)
ACTIONS: dict[str, tuple[frozenset, str | None, str]] = {
    "submit_topic": (UNIT_ACTORS, "unit", "提交议题"),
    "resubmit_topic": (UNIT_ACTORS, "unit", "修改后重新提交议题"),
    "accept_topic": (CLERKS, None, "受理议题"),
    "return_topic": (CLERKS, None, "退回议题"),
    "plan": (CLERKS, None, "筹备会议"),
    "schedule": (CLERKS, None, "安排议题上会"),
    "invite": (CLERKS, None, "确定参会人员"),
    "notice": (CLERKS, None, "发送会议通知"),
    "reply": (CLERKS | UNIT_ACTORS, "unit", "填报回执"),
    "sign_in": (CLERKS, None, "签到登记"),
    "hold": (CLERKS, None, "登记会议召开"),
    "draft": (CLERKS, None, "起草纪要"),
    "issue": (CLERKS, None, "印发纪要"),
    "register": (SUPERVISION, None, "议定事项立项督办"),
    "relay": (UNIT_ACTORS, "unit", "登记传达"),
    "report": (UNIT_ACTORS, "unit", "报告传达情况"),
    "remind": (CLERKS, None, "催报传达情况"),
}


def refused(user, action: str, obj=None) -> str | None:
    """None when `user` may take `action` (on `obj`, a record with a `unit`); else the Chinese reason."""
    roles, extra, label = ACTIONS[action]
    if user is None or not user.is_authenticated or not user.is_active:
        return "请先登录"
    if not (user.role_set & roles):
        names = "、".join(r.label for r in Role if r in roles)
        return f"只有{names}可以{label}"
    if extra == "unit" and not (user.role_set & CLERKS):
        unit = getattr(obj, "unit", None)
        if unit is None or not can_see_unit(user, unit):
            return f"只能为本单位{label}"
    return None


def may(user, action: str, obj=None) -> bool:
    return refused(user, action, obj) is None


def check(user, action: str, obj=None) -> None:
    reason = refused(user, action, obj)
    if reason:
        raise PermissionDenied(reason)


def may_use(user) -> bool:
    """The meeting pages: every working role (a unit sees only what involves it)."""
    return bool(user and user.is_authenticated and user.is_active and (user.role_set - ADMIN_ROLES))


USE_REFUSED = "会议管理供业务人员使用；系统管理员、安全管理员、审计管理员不处理会议"


def is_clerk(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role_set & CLERKS)


def sees_draft(user) -> bool:
    """The 纪要 and 议定事项 before issue: the 会务人员, the 督查室 and the leaders only."""
    return is_clerk(user) or unit_range(user).everything
