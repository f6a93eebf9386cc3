"""Duplicates and hot topics (hotline/topics/): pure functions, no database.

Two parts. Hand-made texts (always run): the signature is stable and blind to blanks and
punctuation, a near copy shares a band key, likely duplicates come ranked with a Chinese
reason, clusters group one problem and follow the stated heat, risk words, places, trends.
The public message-board data in ../shared/data (run where it is present, skipped with a
message where not): its 100 groups of identical 留言详情 are each found in one cluster, no
cluster is absurdly large, the band lookup finds every identical pair and nearly every
small-edit copy, and the copy is ranked first with its reason. The data is read at test time
only; nothing of it is kept in the project.
"""

from __future__ import annotations

import itertools
import math
import random
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bench.sample_data import board_items, read_csv, shared_data
from zhongshu.hotline import topics
from zhongshu.hotline.topics import clusters as clusters_module
from zhongshu.hotline.topics import matching

# no database is used; the mark only lets the hotline conftest's autouse seeding fixture run
pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 20, 9, tzinfo=SH)
ROAD = "人民路与解放路交叉口东侧井盖破损松动，夜间行人容易绊倒，存在安全隐患，请尽快修复。"
ROAD_EDITED = "人民路与解放路交叉口东侧井盖破损松动，晚上行人容易绊倒，存在安全隐患，请尽快修复！"
ROAD_OTHER_WORDS = "人民路解放路交叉口东侧井盖破损松动好几天了，晚上行人容易绊倒，请市政部门尽快修复。"
WATER = "阳光小区从昨天晚上开始停水，没有任何通知，老人小孩生活不便，请尽快恢复供水。"
BUS = "建议在湖滨路增设公交站点，方便周边居民出行，现在最近的站要走二十分钟。"
NOISE = "A3区杏林小区旁有一处工地半夜施工扰民，到现在凌晨三点还没停止，严重影响休息。"

DATA = shared_data()
VOTES_CSV = DATA / "hotline_messages_with_votes.csv"


# ---------------------------------------------------------------- signature and similarity

def test_signature_is_a_signed_bigint_blind_to_blanks_punctuation_and_width():
    sig = topics.signature(ROAD)
    assert -(1 << 63) <= sig < (1 << 63) and sig != 0
    assert topics.signature("\n\t " + ROAD.replace("，", ",") + " \t") == sig
    assert topics.signature("Ａ市Ａ５区井盖丢失") == topics.signature("A市 A5区，井盖丢失！")
    assert topics.signature("") == 0 and topics.signature("。，！ \t") == 0
    keys = topics.band_keys(sig)
    assert len(keys) == 4 and all(0 <= k <= 0xFFFF for k in keys)
    assert topics.shared_bands(sig, topics.signature(ROAD)) == 4
    assert topics.shared_bands(sig, 0) == 0 and topics.shared_bands(None, sig) == 0


def test_signature_is_pinned_and_the_same_in_another_process():
    """Stored signatures must stay valid: the value is fixed by the code, not by the process."""
    pinned = topics.signature("人民路井盖破损")
    script = "from zhongshu.hotline import topics; print(topics.signature('人民路井盖破损'))"
    src = Path(topics.__file__).resolve().parents[3]
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(src), "PYTHONHASHSEED": "12345"})
    assert int(out.stdout.strip()) == pinned
    assert pinned == 8812092232317170054


def test_a_near_copy_shares_a_band_and_an_unrelated_text_does_not():
    road = topics.signature(ROAD)
    assert topics.shared_bands(road, topics.signature(ROAD_EDITED)) >= 1
    assert all(topics.shared_bands(road, topics.signature(t)) == 0 for t in (WATER, BUS, NOISE))


def test_similarity():
    assert topics.similarity(ROAD, " " + ROAD + "！") == 1.0
    assert 0.6 < topics.similarity(ROAD, ROAD_EDITED) < 1.0
    assert topics.similarity(ROAD, WATER) < 0.1
    assert topics.similarity(ROAD, ROAD_EDITED) == topics.similarity(ROAD_EDITED, ROAD)
    assert topics.similarity("", ROAD) == 0.0 and topics.similarity(None, None) == 0.0


def test_normalise():
    assert topics.normalise("  A市Ａ５区，\t井盖丢失！ ①") == "a市a5区井盖丢失1"
    assert topics.normalise(None) == "" and topics.normalise("，。！") == ""


