"""督查督办 to-dos for the 工作台 (web.todo): the lists of the 督查待办 page (views/todo.queues),
counted, each linking to its list on that page. "办理中" is left out: those tasks are on the
工作台 already, by their clocks' lights. One COUNT query per list.
"""

from __future__ import annotations

from django.utils import timezone

from zhongshu.web.todo import Todo

SKIPPED = {"doing"}


def items(user) -> list[Todo]:
    from .views.todo import queues

    return [Todo(title, qs.count(), f"/supervision/todo/#zs-todo-{key}")
            for key, title, qs, _kind in queues(user, timezone.now()) if key not in SKIPPED]
