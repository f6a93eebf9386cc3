"""The PostgreSQL plan steps of the search (query._pg_search: the index alone, the recency walk, the
day windows) give exactly the rows, order and capped total of the one-query plan, for a common word
(walk), a word too sparse among the newest for the walk (windows), a rare one (index alone), with
and without a unit's scope."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from zhongshu.search import query
from zhongshu.search.models import SearchEntry

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")]


@pytest.fixture
def entries(sp):
    rng = random.Random(7)
    ct = ContentType.objects.get_for_model(SearchEntry)
    today = date.today()
    rows = []
    for i in range(1, 1501):
        words = ["会议纪要", "工作"]
        if i % 3 == 0:  # 500 entries, none of them among the newest 600
            words.append("安全生产" if i < 900 else "")
        if i % 500 == 0:
            words.append("梧桐路")
        rows.append(SearchEntry(content_type=ct, object_id=i, kind="收文", title=f"关于第{i}号事项的通知",
                                number=f"示政发〔2026〕{i}号", body="，".join(filter(None, words)) + "。",
                                day=today - timedelta(days=1500 - i), url=f"/x/{i}/"))
    SearchEntry.objects.bulk_create(rows)
    through = SearchEntry.units.through
    ids = list(SearchEntry.objects.values_list("pk", flat=True))
    through.objects.bulk_create([through(searchentry_id=pk, orgunit_id=(sp.city.traffic if rng.random() < 0.5
                                                                        else sp.city.water).pk) for pk in ids])
    with connection.cursor() as cur:  # the indexed copy of the units, as registry.index writes it
        cur.execute("""UPDATE search_searchentry e SET unit_ids = ARRAY[u.orgunit_id] FROM search_searchentry_units u
                       WHERE u.searchentry_id = e.id""")
    return ids


def _plain(user, words, limit, offset):
    qs = query.visible(user).filter(query.text_condition(words))
    return (list(qs.order_by("-day", "-id").values_list("pk", flat=True)[offset:offset + limit]),
            qs.values("pk")[:query.COUNT_CAP + 1].count())


@pytest.mark.parametrize("word", ["工作", "会议纪要", "安全生产", "梧桐路", "第12号事项"])
@pytest.mark.parametrize("who", ["supervisor", "jt_liaison"])
@pytest.mark.parametrize("offset", [0, 50])
def test_steps_equal_the_one_query_plan(sp, entries, word, who, offset, monkeypatch):
    monkeypatch.setattr(query, "WALK", 200)  # the walk covers the newest 200 entries only
    monkeypatch.setattr(query, "COUNT_CAP", 100)  # "100+" from 101 matches: every step is reached
    walks = []
    real_walk = query._walk
    monkeypatch.setattr(query, "_walk", lambda *a: walks.append(real_walk(*a)) or walks[-1])
    user = getattr(sp, who)
    assert connection.vendor == "postgresql"
    got = query._pg_search(query.visible(user), [word], 50, offset)
    assert got == _plain(user, [word], 50, offset)
    step = "index" if not walks else ("walk" if walks[0] is not None else "windows")
    assert step == {"工作": "walk", "会议纪要": "walk", "安全生产": "windows"}.get(word, "index")


@pytest.mark.parametrize("who", ["supervisor", "clerk", "jt_liaison", "dc_liaison", "sysadmin"])
def test_the_indexed_unit_array_is_the_many_to_many_scope(sp, records_and_entries, who):
    """On PostgreSQL the scope reads unit_ids; it must be restrict()'s reading of the units."""
    from zhongshu.org.scope import restrict, sees_all_of
    from zhongshu.search.registry import providers

    user = getattr(sp, who)
    wide = [ContentType.objects.get_for_model(p.model).pk for p in providers() if sees_all_of(user, p.model)]
    expected = set(restrict(SearchEntry.objects.all(), user).values_list("pk", flat=True)) | set(
        SearchEntry.objects.filter(content_type_id__in=wide).values_list("pk", flat=True))
    assert set(query.visible(user).values_list("pk", flat=True)) == expected
    assert expected or who == "sysadmin"


@pytest.fixture
def records_and_entries(sp, entries, django_capture_on_commit_callbacks):
    """The generated entries (their arrays filled as registry.index fills them) and a real 批示."""
    from zhongshu.instructions.transitions import InstructionInput, RouteInput, register

    with django_capture_on_commit_callbacks(execute=True):
        register(sp.supervisor, InstructionInput(leader=sp.mayor, written_on=date.today(), text="请东城区抓紧办理。",
                                                 carrier_title="东城区报告"),
                 route=RouteInput(lead_unit=sp.city.east, deadline=date.today() + timedelta(days=30)))
