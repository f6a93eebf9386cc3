"""Duplicates and hot topics over ticket texts: pure functions, no database.

    sig = signature(text); band_keys(sig)          # stored on the ticket, four indexed bands
    likely_duplicates(text, place, candidates)     # ranked, with a Chinese reason
    find_clusters(items, now=…)                    # hot topics of a period, with their heat
    risk_hits(text); extract_place(text); trends(items, by="place")

Signature: a 64-bit SimHash over the character 3-grams of the normalised text (NFKC, no
whitespace or punctuation), each gram hashed with BLAKE2b (stable across processes, unlike
hash()). Two texts that differ in a few characters differ in few bits; split into four 16-bit
bands, any pair within Hamming distance 3 shares a band (pigeonhole), so an indexed lookup on
the four band columns finds them. Identical texts share all four.

Clusters: TF-IDF over character 2–3-grams, cosine neighbours within CLUSTER_DISTANCE (radius
search on the sparse matrix, scikit-learn), connected components of the neighbour graph. A
cluster is "one problem" when its tickets are that close; the threshold is stated and measured
in bench/hotline_topics.py.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

MASK64 = (1 << 64) - 1
CLUSTER_DISTANCE = 0.45  # cosine distance: below it two tickets are about one problem
DUPLICATE_MIN = 0.55     # similarity from which a candidate is shown as a likely duplicate
HEAT_FORMULA = ("热度 = 工单数 + 2 × 不同来电人数 + 3 × 近 7 天增长（近 7 天件数 − 前 7 天件数，小于 0 计 0）"
                " + ln(1 + 点赞数)")
RISK_KEYWORDS = ["燃气", "煤气", "天然气", "液化气", "井盖", "坍塌", "塌陷", "漏电", "触电", "火灾", "着火", "爆炸",
                 "中毒", "溺水", "跳楼", "轻生", "群体", "聚集", "讨薪", "欠薪", "危房", "滑坡"]
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_PLACE = re.compile(r"([A-Za-z0-9\u4e00-\u9fff]{1,12}?(?:市|区|县|镇|乡|街道|社区|村|小区|花园|苑|路|街|大道|巷|广场))")


def normalise(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def _grams(text: str, n: int = 3):
    t = normalise(text)
    if len(t) < n:
        return [t] if t else []
    return [t[i:i + n] for i in range(len(t) - n + 1)]


def _h64(gram: str) -> int:
    return int.from_bytes(hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest(), "big")


def signature(text: str) -> int:
    """64-bit SimHash of the text's character 3-grams, as a signed 64-bit int (PostgreSQL bigint)."""
    weights = [0] * 64
    for gram, count in Counter(_grams(text)).items():
        h = _h64(gram)
        for bit in range(64):
            weights[bit] += count if h >> bit & 1 else -count
    value = sum(1 << bit for bit in range(64) if weights[bit] > 0)
    return value - (1 << 64) if value >= 1 << 63 else value


def band_keys(sig: int) -> tuple[int, int, int, int]:
    value = sig & MASK64
    return tuple((value >> (16 * k)) & 0xFFFF for k in range(4))


def hamming(a: int, b: int) -> int:
    return bin((a ^ b) & MASK64).count("1")


def similarity(text_a: str, text_b: str) -> float:
    """Jaccard similarity of the character 3-gram sets (0 … 1)."""
    a, b = set(_grams(text_a)), set(_grams(text_b))
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def extract_place(text: str) -> str:
    """The most specific place mention: the last 区/县/街道/路/小区/村 … phrase (masked forms such as
    A市A5区 included). Limits: a plain landmark name without such a suffix is not recognised."""
    if not text:
        return ""
    found = _PLACE.findall(unicodedata.normalize("NFKC", text)[:300])
    if not found:
        return ""
    best = max(found[:6], key=len)
    return best[:100]


@dataclass
class Candidate:
    id: int
    text: str
    place: str = ""
    sig: int | None = None


@dataclass
class Match:
    id: int
    score: float
    reason: str