# ---------------------------------------------------------------- places

@pytest.mark.parametrize(("text", "place"), [
    ("反映A7县春华镇金鼎村水泥路到户的问题", "A7县春华镇金鼎村"),
    ("本人住A8县市流沙河镇扶冲村枫福组", "A8县市流沙河镇扶冲村枫福组"),
    ("本人系春华镇金鼎村七里组村民", "春华镇金鼎村"),  # not 人系春华镇
    ("魅力之城小区楼下烧烤摊无证经营", "魅力之城小区"),
    ("座落在A市A3区联丰路米兰春天G2栋320", "A3区联丰路"),  # the city is left out when more follows
    ("A7县板仓路星沙文化公园东南门附近有人跳广场舞", "A7县板仓路星沙文化公园"),
    ("A市暮云街道丽发新城社区搅拌站灰尘大", "暮云街道丽发新城社区搅拌站"),
    ("A市江山帝景新房有严重安全隐患", "A市"),  # a named estate without suffix: only the city
    ("马路上车太多，道路太窄", ""),  # generic words are not places
    ("没有地点的文字", ""),
    ("", ""),
])
def test_extract_place(text, place):
    assert topics.extract_place(text) == place


def test_place_relation():
    assert topics.place_relation("A市A3区杏林小区", "杏林小区") == "same"
    assert topics.place_relation("A3区杏林小区", "A3区杏林小区") == "same"
    assert topics.place_relation("A3区", "A3区杏林小区") == "near"
    assert topics.place_relation("A3区杏林小区", "A5区阳光小区") == ""
    assert topics.place_relation("A市", "A市") == ""  # the city alone says nothing
    assert topics.place_relation("", "A3区") == ""
    assert not topics.is_informative("A市") and topics.is_informative("A8县市") and topics.is_informative("杏林小区")
    assert topics.finest_part("A3区西湖街道茶场村") == "茶场村" and topics.finest_part("A3区") == ""
    assert topics.place_parts("A3区西湖街道茶场村") == ["A3区", "西湖街道", "茶场村"]


# ---------------------------------------------------------------- likely duplicates

def test_likely_duplicates_rank_the_copy_first_with_a_chinese_reason():
    cands = [topics.Candidate(1, WATER, "阳光小区"), topics.Candidate(2, ROAD_EDITED, "人民路"),
             topics.Candidate(3, ROAD, "人民路"), topics.Candidate(4, BUS, "湖滨路"), topics.Candidate(5, "", "")]
    got = topics.likely_duplicates(ROAD, "人民路", cands)
    assert [m.id for m in got] == [3, 2]
    assert got[0].reason == "内容相同，地点相同：人民路" and got[0].score == 1.0
    assert re.fullmatch(r"内容相近 0\.\d\d，地点相同：人民路", got[1].reason)
    assert 0 < got[1].similarity < got[1].score < 1
    assert topics.likely_duplicates(ROAD, "人民路", cands, limit=1) == got[:1]


def test_likely_duplicates_place_and_caller_change_the_score():
    same_words = "人民路与解放路交叉口东侧有个井盖，夜里看不清"
    s = topics.similarity(ROAD, same_words)
    assert matching.MIN_SIMILARITY_SAME_PLACE <= s < matching.MIN_SIMILARITY  # only shown with the same place
    assert topics.likely_duplicates(ROAD, "", [topics.Candidate(1, same_words, "人民路")]) == []
    [m] = topics.likely_duplicates(ROAD, "人民路", [topics.Candidate(1, same_words, "人民路")])
    assert m.reason.startswith("内容部分相似") and "地点相同：人民路" in m.reason
    assert m.score == pytest.approx(s + (1 - s) * 0.3, abs=1e-3)
    [far] = topics.likely_duplicates(ROAD, "A3区人民路", [topics.Candidate(1, ROAD_EDITED, "A5区阳光小区")])
    assert "地点不同：A5区阳光小区" in far.reason and far.score == far.similarity
    [caller] = topics.likely_duplicates(ROAD, "", [topics.Candidate(1, ROAD_EDITED, "", caller="13800000000")],
                                        new_caller="13800000000")
    assert caller.same_caller and caller.reason.endswith("，同一来电人") and caller.score > caller.similarity


