"""The ladder's "document" action for 督查督办 clocks: the sweeper's 催办 issues a 催办通知 and its
督办 a 督办通知单, numbered and stored like those a person issues (documents.issue).

Registered once at start-up (apps.ready). The handler runs inside the sweeper's transaction,
so a sweep that rolls back issues nothing.
"""

from __future__ import annotations

from zhongshu.clocks.hooks import register_action, register_link

from .choices import DocKind

RUNG_DOC = {"remind": DocKind.REMIND, "escalate": DocKind.ESCALATE}


def on_document(*, clock, rung, firing, now) -> str:
    from . import documents
    from .models import Task

    kind = RUNG_DOC.get(rung.code)
    if kind is None:
        return f"{rung.name}无对应文书"
    task = Task.objects.select_related("matter", "unit", "matter__lead_unit", "matter__leader").filter(
        pk=clock.object_id).first()
    if task is None:
        return "任务不存在，未生成文书"
    reason = f"这是对该事项的第{firing.occurrence + 1}次催办。" if kind == DocKind.REMIND else ""
    doc = documents.issue(kind, task, by=None, at=now, reason=reason)
    return f"已印发{doc.get_kind_display()}（{doc.number}）"


def register() -> None:
    register_action("supervision.task", "document", on_document)
    # reminders lead to the task (or, for a 回头看, to the matter through its recheck)
    for kind in ("supervision.task", "supervision.accept", "supervision.report"):
        register_link(kind, lambda clock: f"/supervision/tasks/{clock.object_id}/")
    register_link("supervision.recheck", lambda clock: f"/supervision/rechecks/{clock.object_id}/")
