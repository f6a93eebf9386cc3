"""督查督办 to-dos for the 工作台 (web.todo): the lists of the 督查待办 page (views/todo.queues),
counted, each linking to its list on that page. "办理中" is left out: those tasks are on the
工作台 already, by their clocks' lights. One COUNT query per list.
"""

from __future__ import annotations

from django.utils import timezone

from zhongshu.web.todo import Todo

SKIPPED = {"doing"}
# On the 工作台 the lists stand beside other apps' (热线待签收): say whose they are where the title does not.
LABELS = {"accept": "督办任务待签收", "report": "督办任务本期待报进展"}


def items(user) -> list[Todo]:
    from .views.todo import queues

    return [Todo(LABELS.get(key, title), qs.count(), f"/supervision/todo/#zs-todo-{key}")
            for key, title, qs, _kind in queues(user, timezone.now()) if key not in SKIPPED]
