"""工单检索: phrase search over title + description (bigram tsvector on PostgreSQL, FTS5 trigram
on SQLite), the scope, number / phone lookup, snippets, and the index kept by triggers."""

from __future__ import annotations

import pytest
from django.db import connection
from hl_time import at

from zhongshu.hotline.models import Ticket
from zhongshu.hotline.search import COUNT_CAP, check_query, highlight, search, snippet, tsquery

pytestmark = pytest.mark.django_db


def _ids(result):
    return [h.ticket.pk for h in result.rows]


@pytest.fixture
def tickets(hl, new_ticket):
    """Three tickets: a 井盖 one held by 市交通局, a 停水 one held by 市水利局, an undispatched one."""
    road = new_ticket(title="人民路井盖破损严重", description="东侧井盖破损，夜间行人易绊倒。", when=at(2026, 3, 2, 9))
    water = new_ticket(title="和平小区停水", description="和平小区三栋从昨天起停水，没有通知。",
                       caller_phone="13900001111", when=at(2026, 3, 3, 9))
    other = new_ticket(title="解放路路灯不亮", description="解放路路灯连续三晚不亮，井边很黑。", when=at(2026, 3, 4, 9))
    Ticket.objects.filter(pk=road.pk).update(unit=hl.city.traffic)
    Ticket.objects.filter(pk=water.pk).update(unit=hl.city.water)
    return road, water, other


def test_phrase_found_in_the_middle(hl, tickets):
    road, _, _ = tickets
    r = search(hl.agent, "井盖破损")
    assert _ids(r) == [road.pk]
    assert r.total == 1 and r.total_label == "1"
    assert _ids(search(hl.agent, "盖破")) == [road.pk]  # two characters
    assert _ids(search(hl.agent, "破损严重")) == [road.pk]  # in the title only


def test_non_adjacent_characters_do_not_match(hl, tickets):
    assert search(hl.agent, "井盖严重").rows == []  # 井盖 … 严重, not adjacent
    assert search(hl.agent, "路井边").rows == []
    assert search(hl.agent, "破井").rows == []


def test_several_phrases_all_must_occur(hl, tickets):
    road, water, _ = tickets
    assert _ids(search(hl.agent, "井盖 行人")) == [road.pk]
    assert search(hl.agent, "井盖 停水").rows == []


def test_newest_first(hl, tickets):
    road, water, other = tickets
    assert _ids(search(hl.agent, "路灯 不亮")) == [other.pk]
    t = Ticket.objects.create(title="人民路井盖又坏了", description="井盖破损", received_at=at(2026, 3, 5, 9),
                              retrieval_code="x")
    assert _ids(search(hl.agent, "井盖")) == [t.pk, road.pk]
    assert _ids(search(hl.agent, "井盖", limit=1)) == [t.pk]


def test_scope_unit_liaison_never_sees_another_units_ticket(hl, tickets):
    road, water, other = tickets
    assert _ids(search(hl.jt_liaison, "井盖")) == [road.pk]
    assert search(hl.sl_liaison, "井盖").rows == []
    assert search(hl.jt_liaison, "停水").rows == []
    assert _ids(search(hl.sl_staff, "停水")) == [water.pk]
    assert search(hl.dc_liaison, "停水").rows == []
    assert search(hl.sysadmin, "停水").rows == []
    assert _ids(search(hl.supervisor, "停水")) == [water.pk]  # office-wide reader


def test_number_lookup_and_phone_only_for_the_hotline_office(hl, tickets):
    road, water, _ = tickets
    assert _ids(search(hl.agent, road.number)) == [road.pk]
    assert _ids(search(hl.jt_liaison, road.number)) == [road.pk]
    assert search(hl.sl_liaison, road.number).rows == []  # scoped
    assert _ids(search(hl.agent, "13900001111")) == [water.pk]
    assert search(hl.sl_liaison, "13900001111").rows == []  # the unit may not search callers
    assert search(hl.supervisor, "13900001111").rows == []


def test_query_checks():
    assert check_query("") == "请输入要检索的内容"
    assert check_query("   ") == "请输入要检索的内容"
    assert "100" in check_query("井" * 101)
    assert check_query("井") == "请至少输入两个连续的字"
    assert check_query("井盖") == ""
    assert check_query("202600000001") == ""


