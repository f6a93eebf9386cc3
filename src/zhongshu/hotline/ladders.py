"""The escalation ladders of the 12345 hotline, as data (seeded by a migration, editable in the admin).

- hotline.dispatch (派单): the hotline office's own time, a reminder to the dispatchers when due.
- hotline.accept (签收): a reminder on the due moment, then 催签 every working day, to the unit's
  联络员 and leader, the dispatchers told.
- hotline.handle (办结): 预警 1 working day before, 到期提醒, 催办 1 working day after and every
  working day, 督办 3 working days after (red; the hotline office and the unit leader).
- hotline.callback (回访): a reminder to the agents when the callback is due and after.
"""

from __future__ import annotations

from zhongshu.clocks.defaults import seed_ladders

UNIT = ["liaison", "unit_leader"]
DISPATCHERS = ["role:hotline_dispatcher"]
OFFICE = ["role:hotline_dispatcher", "role:hotline_head"]

LADDERS: dict[str, tuple[str, list[dict]]] = {
    "hotline.dispatch": ("热线工单派单提醒规则", [
        dict(code="due", name="派单提醒", anchor="at_due", offset=0, repeat_every=0, sort=10,
             recipients=DISPATCHERS, actions=["notice"], title_template="【待派单】{title}",
             body_template="12345 工单「{title}」受理后应于 {due} 前派单或直接答复。"),
    ]),
    "hotline.accept": ("热线工单签收提醒规则", [
        dict(code="due", name="签收提醒", anchor="at_due", offset=0, repeat_every=0, sort=10,
             recipients=UNIT, actions=["notice"], title_template="【请签收】{title}",
             body_template="12345 工单「{title}」已派至{unit}，请于 {due} 前签收。"),
        dict(code="remind", name="催签", anchor="after_due", offset=1, repeat_every=1, sort=20,
             recipients=UNIT + DISPATCHERS, actions=["notice"], title_template="【签收逾期】{title}",
             body_template="12345 工单「{title}」逾期 {days_overdue} 个工作日未签收（时限 {due}），请{unit}立即签收。"),
    ]),
    "hotline.handle": ("热线工单办理催督办规则", [
        dict(code="warning", name="预警", anchor="before_due", offset=1, repeat_every=0, sort=10,
             recipients=UNIT + ["handlers"], actions=["notice", "light_yellow"], title_template="【预警】{title}",
             body_template="12345 工单「{title}」将于 {due} 到期，请{unit}抓紧办理并答复市民。"),
        dict(code="due", name="到期提醒", anchor="at_due", offset=0, repeat_every=0, sort=20,
             recipients=UNIT + ["handlers"], actions=["notice"], title_template="【今日到期】{title}",
             body_template="12345 工单「{title}」今日到期（{due}），请{unit}按时答复市民。"),
        dict(code="remind", name="催办", anchor="after_due", offset=1, repeat_every=1, sort=30,
             recipients=UNIT + DISPATCHERS, actions=["notice"], title_template="【催办】{title}",
             body_template="12345 工单「{title}」已逾期 {days_overdue} 个工作日（截止 {due}），请{unit}立即办理。"),
        dict(code="escalate", name="督办", anchor="after_due", offset=3, repeat_every=0, sort=40,
             recipients=UNIT + OFFICE, actions=["notice", "escalate"], title_template="【督办】{title}",
             body_template="12345 工单「{title}」逾期 {days_overdue} 个工作日仍未办结（截止 {due}），已转入督办、亮红灯，"
                           "将在热线通报中通报。"),
    ]),
    "hotline.callback": ("热线回访提醒规则", [
        dict(code="due", name="回访提醒", anchor="at_due", offset=0, repeat_every=0, sort=10,
             recipients=["role:hotline_agent"], actions=["notice"], title_template="【待回访】{title}",
             body_template="12345 工单「{title}」已办结，请于 {due} 前回访市民。"),
        dict(code="remind", name="回访逾期", anchor="after_due", offset=1, repeat_every=1, sort=20,
             recipients=["role:hotline_agent"] + DISPATCHERS, actions=["notice"], title_template="【回访逾期】{title}",
             body_template="12345 工单「{title}」回访已逾期 {days_overdue} 个工作日，请尽快回访。"),
    ]),
}


def ensure_ladders(Ladder, Rung) -> int:
    """Create the ladders that do not exist yet (model classes passed in, for migrations)."""
    return seed_ladders(Ladder, Rung, LADDERS)