def likely_duplicates(new_text: str, new_place: str, candidates: list[Candidate]) -> list[Match]:
    """Candidates ranked by score = similarity + 0.15 if the place is the same, those ≥ DUPLICATE_MIN."""
    out = []
    for c in candidates:
        sim = similarity(new_text, c.text)
        same_place = bool(new_place) and new_place == c.place
        score = sim + (0.15 if same_place else 0.0)
        if score < DUPLICATE_MIN:
            continue
        reason = "内容相同" if sim >= 0.95 else f"内容相近 {sim:.2f}"
        if same_place:
            reason += f"，地点相同：{c.place}"
        out.append(Match(id=c.id, score=round(score, 3), reason=reason))
    out.sort(key=lambda m: -m.score)
    return out


@dataclass
class Item:
    id: int
    text: str
    title: str = ""
    caller: str = ""
    place: str = ""
    at: datetime | None = None
    votes: int = 0


@dataclass
class Cluster:
    ids: list[int]
    size: int
    distinct_callers: int
    first_at: datetime | None
    last_at: datetime | None
    place: str
    keywords: list[str] = field(default_factory=list)
    votes: int = 0
    growth: int = 0
    heat: float = 0.0


def heat_of(size: int, callers: int, growth: int, votes: int) -> float:
    return size + 2 * callers + 3 * max(0, growth) + math.log1p(max(0, votes))


def find_clusters(items: list[Item], *, now: datetime | None = None) -> list[Cluster]:
    """Clusters of ≥ 1 item (singletons included), best heat first."""
    if not items:
        return []
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import NearestNeighbors

    texts = [normalise(i.text) or "空" for i in items]
    vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True, min_df=1, dtype="float32")
    matrix = vec.fit_transform(texts)
    nn = NearestNeighbors(radius=CLUSTER_DISTANCE, metric="cosine", algorithm="brute").fit(matrix)
    graph = nn.radius_neighbors_graph(matrix, mode="connectivity")
    _, labels = connected_components(graph, directed=False)
    groups: dict[int, list[int]] = {}
    for idx, label in enumerate(labels):
        groups.setdefault(int(label), []).append(idx)
    now = now or max((i.at for i in items if i.at), default=None)
    vocab = vec.get_feature_names_out()
    out = []
    for members in groups.values():
        rows = [items[k] for k in members]
        times = [r.at for r in rows if r.at]
        recent = prior = 0
        if now is not None:
            recent = sum(1 for t in times if now - timedelta(days=7) <= t < now)
            prior = sum(1 for t in times if now - timedelta(days=14) <= t < now - timedelta(days=7))
        callers = len({r.caller for r in rows if r.caller}) or len(rows)
        places = Counter(r.place for r in rows if r.place)
        votes = sum(r.votes or 0 for r in rows)
        weights = matrix[members].sum(axis=0).A1
        top = [vocab[k] for k in weights.argsort()[::-1][:12]]
        keywords = []
        for gram in top:
            if len(gram) >= 2 and not any(gram in k or k in gram for k in keywords):
                keywords.append(gram)
            if len(keywords) == 4:
                break
        growth = recent - prior
        out.append(Cluster(ids=[r.id for r in rows], size=len(rows), distinct_callers=callers,
                           first_at=min(times) if times else None, last_at=max(times) if times else None,
                           place=places.most_common(1)[0][0] if places else "", keywords=keywords, votes=votes,
                           growth=growth, heat=round(heat_of(len(rows), callers, growth, votes), 2)))
    out.sort(key=lambda c: -c.heat)
    return out


def risk_hits(text: str, keywords=None) -> list[str]:
    text = text or ""
    return [k for k in (keywords or RISK_KEYWORDS) if k in text]


def trends(items: list[Item], *, by: str = "place", window: timedelta = timedelta(days=7),
           now: datetime | None = None) -> list[tuple[str, int, int]]:
    """(key, this window's count, previous window's count), rising first."""
    now = now or max((i.at for i in items if i.at), default=None)
    if now is None:
        return []
    cur, prev = Counter(), Counter()
    for i in items:
        key = getattr(i, by, "") or ""
        if not key or i.at is None:
            continue
        if now - window <= i.at < now:
            cur[key] += 1
        elif now - 2 * window <= i.at < now - window:
            prev[key] += 1
    keys = set(cur) | set(prev)
    return sorted(((k, cur[k], prev[k]) for k in keys), key=lambda r: (-(r[1] - r[2]), -r[1]))
