"""领导批示 to-dos for the 工作台 (web.todo): the 督查室's 转办 and 呈报, the leader's 阅示.

Each count is the 批示登记簿's own filter (views.filtered) with the parameters the link carries,
so the number is the number of rows the list shows; one COUNT query per to-do.
"""

from __future__ import annotations

from urllib.parse import urlencode

from zhongshu.org.roles import Role
from zhongshu.web.todo import Todo

from .choices import RoundState
from .permissions import OFFICE


def _todo(user, label: str, params: dict) -> Todo:
    from .views import filtered

    _form, qs = filtered(user, params)
    return Todo(label, qs.count(), f"/instructions/?{urlencode(params)}")


def items(user) -> list[Todo]:
    if user.role_set & OFFICE:
        return [_todo(user, "批示待转办", {"state": RoundState.TO_ROUTE}),
                _todo(user, "批示待呈报领导", {"state": RoundState.TO_SUBMIT})]
    if user.has_role(Role.CITY_LEADER):
        return [_todo(user, "批示待我阅示", {"state": RoundState.WITH_LEADER, "leader": user.pk})]
    return []
