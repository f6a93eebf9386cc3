"""Who may do what in 督查督办: one table, used by the services (and so by pages and API alike).

    check(user, "accept", task)          # raises PermissionDenied with the Chinese reason
    allowed(user, "accept", task)        # True / False (for showing buttons)

Seeing a record is the one scoping rule (org.scope); acting needs, in addition:
- a role listed for the action in ACTIONS, and
- for a unit's action on a task (签收, 反馈, 延期申请, 协调申请, 退回, 办结申请, 单位审批), that the
  task's own unit lies in the user's unit range (a 联络员 or unit leader acts for their unit and
  the units below it; a co-unit cannot act on the lead unit's task, even though it may see it);
- for 协调答复, being the leader the request was addressed to (or 督查室).
State rules (which step is possible now) live in services.py, which raises TransitionRefused.
"""

from __future__ import annotations

from zhongshu.core.errors import PermissionDenied
from zhongshu.org.roles import Role
from zhongshu.org.scope import can_see_unit

OFFICE = frozenset({Role.SUPERVISOR, Role.SUPERVISION_HEAD})
HEAD = frozenset({Role.SUPERVISION_HEAD})
LEADERS = frozenset({Role.CITY_LEADER})
UNIT_ACTORS = frozenset({Role.LIAISON, Role.UNIT_LEADER})
UNIT_WRITERS = UNIT_ACTORS | {Role.UNIT_STAFF}

# action: (roles, the unit check ("task" = the task's unit must be the user's), label)
ACTIONS: dict[str, tuple[frozenset, str | None, str]] = {
    # the office: 立项 … 销号
    "register": (OFFICE, None, "立项"),
    "edit": (OFFICE, None, "修改事项"),
    "decompose": (OFFICE, None, "任务分解"),
    "assign": (OFFICE, None, "交办"),
    "review": (OFFICE, None, "审核办结申请"),
    "decide_return": (OFFICE, None, "处理退回"),
    "approve_extension_office": (OFFICE, None, "督查室审批延期"),
    "close": (OFFICE, None, "销号"),
    "recheck": (OFFICE, None, "回头看"),
    "escalate": (OFFICE, None, "督办"),
    "remind": (OFFICE, None, "催办"),
    "import": (OFFICE, None, "导入任务表"),
    "bulletin": (OFFICE, None, "印发督查通报"),
    "suspend": (HEAD, None, "中止"),
    "resume": (HEAD, None, "恢复办理"),
    # leaders and the head
    "rate": (HEAD | LEADERS, None, "评价"),
    "flag": (HEAD | LEADERS, None, "挂牌督办"),
    "answer_coordination": (OFFICE | LEADERS, None, "答复协调申请"),
    # the unit
    "accept": (UNIT_ACTORS, "task", "签收"),
    "report": (UNIT_WRITERS, "task", "进展反馈"),
    "request_extension": (UNIT_ACTORS, "task", "申请延期"),
    "request_coordination": (UNIT_ACTORS, "task", "申请协调"),
    "return": (UNIT_ACTORS, "task", "退回"),
    "request_completion": (UNIT_ACTORS, "task", "申请办结"),
    "approve_extension_unit": (frozenset({Role.UNIT_LEADER}), "task", "单位审批延期"),
}


def _task_of(obj):
    from .models import Task

    if isinstance(obj, Task):
        return obj
    return getattr(obj, "task", None)


def reason_refused(user, action: str, obj=None) -> str | None:
    """None when `user` may do `action` on `obj`; else the Chinese reason."""
    roles, unit_check, label = ACTIONS[action]
    if user is None or not user.is_authenticated or not user.is_active:
        return "请先登录"
    if not (user.role_set & roles):
        names = "、".join(r.label for r in Role if r in roles)
        return f"只有{names}可以{label}"
    if unit_check == "task":
        task = _task_of(obj)
        if task is None or not can_see_unit(user, task.unit):
            return f"只有承办单位可以{label}"
    if action == "answer_coordination" and obj is not None and not (user.role_set & OFFICE):
        if getattr(obj, "leader_id", None) != user.pk:
            return "该协调申请不是提交给您的"
    return None


def allowed(user, action: str, obj=None) -> bool:
    return reason_refused(user, action, obj) is None


def check(user, action: str, obj=None) -> None:
    reason = reason_refused(user, action, obj)
    if reason:
        raise PermissionDenied(reason)


def is_office(user) -> bool:
    return bool(user.role_set & OFFICE)