def test_snippets_escape_html_then_mark(hl, new_ticket):
    t = new_ticket(title="<b>井盖</b>破损", description="前文" * 40 + "<script>alert(1)</script>井盖破损&后文" + "后文" * 40)
    r = search(hl.agent, "井盖破损")
    assert _ids(r) == [t.pk]
    hit = r.rows[0]
    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>井盖破损</mark>&amp;后文" in hit.snippet_html
    assert hit.snippet_html.startswith("…") and hit.snippet_html.endswith("…")
    assert str(hit.title_html) == "&lt;b&gt;井盖&lt;/b&gt;破损"  # the phrase is not there: nothing marked
    assert str(search(hl.agent, "井盖").rows[0].title_html) == "&lt;b&gt;<mark>井盖</mark>&lt;/b&gt;破损"
    assert str(highlight("a<b>", ["<b"])) == "a<mark>&lt;b</mark>&gt;"
    assert str(snippet("", ["井盖"])) == ""


def test_triggers_keep_the_index_in_sync(hl, new_ticket):
    t = new_ticket(title="东门桥面坑洼", description="桥面有多处坑洼。")
    assert _ids(search(hl.agent, "桥面坑洼")) == [t.pk]
    t.title = "东门人行道砖松动"
    t.description = "人行道砖松动，已三周。"
    t.save()
    assert search(hl.agent, "桥面坑洼").rows == []
    assert _ids(search(hl.agent, "砖松动")) == [t.pk]
    Ticket.objects.filter(pk=t.pk).update(state="dispatched")  # other columns: the index stays right
    assert _ids(search(hl.agent, "砖松动")) == [t.pk]
    Ticket.objects.filter(pk=t.pk).update(description="完全不同的内容")
    assert search(hl.agent, "已三周").rows == []
    assert _ids(search(hl.agent, "人行道砖")) == [t.pk]  # still in the title
    assert _ids(search(hl.agent, "不同的内")) == [t.pk]
    t.steps.all().delete()
    Ticket.objects.filter(pk=t.pk).delete()
    assert search(hl.agent, "不同的内").rows == []
    assert search(hl.agent, "东门人行").rows == []


def test_html_and_quotes_in_query_are_only_text(hl, new_ticket):
    t = new_ticket(title="O'Brien 路\\口 \"积水\"", description="100% 积水_")
    assert _ids(search(hl.agent, "o'brien")) == [t.pk]
    assert _ids(search(hl.agent, "路\\口")) == [t.pk]
    assert _ids(search(hl.agent, '"积水"')) == [t.pk]
    assert _ids(search(hl.agent, "0%")) == [t.pk]
    assert search(hl.agent, "9%").rows == []
    assert search(hl.agent, "<script>").rows == []
    assert tsquery(["a'b", "井盖破损"]) == "'a''' & '''b' & '井盖' & '盖破' & '破损'"


def test_count_is_capped(hl, new_ticket, monkeypatch):
    from zhongshu.hotline import search as mod

    monkeypatch.setattr(mod, "COUNT_CAP", 3)
    for i in range(5):
        Ticket.objects.create(title=f"噪音扰民{i}", description="夜间施工噪音", received_at=at(2026, 3, 2, 9 + i),
                              retrieval_code="x")
    r = mod.search(hl.agent, "噪音", limit=2)
    assert len(r.rows) == 2 and r.total == 4 and r.capped and r.total_label == "3+"
    assert COUNT_CAP == 1000


def test_page(client, hl, tickets):
    road, _, _ = tickets
    client.force_login(hl.jt_liaison)
    page = client.get("/hotline/search/")
    assert page.status_code == 200 and "工单检索" in page.content.decode()
    body = client.get("/hotline/search/", {"q": "井盖破损"}).content.decode()
    assert f'href="/hotline/tickets/{road.pk}/"' in body
    assert "<mark>井盖破损</mark>" in body and road.number in body and "市交通局" in body
    assert "找到 1 件工单" in body
    body = client.get("/hotline/search/", {"q": ""}).content.decode()
    assert "请输入要检索的内容" in body
    body = client.get("/hotline/search/", {"q": "井" * 101}).content.decode()
    assert "不能超过 100 个字" in body
    body = client.get("/hotline/search/", {"q": "<img src=x onerror=alert(1)>"}).content.decode()
    assert "<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body
    body = client.get("/hotline/search/", {"q": "停水"}).content.decode()
    assert "没有找到" in body


def test_page_needs_login_and_a_scope(client, hl):
    assert client.get("/hotline/search/", {"q": "井盖"}).status_code == 302
    client.force_login(hl.sysadmin)
    assert client.get("/hotline/search/", {"q": "井盖"}).status_code == 403


def test_the_index_exists_for_this_database():
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("SELECT indexname FROM pg_indexes WHERE indexname = 'hotline_ticket_search_gin'")
        else:
            c.execute("SELECT name FROM sqlite_master WHERE name = 'hotline_ticket_fts'")
        assert c.fetchone()