# ---------------------------------------------------------------- clusters and heat

def _items():
    road = [topics.Item(i, t, title=t[:12], caller=f"1380000{i:04d}", place="人民路", at=T0 + timedelta(hours=i),
                        votes=i) for i, t in enumerate([ROAD, ROAD_EDITED, ROAD_OTHER_WORDS, ROAD, ROAD_EDITED, ROAD])]
    water = [topics.Item(10 + i, WATER, title="阳光小区停水", caller="13900000000", place="阳光小区",
                         at=T0 - timedelta(days=10) + timedelta(hours=i)) for i in range(3)]
    anonymous = [topics.Item(20 + i, NOISE, title="工地夜间施工扰民", caller="", at=T0 + timedelta(days=1, hours=i))
                 for i in range(2)]
    return road + water + anonymous + [topics.Item(99, BUS, title="增设公交站点", at=T0)]


def test_clusters_group_one_problem_including_other_wording():
    clusters = topics.find_clusters(_items(), now=T0 + timedelta(days=2))
    by_ids = {frozenset(c.ids): c for c in clusters}
    assert set(by_ids) == {frozenset(range(6)), frozenset({10, 11, 12}), frozenset({20, 21})}
    road = by_ids[frozenset(range(6))]
    assert road.ids == list(range(6))  # oldest first
    assert road.size == 6 and road.distinct_callers == 6 and road.votes == 15 and road.place == "人民路"
    assert road.first_at == T0 and road.last_at == T0 + timedelta(hours=5) and road.span_days == pytest.approx(5 / 24)
    assert road.risks == ["井盖"] and road.title
    texts = "".join(topics.normalise(t) for t in (ROAD, ROAD_EDITED, ROAD_OTHER_WORDS))
    assert road.keywords and all(k in texts for k in road.keywords)  # words of the tickets themselves
    water = by_ids[frozenset({10, 11, 12})]
    assert water.distinct_callers == 1 and water.place == "阳光小区" and water.keywords[0] == "阳光小区"
    anonymous = by_ids[frozenset({20, 21})]
    assert anonymous.distinct_callers == 2  # a ticket without a caller counts as a caller of its own
    with_singletons = topics.find_clusters(_items(), now=T0 + timedelta(days=2), min_size=1)
    assert frozenset({99}) in {frozenset(c.ids) for c in with_singletons}
    assert topics.find_clusters([]) == []
    blank = [topics.Item(i, "。。！", at=T0) for i in range(5)] + [topics.Item(9, "停水", at=T0), topics.Item(8, "停水")]
    assert [c.ids for c in topics.find_clusters(blank)] == [[9, 8]]  # blank texts are not one problem


def test_heat_follows_the_stated_formula_and_orders_the_clusters():
    now = T0 + timedelta(days=2)
    clusters = topics.find_clusters(_items(), now=now)
    for c in clusters:
        assert c.heat == round(topics.heat_of(c.size, c.distinct_callers, c.growth, c.votes), 2)
        assert c.growth == c.recent - c.previous
    assert [c.heat for c in clusters] == sorted((c.heat for c in clusters), reverse=True)
    road, water = clusters[0], next(c for c in clusters if 10 in c.ids)
    assert road.recent == 6 and road.previous == 0 and road.growth == 6
    assert water.recent == 0 and water.previous == 3 and water.growth == -3  # falling: no bonus, no malus
    assert water.heat == round(3 + 2 * 1 + 0 + 0, 2)
    assert road.heat == round(6 + 2 * 6 + 3 * 6 + 2 * math.log1p(15), 2)
    assert "工单数" in topics.HEAT_FORMULA and "不同来电人数" in topics.HEAT_FORMULA and "点赞" in topics.HEAT_FORMULA
    assert road.heat_text().startswith(f"热度 {road.heat:.1f} = 6 + 2×6 + 3×6")


def test_heat_weighs_many_callers_above_one_caller_calling_often():
    assert topics.heat_of(10, 10, 0, 0) > topics.heat_of(10, 1, 0, 0)
    assert topics.heat_of(5, 5, 3, 0) > topics.heat_of(5, 5, 0, 0) == topics.heat_of(5, 5, -4, 0)
    assert topics.heat_of(3, 3, 0, 1000) < topics.heat_of(10, 10, 0, 0)  # votes on a log scale


