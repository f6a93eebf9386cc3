"""A matter's progress and state follow from its tasks.

- progress = Σ(weight × progress) / Σ(weight) over the top-level tasks that are not 中止
  (a task's progress is what its last report said, 100 once its completion is accepted);
- an 办理中 matter whose every top-level task (and every milestone below) is 已办结 or 已中止,
  with at least one 已办结, becomes 待销号; a 待销号 matter with an open task again (a
  reopened task, a new one) goes back to 办理中.
- the light of a matter is the worst light of its open tasks (ledger.py computes it in SQL).
"""

from __future__ import annotations

from zhongshu import audit

from .choices import MatterState, TaskState


def refresh_matter(matter, *, also: tuple[str, ...] = (), note: str = "") -> None:
    """Recompute and save progress and state; `also` names fields the caller changed on `matter`
    that go into the same save (one audit record, noted `note`)."""
    tasks = list(matter.tasks.values("parent_id", "state", "progress", "weight"))
    top = [t for t in tasks if t["parent_id"] is None and t["state"] != TaskState.SUSPENDED]
    weight = sum(t["weight"] for t in top)
    progress = round(sum(t["weight"] * t["progress"] for t in top) / weight) if weight else 0
    live = [t for t in tasks if t["state"] != TaskState.SUSPENDED]
    all_done = bool(live) and all(t["state"] == TaskState.DONE for t in live)
    state = matter.state
    if state == MatterState.ACTIVE and all_done:
        state = MatterState.AWAITING_CLOSE
    elif state == MatterState.AWAITING_CLOSE and not all_done:
        state = MatterState.ACTIVE
    changed = list(also)
    if progress != matter.progress:
        matter.progress = progress
        changed.append("progress")
    if state != matter.state:
        matter.state = state
        changed.append("state")
    if changed:
        if state == MatterState.AWAITING_CLOSE and "state" in changed:
            note = f"{note}；全部任务已办结，待销号" if note else "全部任务已办结，待销号"
        with audit.step("transition", note or "进度汇总"):
            matter.save(update_fields=changed + ["updated_at"])
