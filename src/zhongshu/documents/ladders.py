"""The escalation ladder of 收文 承办 (clock kind documents.handle), as data (seeded by migration
0004_incoming, editable in the admin like every ladder).

预警 1 working day before the 办理时限 (yellow) and 到期提醒 on the day, to the 主办单位's 联络员 and
leader; 催办 1 working day after and every 2 working days until it is 办结, to them and the 文秘;
督办 3 working days after (red), to the unit, the leader who directed it (the clock's leader) and
the 文秘. Notices lead to the document's page (apps.ready registers the link).

The ladder of 发文 会签 (clock kind documents.countersign, one clock per unit asked, seeded by
migration 0006): 预警 1 working day before the 会签时限 and 到期提醒 on the day to the unit's 联络员 and
leader; 催办 1 working day after and every working day until the unit answers, to them and the 文秘.
"""

from __future__ import annotations

from zhongshu.clocks.defaults import seed_ladders

UNIT = ["liaison", "unit_leader"]
CLERKS = ["role:doc_clerk"]

LADDERS: dict[str, tuple[str, list[dict]]] = {
    "documents.handle": ("收文办理催督办规则", [
        dict(code="warning", name="预警", anchor="before_due", offset=1, repeat_every=0, sort=10,
             recipients=UNIT + ["handlers"], actions=["notice", "light_yellow"], title_template="【收文预警】{title}",
             body_template="「{title}」将于 {due} 到期，还剩 {days_left} 个工作日，请{unit}抓紧办理并按时办结。"),
        dict(code="due", name="到期提醒", anchor="at_due", offset=0, repeat_every=0, sort=20,
             recipients=UNIT + ["handlers"], actions=["notice"], title_template="【收文今日到期】{title}",
             body_template="「{title}」今日到期（{due}），请{unit}按时办结并填报办理结果。"),
        dict(code="remind", name="催办", anchor="after_due", offset=1, repeat_every=2, sort=30,
             recipients=UNIT + CLERKS, actions=["notice"], title_template="【收文催办】{title}",
             body_template="「{title}」已逾期 {days_overdue} 个工作日（办理时限 {due}），请{unit}立即办理，并说明逾期原因。"),
        dict(code="escalate", name="督办", anchor="after_due", offset=3, repeat_every=0, sort=40,
             recipients=UNIT + ["leader"] + CLERKS, actions=["notice", "escalate"], title_template="【收文督办】{title}",
             body_template="「{title}」逾期 {days_overdue} 个工作日仍未办结（办理时限 {due}），已亮红灯并报批办领导，"
                           "请{unit}主要负责同志督促落实。"),
    ]),
    "documents.countersign": ("发文会签催办规则", [
        dict(code="warning", name="预警", anchor="before_due", offset=1, repeat_every=0, sort=10,
             recipients=UNIT, actions=["notice", "light_yellow"], title_template="【会签预警】{title}",
             body_template="「{title}」请于 {due} 前会签，还剩 {days_left} 个工作日。"),
        dict(code="due", name="到期提醒", anchor="at_due", offset=0, repeat_every=0, sort=20,
             recipients=UNIT, actions=["notice"], title_template="【会签今日到期】{title}",
             body_template="「{title}」今日到会签时限（{due}），请{unit}签署会签意见。"),
        dict(code="remind", name="催办", anchor="after_due", offset=1, repeat_every=1, sort=30,
             recipients=UNIT + CLERKS, actions=["notice"], title_template="【会签催办】{title}",
             body_template="「{title}」会签已逾期 {days_overdue} 个工作日（时限 {due}），请{unit}立即签署会签意见。"),
    ]),
}


def ensure_ladders(Ladder, Rung) -> int:
    """Create the ladders that do not exist yet (model classes passed in, for migrations)."""
    return seed_ladders(Ladder, Rung, LADDERS)
