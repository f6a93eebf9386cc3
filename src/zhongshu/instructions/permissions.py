"""Who may do what with 领导批示: one table, used by the transitions (and so by pages and API).

    check(user, "route", round)     # raises PermissionDenied with the Chinese reason
    allowed(user, "report", round)  # for showing buttons

Seeing a 批示 is the one scoping rule (org.scope). Acting needs, in addition:
- 登记: the 督查室, or the 文秘 who receives the 批示件 back with the 收文 it was written on;
- 转办, 呈报: the 督查室 (批示件 are supervised like every matter; 转办 is 立项 and 交办 of the
  linked 督办 matter, which is the 督查室's);
- 阅示 (阅结 or 续批): the leader who wrote the round, or the 督查室 recording the leader's
  reply on paper (代录; the audit trail keeps who typed it);
- 办理情况报告: a 联络员 or unit leader of a unit the round was routed to.
State rules (which step is possible now) live in transitions.py (TransitionRefused).
"""

from __future__ import annotations

from zhongshu.core.errors import PermissionDenied
from zhongshu.org.roles import Role
from zhongshu.org.scope import can_see_unit

OFFICE = frozenset({Role.SUPERVISOR, Role.SUPERVISION_HEAD})
CLERKS = frozenset({Role.DOC_CLERK})
LEADERS = frozenset({Role.CITY_LEADER})
UNIT_ACTORS = frozenset({Role.LIAISON, Role.UNIT_LEADER})

ACTIONS: dict[str, tuple[frozenset, str]] = {
    "register": (OFFICE | CLERKS, "登记批示"),
    "route": (OFFICE, "转办批示"),
    "submit": (OFFICE, "呈报办理情况"),
    "decide": (OFFICE | LEADERS, "阅示"),
    "report": (UNIT_ACTORS, "报送办理情况"),
    "summary": (OFFICE | LEADERS | CLERKS, "查看批示月报"),
}


def routed_units(round_) -> list:
    """The units a round was routed to: the lead unit first, then the co-units."""
    if round_ is None or round_.lead_unit_id is None:
        return []
    return [round_.lead_unit, *sorted(round_.co_units.all(), key=lambda u: u.pk)]


def units_for(user, round_) -> list:
    """The routed units `user` may report for (a 联络员 of 东城区 reports for its 街道 too)."""
    return [u for u in routed_units(round_) if can_see_unit(user, u)]


def reason_refused(user, action: str, obj=None) -> str | None:
    roles, label = ACTIONS[action]
    if user is None or not user.is_authenticated or not user.is_active:
        return "请先登录"
    if not (user.role_set & roles):
        names = "、".join(r.label for r in Role if r in roles)
        return f"只有{names}可以{label}"
    if action == "decide" and obj is not None and not (user.role_set & OFFICE) and obj.leader_id != user.pk:
        return "这件批示不是您批的，请由批示领导阅示"
    if action == "report" and obj is not None and not units_for(user, obj):
        return "只有承办单位可以报送办理情况"
    return None


def allowed(user, action: str, obj=None) -> bool:
    return reason_refused(user, action, obj) is None


def check(user, action: str, obj=None) -> None:
    reason = reason_refused(user, action, obj)
    if reason:
        raise PermissionDenied(reason)