def test_a_chain_of_overlapping_texts_is_not_one_big_cluster():
    """Texts that each share half with the next form a chain through which everything is
    connected; the guard splits such a loose component instead of calling it one problem."""
    rng = random.Random(5)
    pool = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    blocks = ["".join(rng.choice(pool) for _ in range(30)) for _ in range(81)]
    items = [topics.Item(i, blocks[i] + blocks[i + 1], at=T0) for i in range(80)]
    clusters = topics.find_clusters(items, now=T0 + timedelta(days=1), min_size=1)
    assert sum(c.size for c in clusters) == 80
    assert max(c.size for c in clusters) <= clusters_module.GUARD_SIZE


# ---------------------------------------------------------------- risk keywords and trends

def test_risk_hits():
    assert topics.risk_hits("楼道里燃气味很重，井 盖也丢了") == ["燃气", "井盖"]
    assert topics.risk_hits("食堂里多人食物中毒") == ["中毒", "食物中毒"]
    assert topics.risk_hits(WATER) == [] and topics.risk_hits("") == [] and topics.risk_hits(None) == []
    assert topics.risk_hits("小区高空抛物", keywords=["高空抛物", "井盖", "高空抛物"]) == ["高空抛物"]
    assert topics.risk_hits("燃气泄漏", keywords=[]) == []
    assert "燃气" in topics.RISK_KEYWORDS and "井盖" in topics.RISK_KEYWORDS


def test_trends_compare_two_equal_windows():
    now = T0
    items = ([topics.Item(i, "x", place="A3区", at=now - timedelta(days=1, hours=i)) for i in range(5)]
             + [topics.Item(10 + i, "x", place="A3区", at=now - timedelta(days=8 + i)) for i in range(2)]
             + [topics.Item(20 + i, "x", place="A5区", at=now - timedelta(days=9 + i)) for i in range(4)]
             + [topics.Item(30 + i, "x", place="A5区", at=now - timedelta(days=2)) for i in range(2)]
             + [topics.Item(40, "x", place="A1区", at=now - timedelta(days=1)), topics.Item(41, "x", place="", at=now),
                topics.Item(42, "x", place="A3区", at=now - timedelta(days=30)), topics.Item(43, "x", place="A3区")])
    got = topics.trends(items, by="place", window=timedelta(days=7), now=now)
    assert [(t.key, t.current, t.previous) for t in got] == [("A3区", 5, 2), ("A5区", 2, 4)]  # A1区: 1 < min_count
    assert got[0].rise == 3 and got[0].ratio == 2.5 and got[0].text() == "A3区：近期 5 件，前期 2 件，增加 3 件（2.5 倍）"
    assert got[1].text() == "A5区：近期 2 件，前期 4 件，减少 2 件"
    assert [t.key for t in topics.trends(items, now=now, rising_only=True)] == ["A3区"]
    by_hand = topics.trends(items, by=lambda it: "单号" + str(it.id % 2), now=now, min_count=1)
    assert {t.key for t in by_hand} == {"单号0", "单号1"}
    assert topics.trends([], now=now) == [] and topics.trends([topics.Item(1, "x", place="A3区")]) == []


# ---------------------------------------------------------------- the public message-board data

@pytest.fixture(scope="module")
def board():
    if not VOTES_CSV.exists():
        pytest.skip(f"the public message-board data is not here ({VOTES_CSV}); the synthetic tests above still run")
    rows = read_csv(VOTES_CSV.name)
    items = board_items(rows)
    groups = defaultdict(list)
    for i, r in enumerate(rows):
        groups[re.sub(r"\s+", "", r["留言详情"])].append(i)
    identical = [g for g in groups.values() if len(g) >= 2]
    clusters = topics.find_clusters(items)
    return rows, items, identical, clusters


def test_the_data_has_100_groups_of_identical_messages(board):
    rows, items, identical, _ = board
    assert len(rows) == 4326
    assert len(identical) == 100  # identical 留言详情 once blanks (leading tabs, line breaks) are removed
    assert Counter(len(g) for g in identical) == {2: 93, 3: 6, 5: 1}
    assert all(it.at is not None for it in items)


