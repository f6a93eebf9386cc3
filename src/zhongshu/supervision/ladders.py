"""The escalation ladders of 督查督办, as data (seeded by migration 0002, editable in the admin).

Clock kinds and what their rungs do:
- supervision.task (a task's deadline): 预警 3 working days before (yellow), 到期提醒 on the day,
  催办 1 working day after and every 2 working days until the unit acts (each issues a 催办通知),
  督办 5 working days after (red, 督办通知单, named in the next 通报). Every rung reaches the
  unit's 联络员 AND its leader, never only the clerk; 督办 also reaches the 牵头领导 and 督查室.
- supervision.accept (签收 within 1 working day): a reminder on the due day, then 催签 every
  working day, to the 联络员 and the unit leader, with the 督查室 told.
- supervision.report (the current period's 进展反馈): 预警 1 working day before, 到期提醒, 催报
  every 2 working days after.
- supervision.recheck (回头看 of a closed matter): 预警 5 working days before and on the day, to
  the 督查室.
"""

from __future__ import annotations

from zhongshu.clocks.defaults import seed_ladders

UNIT = ["liaison", "unit_leader"]

LADDERS: dict[str, tuple[str, list[dict]]] = {
    "supervision.task": ("督办任务催督办规则", [
        dict(code="warning", name="预警", anchor="before_due", offset=3, repeat_every=0, sort=10,
             recipients=UNIT + ["handlers"], actions=["notice", "light_yellow"],
             title_template="【预警】{title}",
             body_template="「{title}」将于 {due} 到期，还剩 {days_left} 个工作日，请{unit}抓紧办理，按时报送办结材料。"),
        dict(code="due", name="到期提醒", anchor="at_due", offset=0, repeat_every=0, sort=20,
             recipients=UNIT + ["handlers"], actions=["notice"],
             title_template="【今日到期】{title}",
             body_template="「{title}」今日到期（{due}），请{unit}按时办结并提交办结申请。"),
        dict(code="remind", name="催办", anchor="after_due", offset=1, repeat_every=2, sort=30,
             recipients=UNIT + ["handlers", "assigner"], actions=["notice", "document"],
             title_template="【催办】{title}",
             body_template="「{title}」已逾期 {days_overdue} 个工作日（截止 {due}），已发催办通知，"
                           "请{unit}立即办理并书面说明逾期原因。"),
        dict(code="escalate", name="督办", anchor="after_due", offset=5, repeat_every=0, sort=40,
             recipients=UNIT + ["assigner", "leader", "office"], actions=["notice", "escalate", "document"],
             title_template="【督办】{title}",
             body_template="「{title}」逾期 {days_overdue} 个工作日仍未办结（截止 {due}），已转入督办、亮红灯并印发"
                           "督办通知单，将在督查通报中通报。请{unit}主要负责同志亲自督促落实。"),
    ]),
    "supervision.accept": ("督办签收提醒规则", [
        dict(code="due", name="签收提醒", anchor="at_due", offset=0, repeat_every=0, sort=10,
             recipients=UNIT, actions=["notice"],
             title_template="【请签收】{title}",
             body_template="「{title}」已交办{unit}，请于 {due} 前签收。"),
        dict(code="remind", name="催签", anchor="after_due", offset=1, repeat_every=1, sort=20,
             recipients=UNIT + ["assigner"], actions=["notice"],
             title_template="【签收逾期】{title}",
             body_template="「{title}」交办后逾期 {days_overdue} 个工作日仍未签收（时限 {due}），请{unit}立即签收。"
                           "签收逾期将计入考核。"),
    ]),
    "supervision.report": ("督办进展填报提醒规则", [
        dict(code="warning", name="填报预警", anchor="before_due", offset=1, repeat_every=0, sort=10,
             recipients=UNIT + ["handlers"], actions=["notice"],
             title_template="【请填报进展】{title}",
             body_template="「{title}」本期进展请于 {due} 前报送（表单已按上期内容预填，只需修改变化部分）。"),
        dict(code="due", name="填报到期", anchor="at_due", offset=0, repeat_every=0, sort=20,
             recipients=UNIT + ["handlers"], actions=["notice"],
             title_template="【今日报送进展】{title}",
             body_template="「{title}」本期进展今日（{due}）应报送，请{unit}及时填报。"),
        dict(code="remind", name="催报", anchor="after_due", offset=1, repeat_every=2, sort=30,
             recipients=UNIT + ["handlers"], actions=["notice"],
             title_template="【催报进展】{title}",
             body_template="「{title}」本期进展已逾期 {days_overdue} 个工作日未报送（应于 {due} 前报送），请{unit}立即填报。"),
    ]),
    "supervision.recheck": ("回头看提醒规则", [
        dict(code="warning", name="回头看预警", anchor="before_due", offset=5, repeat_every=0, sort=10,
             recipients=["office"], actions=["notice"],
             title_template="【回头看】{title}",
             body_template="「{title}」的回头看将于 {due} 到期，请督查室安排检查。"),
        dict(code="due", name="回头看到期", anchor="at_due", offset=0, repeat_every=0, sort=20,
             recipients=["office"], actions=["notice"],
             title_template="【回头看今日到期】{title}",
             body_template="「{title}」的回头看今日到期（{due}），请记录检查结果。"),
        dict(code="remind", name="回头看逾期", anchor="after_due", offset=1, repeat_every=5, sort=30,
             recipients=["office"], actions=["notice"],
             title_template="【回头看逾期】{title}",
             body_template="「{title}」的回头看已逾期 {days_overdue} 个工作日，请尽快完成并记录结果。"),
    ]),
}


def ensure_ladders(Ladder, Rung) -> int:
    """Create the ladders that do not exist yet (model classes passed in, for migrations)."""
    return seed_ladders(Ladder, Rung, LADDERS)
