"""12345 考核 (hotline/kpi.py): each rate on hand-built tickets, "—" for empty denominators, the
rollup equal to the live computation (also after changes), the page's scope and its bounded
query count."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hl_time import at

from zhongshu.hotline import kpi
from zhongshu.hotline.models import KpiDay, Ticket

pytestmark = pytest.mark.django_db

WEEK = kpi.Period(date(2026, 3, 2), date(2026, 3, 8))
_seq = iter(range(1, 10**6))


def make(unit=None, **kw):
    """A ticket straight in the table (the loop is tested elsewhere; here: exact flags)."""
    n = next(_seq)
    data = dict(number=f"K{n:07d}", title="测试", description="测试", retrieval_code="123456",
                received_at=at(2026, 3, 3, 10), caller_phone=f"139{n:08d}", unit=unit)
    if unit is not None:
        data["dispatched_at"] = data["received_at"] + timedelta(hours=1)
    data.update(kw)
    return Ticket.objects.create(**data)


def closed(unit, day, **kw):
    kw.setdefault("closed_how", "unit")
    kw.setdefault("resolution", "solved")
    kw.setdefault("state", "closed")
    kw.setdefault("accepted_at", at(2026, 3, 3, 12))
    return make(unit, replied_at=day, closed_at=day, **kw)


@pytest.fixture
def week_data(hl):
    """The dataset the expected figures below are counted on by hand (see each comment)."""
    jt, sl = hl.city.traffic, hl.city.water
    # 市交通局: received in the week: T1, T2, T3, T7; closed in the week: T1, T2, T6, T8
    closed(jt, at(2026, 3, 4), caller_phone="13900000001", state="finished",               # T1
           callback_at=at(2026, 3, 5), satisfaction="satisfied")
    closed(jt, at(2026, 3, 5), caller_phone="13900000001", received_at=at(2026, 3, 4, 9),  # T2: repeat of T1
           accepted_late=True, replied_late=True, resolution="unsolved", state="finished",
           callback_at=at(2026, 3, 6), satisfaction="unsatisfied")
    make(jt, caller_phone="", state="dispatched")                                          # T3: no phone, not signed
    closed(jt, at(2026, 3, 4), received_at=at(2026, 2, 20), state="finished",              # T6: received before
           callback_at=at(2026, 3, 5), satisfaction="basic")
    make(jt, received_at=at(2026, 3, 5), accepted_at=at(2026, 3, 5, 12), replied_at=at(2026, 3, 9),
         closed_at=at(2026, 3, 10), closed_how="unit", resolution="solved", state="closed")  # T7: closed after
    closed(jt, at(2026, 3, 6), received_at=at(2026, 2, 25), resolution="partly",            # T8: old callback
           callback_at=at(2026, 3, 1), satisfaction="unsatisfied", round=2)
    # 市水利局: T0 (Feb 10, phone B), T4 (phone B → repeat, 21 days later), T9 (Sunday 23:30), T10 (Monday 00:10)
    make(sl, caller_phone="13900000002", received_at=at(2026, 2, 10), accepted_at=at(2026, 2, 10, 12),
         replied_at=at(2026, 2, 12), closed_at=at(2026, 2, 12), closed_how="unit", resolution="solved", state="closed")
    make(sl, caller_phone="13900000002", accepted_at=at(2026, 3, 3, 12), state="handling")  # T4
    make(sl, received_at=at(2026, 3, 8, 23, 30), state="dispatched")                         # T9
    make(sl, received_at=at(2026, 3, 9, 0, 10), state="dispatched")                          # T10: next week
    # the hotline itself: T5 answered directly in the week (phone C also called 61 days before: not a repeat)
    make(None, caller_phone="13900000003", received_at=at(2026, 1, 1), closed_at=at(2026, 1, 1), state="closed",
         closed_how="direct", resolution="explained", replied_at=at(2026, 1, 1))
    make(None, caller_phone="13900000003", closed_at=at(2026, 3, 3, 10, 5), state="closed", closed_how="direct",
         resolution="explained", replied_at=at(2026, 3, 3, 10, 5))
    return hl


JT = {"received": 4, "phoned": 3, "repeat": 1, "dispatched": 4, "accepted": 3, "accepted_on_time": 2,
      "closed": 4, "solved": 2, "unit_closed": 4, "unit_on_time": 3, "called_back": 3, "satisfied": 2}
SL = {"received": 2, "phoned": 2, "repeat": 1, "dispatched": 2, "accepted": 1, "accepted_on_time": 1,
      "closed": 0, "solved": 0, "unit_closed": 0, "unit_on_time": 0, "called_back": 0, "satisfied": 0}
HOTLINE = {"received": 1, "phoned": 1, "repeat": 0, "dispatched": 0, "accepted": 0, "accepted_on_time": 0,
           "closed": 1, "solved": 1, "unit_closed": 0, "unit_on_time": 0, "called_back": 0, "satisfied": 0}


@pytest.mark.parametrize("source", ["live", "rollup"])
def test_counts_and_rates_by_hand(week_data, source):
    if source == "rollup":
        kpi.refresh()
    rep = kpi.report(WEEK, source=source)
    rows = {r.unit_id: r for r in rep.rows}
    city = week_data.city
    assert rows[city.traffic.pk].counts == JT
    assert rows[city.water.pk].counts == SL
    assert rows[None].counts == HOTLINE and rows[None].name == "热线直接办理"
    assert rep.total.counts == {k: JT[k] + SL[k] + HOTLINE[k] for k in JT}
    jt = rows[city.traffic.pk].rates
    assert jt == {"response": 50.0, "accept": 66.7, "repeat": 33.3, "solve": 50.0, "on_time": 75.0,
                  "callback": 75.0, "satisfy": 66.7}
    sl = rows[city.water.pk]
    # nothing closed at 市水利局 in the week: the closing rates have no denominator → None → "—"
    assert sl.rate("solve") is None and sl.rate("on_time") is None and sl.rate("satisfy") is None
    assert [kpi.percent(sl.rate(k)) for k in ("solve", "on_time", "callback")] == ["—", "—", "—"]
    assert sl.rate("response") == 50.0 and sl.rate("repeat") == 50.0
    assert rows[None].rate("on_time") is None and rows[None].rate("solve") == 100.0


def test_empty_period_is_dashes_not_100(hl):
    rep = kpi.report(kpi.Period(date(2030, 1, 1), date(2030, 1, 7)), source="live")
    assert rep.rows == [] and all(v is None for v in rep.total.rates.values())
    assert kpi.percent(None) == "—"


def test_filter_q_is_the_set_behind_each_count(week_data):
    rows = {r.unit_id: r for r in kpi.report(WEEK, source="live").rows}
    jt = week_data.city.traffic
    for name in kpi.COUNTS:
        n = Ticket.objects.filter(kpi.filter_q(name, WEEK), unit=jt).count()
        assert n == rows[jt.pk].counts[name], name


def test_through_the_loop(hl, new_ticket):
    """Flags set by transitions.py (accepted_late, replied_late, callback) give the rates."""
    from zhongshu.hotline import transitions as tr

    on_time = new_ticket(when=at(2026, 3, 2, 9))
    late = new_ticket(when=at(2026, 3, 2, 9), caller_phone="13812345678")  # same phone, 0 min later: repeat
    for t in (on_time, late):
        tr.dispatch(t, hl.dispatcher, at=at(2026, 3, 2, 10))
    tr.accept(on_time, hl.jt_liaison, at=at(2026, 3, 2, 11))
    tr.accept(late, hl.jt_liaison, at=at(2026, 3, 6, 11))
    tr.reply(on_time, hl.jt_staff, reply="已修复井盖。", resolution="solved", at=at(2026, 3, 3, 9))
    tr.close(on_time, hl.dispatcher, at=at(2026, 3, 3, 10))
    tr.callback(on_time, hl.agent, satisfaction="satisfied", at=at(2026, 3, 4, 10))
    late.refresh_from_db()
    assert late.accepted_late
    for source in ("live", "rollup"):
        kpi.refresh()
        row = {r.unit_id: r for r in kpi.report(WEEK, source=source).rows}[hl.city.traffic.pk]
        assert row.counts["dispatched"] == 2 and row.counts["accepted_on_time"] == 1
        assert row.rates["response"] == 50.0 and row.rates["on_time"] == 100.0 and row.rates["satisfy"] == 100.0
        assert row.counts["repeat"] == 0  # same received_at: not "before"


def test_periods_and_errors():
    today = date(2026, 3, 11)  # a Wednesday
    assert kpi.period_of("this_week", today) == kpi.Period(date(2026, 3, 9), date(2026, 3, 15), "this_week")
    assert kpi.period_of("last_week", today) == kpi.Period(date(2026, 3, 2), date(2026, 3, 8), "last_week")
    assert kpi.period_of("this_month", today) == kpi.Period(date(2026, 3, 1), date(2026, 3, 31), "this_month")
    assert kpi.parse_week("2026-W10", today) == kpi.Period(date(2026, 3, 2), date(2026, 3, 8), "week")
    from zhongshu.core.errors import UserError

    for args, msg in (((None, "2026-03-09", "2026-03-01"), "开始日期不能晚于结束日期"),
                      ((None, "2026-3-x", "2026-03-01"), "开始日期格式不正确"),
                      (("custom", "", "2026-03-01"), "请填写开始日期"),
                      ((None, "2025-01-01", "2026-03-01"), "不能超过")):
        with pytest.raises(UserError, match=msg):
            kpi.parse_period(*args, today)
    with pytest.raises(UserError, match="周次格式不正确"):
        kpi.parse_week("W10", today)


def _random_tickets(hl, n, seed):
    rnd = random.Random(seed)
    units = [hl.city.traffic, hl.city.water, hl.city.east, None]
    phones = [f"1370000{i:04d}" for i in range(40)] + [""]
    for _ in range(n):
        unit = rnd.choice(units)
        rec = at(2026, 2, 1) + timedelta(minutes=rnd.randrange(0, 60 * 24 * 50))
        kw = dict(received_at=rec, caller_phone=rnd.choice(phones), state="received")
        if unit is not None:
            kw.update(dispatched_at=rec + timedelta(hours=1), state="dispatched")
            if rnd.random() < 0.8:
                kw.update(accepted_at=rec + timedelta(hours=rnd.randrange(1, 60)), accepted_late=rnd.random() < 0.2,
                          state="handling")
        if rnd.random() < 0.6 and (unit is None or "accepted_at" in kw):
            done = rec + timedelta(hours=rnd.randrange(0, 24 * 20))
            kw.update(closed_at=done, replied_at=done, state="closed", replied_late=rnd.random() < 0.25,
                      closed_how="direct" if unit is None else rnd.choice(["unit", "unit", "merged"]),
                      resolution=rnd.choice(["solved", "partly", "explained", "unsolved"]))
            if rnd.random() < 0.7:
                back = done + timedelta(hours=rnd.randrange(-30, 72))
                kw.update(callback_at=back, satisfaction=rnd.choice(["satisfied", "basic", "unsatisfied"]),
                          state="finished")
        make(unit, **kw)


PERIODS = [WEEK, kpi.Period(date(2026, 2, 1), date(2026, 2, 28)), kpi.Period(date(2026, 1, 15), date(2026, 4, 30)),
           kpi.Period(date(2026, 3, 8), date(2026, 3, 8)), kpi.Period(date(2026, 2, 10), date(2026, 3, 20))]


def _same(period):
    live = {r.unit_id: r.counts for r in kpi.report(period, source="live").rows}
    roll = {r.unit_id: r.counts for r in kpi.report(period, source="rollup").rows}
    assert roll == live, period
    return live


def test_rollup_equals_live_and_follows_changes(hl):
    _random_tickets(hl, 400, seed=7)
    assert kpi.refresh() > 40
    for period in PERIODS:
        _same(period)
    # changes: 改派 of an old ticket, a redo (closed_at cleared), a late callback, a new ticket
    old = Ticket.objects.filter(unit=hl.city.traffic, received_at__lt=at(2026, 2, 10)).first()
    old.unit = hl.city.water
    old.save()
    redo = Ticket.objects.filter(closed_at__isnull=False, unit__isnull=False).order_by("received_at").first()
    redo.closed_at, redo.state, redo.round = None, "handling", 2
    redo.save()
    back = Ticket.objects.filter(state="closed", callback_at__isnull=True).first()
    back.callback_at, back.satisfaction, back.state = back.closed_at + timedelta(days=1), "basic", "finished"
    back.save()
    make(hl.city.east, received_at=at(2026, 3, 2, 8), caller_phone="13700000001")
    stale = {r.unit_id: r.counts for r in kpi.report(WEEK, source="rollup").rows}
    assert stale != {r.unit_id: r.counts for r in kpi.report(WEEK, source="live").rows}  # until refreshed
    kpi.refresh()
    for period in PERIODS:
        _same(period)
    assert KpiDay.objects.count() > 0
    # --all rebuilds the same rows
    before = {r.unit_id: r.counts for r in kpi.report(PERIODS[2], source="rollup").rows}
    kpi.refresh(full=True)
    assert {r.unit_id: r.counts for r in kpi.report(PERIODS[2], source="rollup").rows} == before


def test_incremental_refresh_only_touches_changed_days(hl, monkeypatch):
    _random_tickets(hl, 120, seed=3)
    kpi.refresh()
    assert kpi.refresh() > 0  # the overlap re-reads the changes of the last minutes (harmless)
    monkeypatch.setattr(kpi, "REFRESH_OVERLAP", timedelta(0))
    kpi.refresh()
    assert kpi.refresh() == 0  # nothing changed since
    t = Ticket.objects.order_by("received_at").first()
    t.satisfaction = "basic"
    t.save()
    assert kpi.refresh() == 1


def test_command(hl, capsys):
    from django.core.management import call_command

    make(hl.city.traffic)
    call_command("hotline_kpi_rollup", "--all")
    assert "重算 1 个受理日" in capsys.readouterr().out


def test_worker_job_builds_then_refreshes_only_when_stale(hl, monkeypatch):
    from zhongshu.clocks.hooks import jobs

    job = jobs()["热线考核日汇总"]
    assert job is kpi.refresh_job
    now = at(2026, 3, 9, 9)
    assert job(now) == ""  # no tickets, nothing to build
    make(hl.city.traffic)
    assert job(now) == "热线考核日汇总：重算 1 天"
    built = KpiDay.objects.count()
    assert built > 0
    assert job(now + timedelta(minutes=5)) == ""  # fresh: not due
    monkeypatch.setattr(kpi, "REFRESH_OVERLAP", timedelta(0))
    assert job(now + timedelta(minutes=11)) in ("热线考核日汇总：无变化", "热线考核日汇总：重算 1 天")
    assert kpi.as_of() == now + timedelta(minutes=11)
    assert KpiDay.objects.count() == built


# --- the page --------------------------------------------------------------------------------------
def test_page_scope(week_data, client):
    hl = week_data
    client.force_login(hl.jt_liaison)
    r = client.get("/hotline/kpi/")
    assert r.status_code == 403 and "只有" in r.content.decode() and "可以查看热线考核" in r.content.decode()
    client.force_login(hl.jt_leader)
    assert client.get("/hotline/kpi/").status_code == 403
    for user in (hl.mayor, hl.head, hl.supervisor):
        client.force_login(user)
        assert client.get("/hotline/kpi/?period=custom&from=2026-03-02&to=2026-03-08").status_code == 200
    client.logout()
    assert client.get("/hotline/kpi/").status_code == 302


def test_page_content(week_data, client):
    hl = week_data
    client.force_login(hl.mayor)
    kpi.refresh()
    r = client.get("/hotline/kpi/?period=custom&from=2026-03-02&to=2026-03-08&sort=on_time")
    html = r.content.decode()
    assert "2026年3月2日至2026年3月8日" in html and "考核日汇总" in html
    for d in kpi.RATES:
        assert d.definition in html
    assert "/hotline/queue/?unit=" in html or "?unit=" in html
    jt = hl.city.traffic.pk
    assert f"unit={jt}&amp;from=2026-03-02&amp;to=2026-03-08&amp;kpi=unit_on_time" in html
    assert "unit=none&amp;from=2026-03-02" in html
    assert "75%" in html and "—" in html
    assert 'id="zs-chart-kpi"' in html and "echarts" in html
    assert "week=2026-W" in html
    rows = r.context["rows"]
    assert [x["unit_id"] for x in rows][:1] == [jt]  # ranked by 按时办结率; 水利局 (—) after
    r = client.get("/hotline/kpi/?period=custom&from=2026-03-09&to=2026-03-01")
    assert "开始日期不能晚于结束日期" in r.content.decode() and r.context["period"].kind == "this_week"


def test_page_query_count_does_not_grow_with_units(hl, client, django_assert_max_num_queries):
    from zhongshu.org.models import OrgUnit

    client.force_login(hl.mayor)
    for unit in (hl.city.traffic, hl.city.water):
        make(unit, received_at=at(2026, 3, 3))
    kpi.refresh()
    with django_assert_max_num_queries(15) as few:
        client.get("/hotline/kpi/?period=custom&from=2026-03-01&to=2026-03-31")
    root = hl.city.traffic.parent
    for i in range(25):
        unit = OrgUnit.objects.create(name=f"测试单位{i}", short_name=f"测{i}", parent=root, code=f"KPI{i}")
        make(unit, received_at=at(2026, 3, 3))
    kpi.refresh()
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        r = client.get("/hotline/kpi/?period=custom&from=2026-03-01&to=2026-03-31")
    assert len(r.context["rows"]) == 27 and len(many.captured_queries) == len(few.captured_queries)
    kpi_queries = [q["sql"] for q in many.captured_queries if "hotline_kpiday" in q["sql"]]
    assert len(kpi_queries) == 2  # the watermark and the one grouped SUM
