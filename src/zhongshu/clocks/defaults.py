"""The default escalation ladder (kind "default"), seeded by migration 0002.

预警 2 working days before the due day (yellow), 到期提醒 on the due day, 催办 1 working day
after and every 2 working days until the clock moves, 督办 5 working days after (red, escalated,
document hook). Reminders after the deadline reach the 联络员 AND the unit leader.
"""

from __future__ import annotations

DEFAULT_RUNGS = [
    dict(code="warning", name="预警", anchor="before_due", offset=2, repeat_every=0, sort=10,
         recipients=["liaison", "handlers"], actions=["notice", "light_yellow"],
         title_template="【预警】{title}",
         body_template="「{title}」将于 {due} 到期，还剩 {days_left} 个工作日，请{unit}抓紧办理。"),
    dict(code="due", name="到期提醒", anchor="at_due", offset=0, repeat_every=0, sort=20,
         recipients=["liaison", "handlers", "unit_leader"], actions=["notice"],
         title_template="【今日到期】{title}",
         body_template="「{title}」今日到期（{due}），请{unit}按时办结并报送办理结果。"),
    dict(code="remind", name="催办", anchor="after_due", offset=1, repeat_every=2, sort=30,
         recipients=["liaison", "unit_leader", "handlers"], actions=["notice"],
         title_template="【催办】{title}",
         body_template="「{title}」已逾期 {days_overdue} 个工作日（截止 {due}），请{unit}立即办理，并说明逾期原因。"),
    dict(code="escalate", name="督办", anchor="after_due", offset=5, repeat_every=0, sort=40,
         recipients=["liaison", "unit_leader", "assigner", "leader", "office"],
         actions=["notice", "escalate", "document"],
         title_template="【督办】{title}",
         body_template="「{title}」逾期 {days_overdue} 个工作日仍未办结（截止 {due}），已转入督办并亮红灯，"
                       "请{unit}主要负责同志督促落实。"),
]



def ensure_default_ladder(Ladder, Rung) -> bool:
    """Create the default ladder if it does not exist (model classes passed in, so migrations
    can use their historical models). Returns True when it was created."""
    return seed_ladders(Ladder, Rung, {"default": ("默认催督办规则", DEFAULT_RUNGS)}) == 1


def seed_ladders(Ladder, Rung, ladders: dict[str, tuple[str, list[dict]]]) -> int:
    """Create each ladder of `ladders` ({kind: (name, [rung fields])}; offsets in working days
    unless a rung names its offset_unit) that does not exist yet; an existing one is left as the administrators edited it. The apps'
    ladders.py modules seed theirs through this, from their data migrations and tests/seed_data.py.
    Returns how many were created."""
    created = 0
    for kind, (name, rungs) in ladders.items():
        ladder, new = Ladder.objects.get_or_create(kind=kind, defaults={"name": name})
        if not new:
            continue
        created += 1
        for spec in rungs:
            Rung.objects.create(ladder=ladder, **{"offset_unit": "workdays", **spec})
    return created
