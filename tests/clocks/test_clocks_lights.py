"""The one light definition: light() and light_q() agree; progress, warning and escalation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from clocks_time import at
from django.template import Context, Template

from zhongshu.clocks import Limit, complete, escalate, light, light_q, pause, set_progress
from zhongshu.clocks.lights import COLORS
from zhongshu.clocks.models import Clock


@pytest.fixture
def varied(make_clock, staff):
    """Clocks in every state: Mon 03-02 start, 10 working days → due Mon 03-16."""
    clocks = {}
    for progress in (0, 40, 70, 100):
        clocks[f"p{progress}"] = set_progress(make_clock(Limit.workdays(10), title=f"进度{progress}"), progress)
    clocks["hours"] = make_clock(Limit.hours(30), title="30 小时")
    clocks["escalated"] = escalate(make_clock(Limit.workdays(10), title="已督办"), staff.head, "领导要求")
    clocks["paused"] = pause(make_clock(Limit.workdays(10), title="挂起"), "等待", staff.liaison, at=at(2026, 3, 3))
    clocks["paused_escalated"] = escalate(pause(make_clock(Limit.workdays(10), title="挂起督办"), "等待", staff.liaison,
                                                at=at(2026, 3, 3)), staff.head, "督办")
    clocks["done"] = complete(make_clock(Limit.workdays(10), title="办结"), at=at(2026, 3, 4), by=staff.liaison)
    return clocks


GRID = [at(2026, 3, 2, 10), at(2026, 3, 3, 12), at(2026, 3, 4, 9), at(2026, 3, 6, 18), at(2026, 3, 10, 9),
        at(2026, 3, 12, 8, 30), at(2026, 3, 12, 8, 29), at(2026, 3, 16, 23, 59, 59), at(2026, 3, 17, 0),
        at(2026, 4, 1)]


def test_light_and_light_q_agree_over_a_grid(varied):
    clocks = list(Clock.objects.all())
    for now in GRID:
        by_python = {color: {c.pk for c in clocks if light(c, now) == color} for color in COLORS}
        by_sql = {color: set(Clock.objects.filter(light_q(color, now)).values_list("pk", flat=True))
                  for color in COLORS}
        assert by_python == by_sql, now
        # every clock has exactly one colour
        assert sum(len(v) for v in by_sql.values()) == len(clocks)


def test_light_rules(varied):
    c = varied
    early = at(2026, 3, 3, 12)  # 1 of 10 working days gone
    assert light(c["p0"], early) == "green"
    assert light(c["escalated"], early) == "red"
    assert light(c["paused"], early) == "none"
    assert light(c["paused_escalated"], early) == "red"
    assert light(c["done"], early) == "none"
    # behind schedule: at 03-10 (6 of 10 working days, ~57 % of the time) 0 % progress is yellow,
    # 40 % is within the 20-point tolerance, 70 % is ahead
    mid = at(2026, 3, 10, 9)
    assert light(c["p0"], mid) == "yellow"
    assert light(c["p40"], mid) == "green"
    assert light(c["p70"], mid) == "green"
    # the warning window (2 working days before the due day) turns everyone yellow
    window = at(2026, 3, 12, 9)
    assert light(c["p100"], window) == "yellow"
    assert light(c["p100"], at(2026, 3, 17, 0)) == "red"  # past 24:00 of the due day
    assert light(c["p100"], at(2026, 3, 16, 23, 59, 59)) == "yellow"


def test_progress_moves_the_yellow_moment(make_clock):
    clock = make_clock(Limit.workdays(10))
    before = clock.warn_at
    set_progress(clock, 60)
    clock.refresh_from_db()
    assert clock.warn_at > before
    # stored value equals started + share of the span (60 + 20 points = 80 %), or the warning window
    span = clock.due_at - clock.started_at
    assert clock.warn_at == min(clock.started_at + span * 0.8, at(2026, 3, 12, 8, 30))


def test_light_tag_renders_chinese_title(make_clock, staff):
    clock = make_clock(Limit.workdays(5))  # due 03-09
    html = Template("{% load clocks %}{% light clock now %}").render(
        Context({"clock": clock, "now": at(2026, 3, 12, 10)}))
    assert 'class="light light-red"' in html
    assert 'title="已逾期 3 个工作日"' in html
    html = Template("{% load clocks %}{% light clock now %}").render(
        Context({"clock": clock, "now": at(2026, 3, 3, 10)}))
    assert "light-green" in html and "还剩 4 个工作日" in html


def test_done_is_grey_and_says_on_time_or_late(make_clock, staff):
    from zhongshu.clocks import light_title

    on_time = complete(make_clock(Limit.workdays(5)), at=at(2026, 3, 5), by=staff.liaison)
    late = complete(make_clock(Limit.workdays(5)), at=at(2026, 3, 10), by=staff.liaison)
    later = at(2026, 3, 20)
    assert light(on_time, later) == light(late, later) == "none"
    assert light_title(on_time, later) == "已办结（按期）"
    assert light_title(late, later) == "已办结（逾期）"
    assert light(on_time, later - timedelta(days=30)) == "none"


def test_an_hour_clock_due_later_today_says_when(make_clock):
    from zhongshu.clocks import light_title

    clock = make_clock(Limit.hours(8))  # started Mon 03-02 (see make_clock): due the same day
    due = clock.due_at.astimezone(at(2026, 3, 2).tzinfo)
    assert due.date() == at(2026, 3, 2).date()
    assert light_title(clock, at(2026, 3, 2, 10)).startswith(f"今日 {due:%H:%M} 前到期")
    assert light_title(clock, due + timedelta(minutes=1)) == "已逾期"
