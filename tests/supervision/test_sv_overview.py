"""The leaders' overview is honest: each figure follows its written definition, and the ledger
behind each link lists exactly the rows the figure counts."""

from __future__ import annotations

import re
from datetime import date, timedelta

import sv_flow as flow
from django.utils import timezone
from sv_time import at

from zhongshu.supervision import stats
from zhongshu.supervision import transitions as t


def build(people, new_matter, city):
    """市交通局: one overdue (red), one due in 2 working days (yellow), one far (green), one done on
    time, one done late; 东城区: one accepted late, in progress. All of 2026 (matters' 年度)."""
    today = timezone.localdate()
    past = timezone.now() - timedelta(days=200)
    from zhongshu.workcal.calc import get_calendar

    cal = get_calendar()
    soon = cal.add_workdays(today, 2).value

    def started(title, deadline, unit=city.traffic, liaison=people.jt_liaison, when=past):
        """Started `when`; a far deadline started long ago with no progress would be 进度滞后 (yellow)."""
        m = new_matter(title=title, deadline=deadline, co_units=[], lead_unit=unit, when=when)
        t.assign(m, people.supervisor, at=when + timedelta(hours=1))
        lead = flow.lead_task(m)
        t.accept(lead, liaison, at=when + timedelta(hours=2))
        lead.refresh_from_db()
        return lead

    red = started("逾期的", today - timedelta(days=30))
    yellow = started("临期的", soon)
    green = started("还早的", today + timedelta(days=120), when=timezone.now() - timedelta(days=2))
    on_time = started("按期的", today - timedelta(days=10))
    item = t.request_completion(on_time, people.jt_liaison, result="完成", at=past + timedelta(days=100))
    t.review_completion(item, people.supervisor, accept=True, at=past + timedelta(days=101))
    late = started("逾期办结的", today - timedelta(days=100))
    item = t.request_completion(late, people.jt_liaison, result="完成", at=past + timedelta(days=150))
    t.review_completion(item, people.supervisor, accept=True, at=past + timedelta(days=151))
    recent = timezone.now() - timedelta(days=12)
    m = new_matter(title="逾期签收的", lead_unit=city.east, co_units=[], deadline=today + timedelta(days=300),
                   when=recent)
    t.assign(m, people.supervisor, at=recent + timedelta(hours=1))
    t.accept(flow.lead_task(m), people.dc_liaison, at=recent + timedelta(days=10))
    return red, yellow, green


def test_the_figures_follow_their_definitions(people, new_matter, city):
    build(people, new_matter, city)
    rows = {r["unit"].short_name: r for r in stats.unit_rows(people.mayor, None, timezone.now())}
    traffic, east = rows["市交通局"], rows["东城区"]
    assert (traffic["total"], traffic["red"], traffic["yellow"], traffic["green"], traffic["overdue"]) == (5, 1, 1, 1, 1)
    assert (traffic["done"], traffic["done_on_time"], traffic["done_late"], traffic["on_time_rate"]) == (2, 1, 1, 50.0)
    assert (east["accepted"], east["accepted_late"], east["accept_rate"]) == (1, 1, 0.0)
    assert traffic["accept_rate"] == 100.0
    ranking = stats.overdue_ranking(people.mayor, None, timezone.now())
    assert [e["unit"].short_name for e in ranking] == ["市交通局"] and ranking[0]["count"] == 1
    assert stats.rate(0, 0) is None


def test_every_number_links_to_the_rows_it_counts(client, people, new_matter, city):
    build(people, new_matter, city)
    client.force_login(people.mayor)
    page = client.get("/supervision/overview/?year=all").content.decode()
    links = re.findall(r'href="(/supervision/\?view=tasks[^"]*unit=\d+[^"]*)"[^>]*>(\d+)</a>', page)
    assert links, "the overview has no links to the ledger"
    checked = 0
    for href, number in links:
        ledger = client.get(href.replace("&amp;", "&")).content.decode()
        shown = int(re.search(r"共 (\d+) 条", ledger).group(1))
        assert shown == int(number), href
        checked += 1
    assert checked == 18  # 2 units × 9 linked figures
    assert "按期办结率" in page and "按期办结数 ÷ 已办结数" in page  # the definition stands next to it


def test_an_empty_office_shows_dashes_not_zero_rates(client, people):
    client.force_login(people.mayor)
    page = client.get("/supervision/overview/").content.decode()
    assert "暂无已交办的任务" in page and "—" in page


def test_leader_rows_use_the_matters_worst_light(people, new_matter, city):
    red, yellow, green = build(people, new_matter, city)
    rows = stats.leader_rows(people.mayor, None, timezone.now())
    vice = next(r for r in rows if r["leader"] == people.vice)
    assert vice["red"] == 1 and vice["yellow"] == 1 and vice["green"] == 2  # 逾期签收的 matter is green too
    assert vice["closed"] == 0 and vice["awaiting_close"] == 2


def test_period_figures_count_what_happened_in_the_period(people, new_matter):
    m = new_matter(deadline=date(2026, 3, 31), co_units=[])
    lead = flow.in_progress(people, m)
    figures = stats.period_figures(date(2026, 1, 1), date(2026, 3, 31), now=at(2026, 4, 1, 10))
    assert figures.total("overdue") == 0 and figures.total("in_progress") == 1  # due on the last day, not late then
    figures = stats.period_figures(date(2026, 4, 1), date(2026, 6, 30), now=at(2026, 7, 1, 10))
    assert figures.total("overdue") == 1 and figures.overdue[0]["task"] == lead
    assert figures.overdue[0]["days"] == 61  # the working days of April, May and June 2026
