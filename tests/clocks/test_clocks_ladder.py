"""The default ladder fires 预警 / 到期提醒 / 催办 (repeating) / 督办 at the right moments, once."""

from __future__ import annotations

import pytest
from clocks_time import at

from zhongshu.clocks import Limit, complete, sweep
from zhongshu.clocks.models import RungFiring
from zhongshu.notify.models import Notice


def fired(clock):
    return list(RungFiring.objects.filter(clock=clock).order_by("fired_at", "id")
                .values_list("rung__code", "occurrence"))


def test_ladder_timeline(make_clock, staff):
    # Mon 2026-03-02 + 5 working days: due Mon 03-09
    clock = make_clock(Limit.workdays(5))
    assert clock.next_fire_at == at(2026, 3, 5, 8, 30)  # 预警: 2 working days before the due day

    assert sweep(now=at(2026, 3, 4, 10)).fired == 0
    r = sweep(now=at(2026, 3, 5, 9))
    assert r.counts == {"warning": 1}
    assert "预警 1 条" in r.summary()
    assert sweep(now=at(2026, 3, 5, 9)).fired == 0  # same moment again: nothing more
    assert sweep(now=at(2026, 3, 6, 9)).fired == 0

    assert sweep(now=at(2026, 3, 9, 9)).counts == {"due": 1}
    assert sweep(now=at(2026, 3, 10, 9)).counts == {"remind": 1}
    assert sweep(now=at(2026, 3, 11, 9)).fired == 0
    assert sweep(now=at(2026, 3, 12, 9)).counts == {"remind": 1}  # repeats every 2 working days
    r = sweep(now=at(2026, 3, 16, 9))  # 5 working days overdue: 督办, and the 催办 repeats
    assert r.counts == {"remind": 1, "escalate": 1}
    assert "督办 1 条" in r.summary()
    clock.refresh_from_db()
    assert clock.escalated
    assert fired(clock) == [("warning", 0), ("due", 0), ("remind", 0), ("remind", 1), ("remind", 2),
                            ("escalate", 0)]
    assert clock.next_fire_at == at(2026, 3, 18, 8, 30)


def test_catch_up_after_outage_fires_each_rung_once(make_clock, staff):
    clock = make_clock(Limit.workdays(5))
    r = sweep(now=at(2026, 3, 13, 9))  # nothing ran for a week
    assert r.counts == {"warning": 1, "due": 1, "remind": 1}
    assert RungFiring.objects.get(clock=clock, rung__code="remind").occurrence == 1


@pytest.mark.parametrize("moment,why", [
    (at(2026, 3, 5, 7, 59), "before office hours"),
    (at(2026, 3, 5, 18), "after office hours"),
    (at(2026, 3, 7, 10), "Saturday"),
    (at(2026, 4, 6, 10), "清明节 holiday"),
])
def test_nothing_fires_outside_working_hours(make_clock, staff, moment, why):
    make_clock(Limit.workdays(5))
    r = sweep(now=moment)
    assert r.off_hours and r.fired == 0, why
    assert r.summary() == "非工作时间，不发送提醒"
    assert not RungFiring.objects.exists()


def test_done_clock_stops_firing(make_clock, staff):
    clock = make_clock(Limit.workdays(5))
    sweep(now=at(2026, 3, 5, 9))
    complete(clock, at=at(2026, 3, 6, 10), by=staff.liaison)
    assert sweep(now=at(2026, 3, 16, 9)).fired == 0
    assert fired(clock) == [("warning", 0)]


def test_reminders_reach_liaison_and_unit_leader(make_clock, staff):
    clock = make_clock(Limit.workdays(5), assigned_by=staff.supervisor)
    sweep(now=at(2026, 3, 10, 9))  # 催办 (and the missed 预警/到期 once each)
    remind = Notice.objects.filter(kind="clock.remind")
    assert set(remind.values_list("recipient", flat=True)) == {staff.liaison.pk, staff.leader.pk, staff.clerk.pk}
    notice = remind.get(recipient=staff.leader)
    assert "完善城区公交线网" in notice.title
    assert "已逾期 1 个工作日" in notice.body and "市交通局" in notice.body
    assert notice.link == f"/clocks/{clock.pk}/"
    sweep(now=at(2026, 3, 16, 9))
    escalate = Notice.objects.filter(kind="clock.escalate")
    assert {staff.liaison.pk, staff.leader.pk, staff.supervisor.pk, staff.head.pk} <= set(
        escalate.values_list("recipient", flat=True))


def test_unit_without_liaison_or_leader_tells_the_office(make_clock, staff, city):
    make_clock(Limit.workdays(5), unit=city.water, title="河道清淤")
    sweep(now=at(2026, 3, 10, 9))
    missing = Notice.objects.filter(kind="clock.missing_contact")
    titles = set(missing.values_list("title", flat=True))
    assert titles == {"市水利局未设置联络员", "市水利局未设置单位领导"}
    assert set(missing.values_list("recipient", flat=True)) == {staff.supervisor.pk, staff.head.pk}
    # the clerk is still told, but never only the clerk without the office knowing
    assert Notice.objects.filter(kind="clock.remind", recipient=staff.water_clerk).exists()


def test_rung_firings_are_audited(make_clock, staff):
    from zhongshu import audit

    clock = make_clock(Limit.workdays(5))
    sweep(now=at(2026, 3, 5, 9))
    assert audit.history_for(clock).filter(action="warn", note__startswith="预警").exists()


def test_document_hook_runs_for_its_kind(make_clock, staff):
    from zhongshu.clocks import register_action
    from zhongshu.clocks.hooks import unregister_action

    calls = []
    register_action("test", "document", lambda **kw: calls.append(kw["clock"].pk) or "已生成督办通知单")
    try:
        clock = make_clock(Limit.workdays(5))
        other = make_clock(Limit.workdays(5), kind="hotline.order", title="12345 工单")
        sweep(now=at(2026, 3, 16, 9))
    finally:
        unregister_action("test", "document")
    assert calls == [clock.pk]
    from zhongshu import audit

    assert audit.history_for(clock).filter(note__contains="已生成督办通知单").exists()
    assert audit.history_for(other).filter(note__contains="未配置文书生成").exists()


def test_sweep_command_prints_chinese_summary(make_clock, staff):
    from io import StringIO

    from django.core.management import call_command

    make_clock(Limit.workdays(5))
    out = StringIO()
    call_command("sweep", now="2026-03-05T09:00+08:00", stdout=out)
    assert "预警 1 条" in out.getvalue()
    out = StringIO()
    call_command("sweep", now="2026-03-07T09:00", stdout=out)
    assert "非工作时间" in out.getvalue()


def test_worker_once_sweeps(make_clock, staff):
    from io import StringIO

    from django.core.management import call_command

    make_clock(Limit.workdays(5))
    out = StringIO()
    call_command("worker", once=True, now="2026-03-05T09:00+08:00", stdout=out)
    assert "预警 1 条" in out.getvalue()
    assert RungFiring.objects.count() == 1
