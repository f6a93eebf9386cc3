"""督查督办: the supervision loop. Other apps link their records to it only through these:

    from zhongshu.supervision import register_from, matters_for, request_completion_from
    matter = register_from(decision, by=user, title=…, lead_unit=…, deadline=…, source="executive_meeting")
    matter = register_from(instruction, by=user, assign=True, …)   # 立项 and 交办 in one step
    matters_for(decision)     # the matters registered from that record (a queryset)
    tasks_for(decision)       # their units' own (top-level) tasks, with unit and matter; TaskState names the states
    request_completion_from(instruction, unit=…, by=…, result=…)   # the unit's 办结申请

`register_from` is 立项 (registration.register_matter) with the source record linked, so the
matter page links back to it and the source's page can list its matters; with `assign=True`
the matter is also 交办 (transitions.assign) in the same transaction, so either both happen
or neither does.

`request_completion_from` files the 办结申请 (transitions.request_completion) of `unit`'s own
open task in the matters registered from the record: the source app's report (a 批示's
办理情况报告) is the unit's completion, typed once. Refused in Chinese (TransitionRefused,
PermissionDenied) exactly as the 办结申请 itself.
"""

from __future__ import annotations

from .choices import TaskState  # the task states, for other apps reading tasks_for() (no models)


def register_from(source_obj, *, by, at=None, assign=False, **fields):
    from django.db import transaction

    from .registration import MatterInput, register_matter
    from .transitions import assign as assign_matter

    with transaction.atomic():
        matter = register_matter(by, MatterInput(source_obj=source_obj, **fields), at=at)
        if assign:
            assign_matter(matter, by, at=at)
    return matter


def matters_for(source_obj):
    from django.contrib.contenttypes.models import ContentType

    from .models import Matter

    return Matter.objects.filter(source_type=ContentType.objects.get_for_model(source_obj), source_id=source_obj.pk)


def tasks_for(source_obj):
    """The top-level tasks (one per unit) of the matters registered from `source_obj`."""
    from .models import Task

    return (Task.objects.filter(matter__in=matters_for(source_obj), parent__isnull=True)
            .select_related("unit", "matter").order_by("matter_id", "id"))


def request_completion_from(source_obj, *, unit, by, result, files=(), at=None):
    from zhongshu.core.errors import TransitionRefused

    from .choices import TaskState
    from .models import Task
    from .transitions import request_completion

    tasks = list(Task.objects.filter(matter__in=matters_for(source_obj), unit=unit, parent__isnull=True)
                 .exclude(state__in=[TaskState.DONE, TaskState.SUSPENDED]).select_related("matter", "unit"))
    if not tasks:
        raise TransitionRefused(f"{unit.name}在该事项中没有未办结的任务")
    return request_completion(tasks[0], by, result=result, files=files, at=at)


__all__ = ["TaskState", "matters_for", "register_from", "request_completion_from", "tasks_for"]
