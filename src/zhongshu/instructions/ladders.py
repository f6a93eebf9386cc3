"""The escalation ladder of 批示转办 (clock kind instructions.route), as data (seeded by migration
0002_ladders, editable in the admin like every ladder).

"即批即转": a registered 批示 is 转办 the day it arrives. On that day (at_due) the 督查室 is told it
is still waiting; from the next working day on, every working day until it is 转办, the 督查室 and
its 主任 are told it is overdue, and the light turns red. The units' own deadline is not here: it is
the linked 督办 matter's, with the ladders of 督查督办.
"""

from __future__ import annotations

from zhongshu.clocks.defaults import seed_ladders

LADDERS: dict[str, tuple[str, list[dict]]] = {
    "instructions.route": ("批示转办提醒规则", [
        dict(code="due", name="当日转办提醒", anchor="at_due", offset=0, repeat_every=0, sort=10,
             recipients=["office"], actions=["notice", "light_yellow"], title_template="【批示待转办】{title}",
             body_template="「{title}」今日须转办（{due}），请即批即转，转办不过夜。"),
        dict(code="remind", name="逾期未转办", anchor="after_due", offset=1, repeat_every=1, sort=20,
             recipients=["office", "role:supervision_head"], actions=["notice", "light_red"],
             title_template="【批示逾期未转办】{title}",
             body_template="「{title}」已逾期 {days_overdue} 个工作日未转办（应于 {due} 转办），请立即转办承办单位。"),
    ]),
}


def ensure_ladders(Ladder, Rung) -> int:
    """Create the ladders that do not exist yet (model classes passed in, for migrations)."""
    return seed_ladders(Ladder, Rung, LADDERS)
