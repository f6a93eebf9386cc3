"""12345 to-dos for the 工作台 (web.todo): the queue's own tabs (views/tickets.QUEUE_TABS) that the
user's roles see, counted in one aggregate as the queue page counts them, each linking to its tab.
"办理中" is left out: those tickets are on the 工作台 already, by their clocks' lights.
"""

from __future__ import annotations

from django.db.models import Count

from zhongshu.web.todo import Todo

SKIPPED = {"handling"}


def items(user) -> list[Todo]:
    from .models import Ticket
    from .views.tickets import _user_tabs

    tabs = [(key, label, cond) for key, label, cond in _user_tabs(user) if key not in SKIPPED]
    if not tabs:
        return []
    counts = Ticket.objects.restrict(user).aggregate(**{key: Count("pk", filter=cond()) for key, _, cond in tabs})
    return [Todo(f"热线{label}", counts[key], f"/hotline/?tab={key}") for key, label, _ in tabs]