def test_all_100_identical_groups_are_found_each_in_one_cluster(board):
    _, _, identical, clusters = board
    where = {i: k for k, c in enumerate(clusters) for i in c.ids}
    whole = [g for g in identical if all(i in where for i in g) and len({where[i] for i in g}) == 1]
    assert len(whole) == 100
    holding = {where[g[0]] for g in identical}
    # not absurdly merged: the groups stay in (nearly) their own clusters
    assert len(holding) >= 90
    assert sum(clusters[k].size for k in holding) <= 1.5 * sum(len(g) for g in identical)
    assert max(c.size for c in clusters) <= 30
    assert all(c.cohesion >= 0.4 for c in clusters)


def test_the_hot_topics_of_the_board(board):
    _, items, _, clusters = board
    assert [c.heat for c in clusters] == sorted((c.heat for c in clusters), reverse=True)
    top = clusters[0]
    titles = " ".join(items[i].title for i in top.ids)
    assert titles.count("伊景园滨河苑") >= 10 and "伊景园滨河苑" in top.keywords  # the known hottest topic
    assert all(c.keywords for c in clusters[:clusters_module.HEAT_LABELLED])
    assert all(c.first_at <= c.last_at for c in clusters)


def test_band_lookup_finds_every_identical_pair_and_small_edit_copies(board):
    rows, items, identical, _ = board
    sigs = [topics.signature(it.text) for it in items]
    index: dict[tuple[int, int], list[int]] = defaultdict(list)  # what the four indexed columns do
    for i, s in enumerate(sigs):
        for band, key in enumerate(topics.band_keys(s)):
            index[band, key].append(i)

    def lookup(sig):
        return {j for band, key in enumerate(topics.band_keys(sig)) for j in index[band, key]}

    pairs = [(a, b) for g in identical for a, b in itertools.combinations(g, 2)]
    assert len(pairs) == 121
    assert all(b in lookup(sigs[a]) for a, b in pairs)  # including the 56 pairs whose titles differ
    rng = random.Random(12345)
    chars = [c for it in items[:200] for c in it.text if "\u4e00" <= c <= "\u9fff"]

    def edited(text, k):
        t = list(text)
        for _ in range(k):
            i, op = rng.randrange(len(t)), rng.random()
            if op < 0.4:
                t[i] = rng.choice(chars)
            elif op < 0.7:
                del t[i]
            else:
                t.insert(i, rng.choice(chars))
        return "".join(t)

    sample = rng.sample(range(len(items)), 300)
    for k, at_least in ((2, 0.98), (5, 0.95)):
        found = sum(i in lookup(topics.signature(edited(items[i].text, k))) for i in sample)
        assert found >= at_least * len(sample), (k, found)
    # chance candidates: unrelated pairs sharing a key stay near the 16-bit floor (4 / 65,536)
    same_group = {frozenset(p) for p in pairs}
    chance = sum(1 for ids in index.values() for a, b in itertools.combinations(ids, 2)
                 if frozenset((a, b)) not in same_group and topics.similarity(items[a].text, items[b].text) < 0.5)
    assert chance / (len(items) * (len(items) - 1) / 2) < 2e-4


def test_likely_duplicates_put_the_identical_message_first(board):
    rows, items, identical, _ = board
    rng = random.Random(7)
    for g in identical:
        new, *others = g
        noise = rng.sample([i for i in range(len(items)) if i not in g], 20)
        cands = [topics.Candidate(id=i, text=items[i].text, place=items[i].place) for i in noise + others]
        got = topics.likely_duplicates(items[new].text, items[new].place, cands)
        assert got and got[0].id in others, (g, got[:2])
        assert got[0].reason.startswith(("内容相同", "内容相近"))


def test_keywords_say_what_and_leave_the_places_to_the_place():
    from zhongshu.hotline.topics.clusters import keywords_of

    words = keywords_of(["西城区购买假种子", "东城区购买假种子坑农", "南湖县买到假种子"])
    assert "种子" in words
    assert not {"西城区", "东城区", "南湖", "南湖县", "县"} & set(words), words
    roads = keywords_of(["解放路井盖破损", "湖滨路井盖破损", "人民路井盖缺失"], "解放路")
    assert roads[0] == "解放路" and "井盖" in roads                 # the cluster's own place first, as before
    assert not {"人民", "湖滨路", "湖滨", "人民路"} & set(roads), roads
