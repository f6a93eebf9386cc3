"""工单检索 on PostgreSQL in two phases (recency walk over the newest WALK scoped tickets, then the
GIN bitmap): the rows, their order and the capped total must be exactly those of "every phrase
occurs, newest first" — checked against a reference computed in Python over the visible tickets,
on both databases; which phase answered is pinned on PostgreSQL only (SQLite has one plain query).

WALK, COUNT_WALK and COUNT_CAP are shrunk (30 / 80 / 40) so that a few hundred tickets exercise every branch."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from hl_time import at

from zhongshu.hotline import search as mod
from zhongshu.hotline.models import Ticket

pytestmark = pytest.mark.django_db
pg_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the two phases are PostgreSQL's")

START = at(2026, 1, 5, 9)
N = 240


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setattr(mod, "WALK", 30)
    monkeypatch.setattr(mod, "COUNT_WALK", 80)
    monkeypatch.setattr(mod, "COUNT_CAP", 40)


@pytest.fixture
def calls(monkeypatch):
    """Which phases ran: 'walk' and 'bitmap' appended per call."""
    seen: list[str] = []
    walk, bitmap = mod._walk, mod._bitmap

    def spy_walk(*a, **kw):
        seen.append("walk")
        return walk(*a, **kw)

    def spy_bitmap(*a, **kw):
        seen.append("bitmap")
        return bitmap(*a, **kw)

    monkeypatch.setattr(mod, "_walk", spy_walk)
    monkeypatch.setattr(mod, "_bitmap", spy_bitmap)
    return seen


def _text(i: int) -> tuple[str, str]:
    """Ticket i (0 = oldest): 小区噪音 in every second one, 井盖破损 in every seventh, the three oldest
    name 芙蓉北路, the two oldest say 井盖严重, every third holds 井盖, 盖严 and 严重 apart, and every
    eleventh has ETC (Etc) in Latin letters."""
    title = [f"第{i}号来电"]
    desc = ["市民反映情况。"]
    if i % 2 == 0:
        title.append("小区噪音扰民")
        desc.append("夜间施工噪音很大。")
    if i % 7 == 0:
        desc.append("路口井盖破损。")
    if i < 3:
        desc.append("地点：芙蓉北路。")
    if i < 2:
        desc.append("井盖严重下沉。")
    if i % 3 == 0:
        desc.append("井盖松动，请盖严实，问题严重。")  # every bigram of 井盖严重, never adjacent
    if i % 11 == 0:
        desc.append("ETC通道拥堵。" if i % 22 else "Etc 通道拥堵。")  # Latin letters: the lower() path
    return "".join(title), "".join(desc)


@pytest.fixture
def many(hl):
    """N tickets, one every hour, five at a time sharing one received_at (ties broken by id); units
    rotate 市交通局 / 市水利局 / none, states rotate dispatched / closed."""
    units = [hl.city.traffic, hl.city.water, None]
    rows = []
    for i in range(N):
        title, desc = _text(i)
        rows.append(Ticket(title=title, description=desc, received_at=START + timedelta(hours=5 * (i // 5)),
                           unit=units[i % 3], state="dispatched" if i % 4 else "closed", retrieval_code="x"))
    Ticket.objects.bulk_create(rows)
    return hl


def reference(user, query, *, state=None, unit_id=None, limit=10):
    """(ids, total) by brute force: every visible ticket, substring test, sorted in Python."""
    words = [w for w in mod.phrases(query) if len(w) >= 2]
    qs = Ticket.objects.restrict(user)
    if state:
        qs = qs.filter(state=state)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    hits = [(r, pk) for pk, r, t, d in qs.values_list("id", "received_at", "title", "description")
            if all(w in (t + " " + d).lower() for w in words)]
    hits.sort(reverse=True)
    ids = [pk for _, pk in hits]
    return ids[:limit], min(len(ids), mod.COUNT_CAP + 1)


def check(user, query, **kw):
    r = mod.search(user, query, **kw)
    ids, total = reference(user, query, **kw)
    assert [h.ticket.pk for h in r.rows] == ids, query
    assert r.total == total, query
    return r


def test_common_word_page_and_count_from_two_walks(many, small, calls):
    r = check(many.agent, "噪音", limit=10)  # 120 matches, 15 of them in the newest 30
    assert len(r.rows) == 10 and r.total == 41 and r.total_label == "40+"
    rows = [h.ticket for h in r.rows]
    assert rows == sorted(rows, key=lambda t: (t.received_at, t.pk), reverse=True)
    if connection.vendor == "postgresql":
        assert calls == ["walk", "walk"]  # 26 more hits expected within 52 ≤ 80 × 0.8 more tickets


def test_page_from_the_walk_count_from_the_bitmap(many, small, calls):
    r = check(many.agent, "井盖破损", limit=3)  # 4 hits in the window: 37 more would need ~280 tickets
    assert len(r.rows) == 3 and r.total == 35 and r.total_label == "35"
    if connection.vendor == "postgresql":
        assert calls == ["walk", "bitmap"]


def test_middling_phrase_page_from_a_second_walk(many, small, calls):
    r = check(many.agent, "井盖破损", limit=6)  # 4 hits in the first 30, 2 more expected within 15 more
    assert len(r.rows) == 6 and r.total == 35
    if connection.vendor == "postgresql":
        assert calls == ["walk", "walk", "bitmap"]  # the count from the index


def test_too_rare_for_a_second_walk(many, small, calls):
    r = check(many.agent, "井盖破损", limit=20)  # 16 more at 4 per 30 tickets: 120 > 80
    assert len(r.rows) == 20 and r.total == 35
    if connection.vendor == "postgresql":
        assert calls == ["walk", "bitmap"]  # page and count from the index


def test_count_walk_to_the_end_of_the_scope_is_exact(many, small, calls, monkeypatch):
    monkeypatch.setattr(mod, "COUNT_WALK", 1000)
    r = check(many.agent, "井盖破损", limit=3)
    assert r.total == 35
    r = check(many.jt_liaison, "井盖破损", limit=3)
    assert r.total == len([i for i in range(N) if i % 7 == 0 and i % 3 == 0])
    if connection.vendor == "postgresql":
        assert calls == ["walk", "walk", "walk", "walk"]


def test_very_common_word_is_1000_plus_from_the_walk_alone(many, small, calls, monkeypatch):
    monkeypatch.setattr(mod, "WALK", 100)  # 50 hits in the window > COUNT_CAP
    r = check(many.agent, "小区噪音", limit=10)
    assert r.total_label == "40+" and r.capped
    if connection.vendor == "postgresql":
        assert calls == ["walk"]


def test_rare_phrase_from_the_bitmap(many, small, calls):
    r = check(many.agent, "芙蓉北路", limit=10)  # the three oldest tickets, far outside the window
    assert len(r.rows) == 3 and r.total == 3 and r.total_label == "3"
    assert [h.ticket.received_at for h in r.rows] == [START] * 3
    if connection.vendor == "postgresql":
        assert calls == ["walk", "bitmap"]


def test_bigrams_all_present_but_not_adjacent_do_not_match(many, small):
    # 80 tickets hold 井盖, 盖严 and 严重 (the GIN candidates); only the two oldest hold the phrase
    r = check(many.agent, "井盖严重", limit=10)
    assert r.total == 2 and all("井盖严重" in h.ticket.description for h in r.rows)
    assert check(many.agent, "盖严重", limit=10).total == 2
    assert check(many.agent, "盖严实", limit=10).total == 41  # 80 > COUNT_CAP


def test_exact_count_between_limit_and_cap(many, small):
    r = check(many.agent, "井盖破损", limit=10)  # i % 7 == 0: 35 tickets
    assert len(r.rows) == 10 and r.total == 35 and r.total_label == "35" and not r.capped
    r = check(many.agent, "井盖破损", limit=50)  # more than there are: the page is all of them
    assert len(r.rows) == 35 and r.total == 35


def test_liaison_sees_only_own_unit_in_both_phases(many, small):
    traffic = many.city.traffic
    for q in ("噪音", "芙蓉北路", "井盖严重", "井盖破损", "小区噪音扰民"):
        r = check(many.jt_liaison, q, limit=10)
        assert all(h.ticket.unit_id == traffic.pk for h in r.rows), q
    r = check(many.jt_liaison, "芙蓉北路", limit=10)  # ticket 0 is 市交通局's, 1 市水利局's, 2 none
    assert len(r.rows) == 1 and r.total == 1
    r = check(many.sl_liaison, "井盖严重", limit=10)
    assert len(r.rows) == 1 and r.rows[0].ticket.unit_id == many.city.water.pk
    assert mod.search(many.dc_liaison, "噪音").rows == []  # 东城区 holds none
    assert mod.search(many.sysadmin, "噪音").rows == []  # sees nothing at all


def test_state_and_unit_filters(many, small):
    check(many.agent, "噪音", state="closed", limit=10)
    check(many.agent, "噪音", unit_id=many.city.water.pk, limit=10)
    check(many.agent, "芙蓉北路", unit_id=many.city.water.pk, limit=10)
    check(many.jt_liaison, "噪音", state="closed", limit=5)
    r = check(many.jt_liaison, "噪音", unit_id=many.city.water.pk)  # another unit's filter: nothing
    assert r.rows == [] and r.total == 0


def test_window_larger_than_the_scope_is_the_exact_answer(many, small, calls, monkeypatch):
    monkeypatch.setattr(mod, "WALK", 10_000)
    r = check(many.agent, "井盖破损", limit=10)
    assert r.total == 35
    r = check(many.agent, "芙蓉北路", limit=10)
    assert r.total == 3
    if connection.vendor == "postgresql":
        assert calls == ["walk", "walk"]  # the whole scope was read: no second statement


@pytest.mark.parametrize(("walk", "count_walk"), [(1, 1), (7, 3), (7, 500), (30, 80), (10_000, 1)])
def test_same_as_brute_force_for_every_user_query_and_window(many, small, monkeypatch, walk, count_walk):
    monkeypatch.setattr(mod, "WALK", walk)
    monkeypatch.setattr(mod, "COUNT_WALK", count_walk)
    users = [many.agent, many.jt_liaison, many.sl_staff, many.supervisor]
    queries = ["噪音", "小区噪音", "芙蓉北路", "井盖严重", "井盖破损", "噪音 井盖", "第1号", "扰民 芙蓉",
               "不存在的词", "严重", "etc", "etc通道", "ETC 通道", "通道拥堵"]
    for user in users:
        for q in queries:
            for limit in (1, 10, 50):
                check(user, q, limit=limit)


def test_page_boundary_inside_a_tie_of_received_at(many, small):
    # five tickets share each received_at: a page of 3 or 7 cuts a tie, which id desc decides
    for limit in (3, 7):
        r = check(many.agent, "来电", limit=limit)
        times = [h.ticket.received_at for h in r.rows]
        assert len(set(times)) < len(times)


@pg_only
def test_walk_names_the_units_of_the_scope(many):
    from zhongshu.org.models import OrgUnit

    def walk_scope(user):
        return mod._walk_scope(user, Ticket.objects.restrict(user))

    # the hotline office sees everything: the walk is the plain received_at walk
    assert walk_scope(many.agent).query.where.children == []
    # a unit user: the scope's units repeated as unit_id = … / IN (…), the rows unchanged
    subtree = set(OrgUnit.objects.filter(path__startswith=many.city.traffic.path).values_list("pk", flat=True))
    sql, params = walk_scope(many.jt_liaison).values("id").query.sql_with_params()
    assert subtree <= set(params) and '"hotline_ticket"."unit_id" I' in sql.split(") AND ")[-1]
    assert set(walk_scope(many.jt_liaison).values_list("pk", flat=True)) == \
        set(Ticket.objects.restrict(many.jt_liaison).values_list("pk", flat=True))
    sql, params = walk_scope(many.jt_staff).values("id").query.sql_with_params()  # own unit only
    assert '"hotline_ticket"."unit_id" = %s' in sql and many.city.traffic.pk in params


@pg_only
def test_bitmap_restores_the_planner_settings(many, small):
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = on")
        cur.execute("SET LOCAL work_mem = '5MB'")
        mod.search(many.agent, "芙蓉北路")  # phase 2 changes these for its statement only
        cur.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
                    "current_setting('work_mem')")
        assert cur.fetchone() == ("on", "on", "5MB")
