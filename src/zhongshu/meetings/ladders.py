"""The escalation ladders of 传达 (seed 003: "对重要会议精神，原则上要24小时内完成学习传达任务，2个工作日内
报告学习传达情况"), as data (seeded by migration 0001's data step and tests/seed_data.py, editable in
the admin like every ladder).

meetings.relay (24 hours from the issue of the 纪要, ZHONGSHU_MEETINGS_RELAY_HOURS): 预警 4 hours
before (yellow) and 到期提醒 at the due moment, to the unit's 联络员 and leader; 催办 2 hours after
and every 4 working hours until it is recorded, to them and the 会务人员; 督办 24 hours after (red),
to the unit, the meeting's chair (the clock's leader) and the 会务人员.

meetings.relay_report (2 working days, ZHONGSHU_MEETINGS_RELAY_REPORT_WORKDAYS): 预警 on the working
day before, 到期提醒 on the day, 催办 1 working day after and every working day, 督办 2 working days
after. Reminder moments fall in working time (the clocks engine). Notices lead to the unit's 传达
page (apps.ready registers the link for the prefix "meetings").
"""

from __future__ import annotations

from zhongshu.clocks.defaults import seed_ladders

UNIT = ["liaison", "unit_leader"]
CLERKS = ["role:meeting_clerk"]

LADDERS: dict[str, tuple[str, list[dict]]] = {
    "meetings.relay": ("会议精神传达催督办规则", [
        dict(code="warning", name="预警", anchor="before_due", offset=4, offset_unit="hours", repeat_every=0, sort=10,
             recipients=UNIT, actions=["notice", "light_yellow"], title_template="【传达预警】{title}",
             body_template="请{unit}于 {due} 前完成「{title}」的学习传达，并在系统中登记传达情况。"),
        dict(code="due", name="到期提醒", anchor="at_due", offset=0, offset_unit="hours", repeat_every=0, sort=20,
             recipients=UNIT, actions=["notice"], title_template="【传达时限已到】{title}",
             body_template="「{title}」的24小时传达时限已到（{due}），{unit}尚未登记传达，请立即传达并登记。"),
        dict(code="remind", name="催办", anchor="after_due", offset=2, offset_unit="hours", repeat_every=4, sort=30,
             recipients=UNIT + CLERKS, actions=["notice"], title_template="【传达催办】{title}",
             body_template="「{title}」已超过传达时限（{due}），{unit}仍未登记传达，请单位主要负责同志督促落实。"),
        dict(code="escalate", name="督办", anchor="after_due", offset=24, offset_unit="hours", repeat_every=0,
             sort=40, recipients=UNIT + ["leader"] + CLERKS, actions=["notice", "escalate"],
             title_template="【传达督办】{title}",
             body_template="「{title}」超过传达时限（{due}）24小时仍未传达，已亮红灯并报会议主持人，请{unit}说明原因。"),
    ]),
    "meetings.relay_report": ("会议精神传达情况报告催督办规则", [
        dict(code="warning", name="预警", anchor="before_due", offset=1, offset_unit="workdays", repeat_every=0,
             sort=10, recipients=UNIT, actions=["notice", "light_yellow"], title_template="【传达报告预警】{title}",
             body_template="请{unit}于 {due} 前报告「{title}」的学习传达情况。"),
        dict(code="due", name="到期提醒", anchor="at_due", offset=0, offset_unit="workdays", repeat_every=0, sort=20,
             recipients=UNIT, actions=["notice"], title_template="【传达报告今日到期】{title}",
             body_template="「{title}」的学习传达情况今日到期（{due}），请{unit}按时报告。"),
        dict(code="remind", name="催办", anchor="after_due", offset=1, offset_unit="workdays", repeat_every=1,
             sort=30, recipients=UNIT + CLERKS, actions=["notice"], title_template="【传达报告催办】{title}",
             body_template="「{title}」的学习传达情况已逾期 {days_overdue} 个工作日（时限 {due}），请{unit}立即报告。"),
        dict(code="escalate", name="督办", anchor="after_due", offset=2, offset_unit="workdays", repeat_every=0,
             sort=40, recipients=UNIT + ["leader"] + CLERKS, actions=["notice", "escalate"],
             title_template="【传达报告督办】{title}",
             body_template="「{title}」的学习传达情况逾期 {days_overdue} 个工作日仍未报告，已亮红灯并报会议主持人。"),
    ]),
}


def ensure_ladders(Ladder, Rung) -> int:
    """Create the ladders that do not exist yet (model classes passed in, for migrations); an
    existing one is left as the administrators edited it. Each rung names its offset unit
    (hours for the 24-hour 传达, working days for the report)."""
    return seed_ladders(Ladder, Rung, LADDERS)
