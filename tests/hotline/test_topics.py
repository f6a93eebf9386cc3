"""Duplicates and hot topics (topics/), on small hand-made texts: the signature finds a copy and a
near copy through a shared band, likely duplicates say why, clusters group one problem and rank
by the stated heat, risk words are caught. (The shared-data measurement is in bench/.)"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from zhongshu.hotline import topics

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 20, 9, tzinfo=SH)
ROAD = "人民路与解放路交叉口东侧井盖破损松动，夜间行人容易绊倒，存在安全隐患，请尽快修复。"
ROAD_EDITED = "人民路与解放路交叉口东侧井盖破损松动，晚上行人容易绊倒，存在安全隐患，请尽快修复！"
WATER = "阳光小区从昨天晚上开始停水，没有任何通知，老人小孩生活不便，请尽快恢复供水。"


def test_signature_is_stable_and_a_near_copy_shares_a_band():
    a, b, c = topics.signature(ROAD), topics.signature(ROAD_EDITED), topics.signature(WATER)
    assert a == topics.signature(" " + ROAD + "\t")  # whitespace does not count
    assert -(1 << 63) <= a < (1 << 63)
    assert topics.similarity(ROAD, ROAD_EDITED) > topics.similarity(ROAD, WATER)
    assert topics.band_keys(a) == topics.band_keys(topics.signature(ROAD)) and a != c


def test_likely_duplicates_rank_the_copy_first_with_a_reason():
    cands = [topics.Candidate(1, WATER, "阳光小区"), topics.Candidate(2, ROAD_EDITED, "人民路"),
             topics.Candidate(3, ROAD, "人民路")]
    got = topics.likely_duplicates(ROAD, "人民路", cands)
    assert [m.id for m in got] == [3, 2]
    assert got[0].reason.startswith("内容相同") and "地点相同：人民路" in got[0].reason
    assert got[1].reason.startswith("内容相近")


def test_clusters_group_one_problem_and_rank_by_heat():
    items = [topics.Item(i, ROAD if i % 2 else ROAD_EDITED, caller=f"13800000{i:03d}", at=T0 + timedelta(hours=i))
             for i in range(6)]
    items += [topics.Item(10 + i, WATER, caller="13900000000", at=T0 + timedelta(days=1)) for i in range(3)]
    items.append(topics.Item(99, "建议在湖滨路增设公交站点，方便周边居民出行。", at=T0))
    clusters = topics.find_clusters(items, now=T0 + timedelta(days=2))
    by_ids = {frozenset(c.ids): c for c in clusters}
    road = by_ids[frozenset(range(6))]
    water = by_ids[frozenset({10, 11, 12})]
    assert not any(99 in c.ids and c.size > 1 for c in clusters)  # the odd one joins no topic
    assert road.distinct_callers == 6 and water.distinct_callers == 1
    assert road.heat > water.heat
    assert clusters[0] is road
    texts = topics.normalise(ROAD) + topics.normalise(ROAD_EDITED)
    assert road.keywords and all(k in texts for k in road.keywords)  # words of the tickets themselves


def test_risk_words_and_places():
    assert topics.risk_hits("楼道里燃气味很重，井盖也丢了") == ["燃气", "井盖"]
    assert topics.risk_hits(WATER) == []
    assert topics.extract_place("A市A5区阳光小区停水") != ""
    assert topics.extract_place("没有地点的文字") == ""
