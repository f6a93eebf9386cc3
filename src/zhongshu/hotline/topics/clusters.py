"""Hot topics: clusters of tickets about one problem over a period, ranked by heat.

    find_clusters(items, now=period_end)  -> [Cluster, …], hottest first (2 tickets or more)
    HEAT_FORMULA                           # the formula as a Chinese sentence, for the page
    heat_of(size, callers, growth, votes)  # the formula itself

Similarity. Each ticket's text (title + description, the first CLUSTER_CHARS = 400 normalised
characters: the problem is stated at the start) becomes a TF-IDF vector over its character
bigrams and trigrams (hashed into 2**22 columns; sublinear tf = 1 + ln tf, smooth idf =
ln((1 + n) / (1 + df)) + 1, over the distinct texts of the period), cut to its TOP_FEATURES = 64
heaviest n-grams (ties by column, deterministic) and L2-normalised. Two tickets are about the
same problem when the cosine of these vectors is ≥ CLUSTER_THRESHOLD = 0.30. Character n-grams
and not jieba words: the whole period is vectorised in one numpy pass (jieba alone would take
minutes for 50,000 tickets), and place names (伊景园滨河苑, 丽发新城) weigh as much as words.

Clusters are the connected components of the "same problem" graph, after identical texts are
collapsed into one. The graph is built without comparing all pairs: the pairs that share a
top-64 n-gram held by at most POSTING_CAP = 300 tickets are scored by one sparse matrix product
(chunked); an n-gram held by more tickets (a mass event: hundreds of calls about one burst pipe)
links each of its tickets to its NEIGHBOURS = 4 next ones in id order, each pair verified by the
same cosine. A connected component can chain unrelated tickets through intermediate ones; a
component of more than GUARD_SIZE = 50 distinct texts whose cohesion (mean cosine of its members
to their centroid) is below MIN_COHESION = 0.2 is split again with a threshold 0.1 higher, until
it is cohesive or the threshold reaches 0.8.

Measured (bench/hotline_topics.py, RESULTS.md, one core of an AMD EPYC): on
hotline_messages_with_votes.csv all 100 groups of identical 留言详情 fall each into one cluster
(96 clusters hold them, 268 tickets for the groups' 209), the largest cluster has 16 messages
(伊景园滨河苑 车位捆绑销售), 423 clusters of ≥ 2 in 1 s; in a sample of 30 pairs of different
messages put in one cluster, 28 were about the same problem (the other two: the same estate,
another problem; the same problem, a neighbouring estate). 50,000 resampled tickets: ≈ 11 s,
purity 95.7 %, recall 97 %.

Heat (HEAT_FORMULA, stated on the page):
    heat = N + 2·P + 3·G + 2·ln(1 + V)
    N  tickets in the cluster
    P  distinct callers (a ticket without a caller counts as one caller of its own)
    G  growth = max(0, tickets in [now − window, now) − tickets in [now − 2·window, now − window)),
       window 7 days by default, `now` the end of the period (default: the latest ticket)
    V  votes (点赞) of the cluster's tickets, where present
Many callers weigh more than one caller calling many times (N + 2P: ten calls of one caller
12, of ten callers 30); a topic that is rising gains 3 per extra ticket this window; votes
count on a log scale so that one viral post does not outrank many callers.

Keywords: the HEAT_LABELLED = 50 hottest clusters get up to 5 keywords (keywords_of): the
finest part of the cluster's place, then jieba words of up to 12 members' titles, ranked by
members using the word × the word's idf in jieba's dictionary × ln(1 + labelled clusters /
clusters using it); stop words, digits and masked places (A市, A3区) left out. The others get
[] (raise label_top, or call keywords_of on their titles): jieba is slow (tens of thousands of
characters a second), so it only sees titles, and only of the clusters shown.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from .places import extract_place, finest_part, is_informative
from .risk import risk_hits
from .text import corpus_codes

CLUSTER_CHARS = 400
CLUSTER_THRESHOLD = 0.30
TOP_FEATURES = 64
POSTING_CAP = 300
NEIGHBOURS = 4
GUARD_SIZE = 50
MIN_COHESION = 0.2
HASH_BITS = 22
HEAT_LABELLED = 50
KEYWORDS = 5
WINDOW = timedelta(days=7)

HEAT_FORMULA = ("热度 = 工单数 + 2 × 不同来电人数 + 3 × 增长 + 2 × ln(1 + 点赞数)；"
                "增长 = 近 7 天件数 − 前 7 天件数（小于 0 按 0 计）；来电人为空的工单各按 1 人计。")


def heat_of(size: int, callers: int, growth: int, votes: int) -> float:
    """heat = N + 2·P + 3·max(0, G) + 2·ln(1 + V) (see HEAT_FORMULA)."""
    return size + 2 * callers + 3 * max(0, growth) + 2 * math.log1p(max(0, votes))


@dataclass
class Item:
    """A ticket handed to find_clusters / trends. `text` is what is compared (title and
    description), `title` is shown and cut for keywords, `caller` may be empty, `at` is when it
    was received, `votes` its 点赞 count where the channel has them. Extra attributes (category,
    unit …) can be given in `extra` for trends(by=…)."""

    id: int
    text: str
    title: str = ""
    caller: str = ""
    place: str = ""
    at: datetime | None = None
    votes: int = 0
    category: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class Cluster:
    """One hot topic. `ids` oldest first; `title` the title of its most central ticket; `place`
    the most common informative place of its tickets; `first_at` / `last_at` its time span;
    `recent` / `previous` the counts of the two growth windows; `risks` the risk keywords in its
    tickets; `cohesion` the mean cosine of its distinct texts to their centroid (1.0 for copies)."""

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
    title: str = ""
    recent: int = 0
    previous: int = 0
    risks: list[str] = field(default_factory=list)
    cohesion: float = 1.0

    def heat_text(self) -> str:
        """The heat with its parts, e.g. "热度 41.6 = 12 + 2×10 + 3×2 + 2×ln(1+12)"."""
        return (f"热度 {self.heat:.1f} = {self.size} + 2×{self.distinct_callers} + 3×{max(0, self.growth)}"
                f" + 2×ln(1+{self.votes})")

    @property
    def span_days(self) -> float:
        if self.first_at is None or self.last_at is None:
            return 0.0
        return (self.last_at - self.first_at).total_seconds() / 86400


# ---------------------------------------------------------------- vectors and graph

_GOLD = np.uint64(0x9E3779B97F4A7C15)
_SALT = {2: np.uint64(0x2545F4914F6CDD1D), 3: np.uint64(0x5851F42D4C957F2D)}


def _distinct_texts(cp: np.ndarray, doc: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(representative of each text, index of the first text of each representative)."""
    starts = np.searchsorted(doc, np.arange(n))
    ends = np.searchsorted(doc, np.arange(n), side="right")
    raw = cp.tobytes()
    first: dict[bytes, int] = {}
    rep_of = np.empty(n, dtype=np.int64)
    firsts: list[int] = []
    for i, (a, b) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        key = raw[4 * a:4 * b]
        r = first.get(key) if b > a else None  # texts without letters or digits are never "the same"
        if r is None:
            r = len(firsts)
            if b > a:
                first[key] = r
            firsts.append(i)
        rep_of[i] = r
    return rep_of, np.array(firsts, dtype=np.int64)


def _counts(cp: np.ndarray, doc: np.ndarray, first: int, rows: int):
    """Counts of the hashed character 2- and 3-grams of the rows `first` … `first + rows - 1`
    (cp / doc: their code points and row numbers, rows counted from `first`)."""
    import scipy.sparse as sp

    c = cp.astype(np.uint64)
    r_parts, c_parts = [], []
    for n in (2, 3):
        m = c.size - n + 1
        if m <= 0:
            continue
        key = np.zeros(m, dtype=np.uint64)
        for k in range(n):
            key = (key << np.uint64(21)) | c[k:k + m]
        same = doc[:m] == doc[n - 1:n - 1 + m]
        r_parts.append(doc[:m][same] - first)
        c_parts.append((((key[same] ^ _SALT[n]) * _GOLD) >> np.uint64(64 - HASH_BITS)).astype(np.int32))
    if not r_parts:
        return sp.csr_matrix((rows, 1 << HASH_BITS), dtype=np.float32)
    r_all = np.concatenate(r_parts)
    c_all = np.concatenate(c_parts)
    x = sp.csr_matrix((np.ones(r_all.size, dtype=np.float32), (r_all, c_all)), shape=(rows, 1 << HASH_BITS))
    x.sum_duplicates()
    return x


def _tfidf_top(cp: np.ndarray, doc: np.ndarray, rows: int, top: int, chunk: int = 4000):
    """The rows' TF-IDF vectors over hashed character 2- and 3-grams, each cut to its `top`
    heaviest entries and L2-normalised (scipy CSR, float32). Counted `chunk` rows at a time, so
    that the n-gram keys of the whole period are never in memory at once."""
    import scipy.sparse as sp

    parts = []
    for start in range(0, rows, chunk):
        stop = min(rows, start + chunk)
        a, b = np.searchsorted(doc, start), np.searchsorted(doc, stop)
        parts.append(_counts(cp[a:b], doc[a:b], start, stop - start))
    x = sp.vstack(parts, format="csr") if parts else sp.csr_matrix((0, 1 << HASH_BITS), dtype=np.float32)
    del parts
    x.data = 1.0 + np.log(x.data)
    df = np.bincount(x.indices, minlength=x.shape[1])
    idf = (np.log((1.0 + rows) / (1.0 + df)) + 1.0).astype(np.float32)
    x.data *= idf[x.indices]
    lengths = np.diff(x.indptr)
    keep = _top_entries(x, lengths, top)
    kept = np.minimum(lengths, top)
    y = sp.csr_matrix((x.data[keep], x.indices[keep], np.concatenate([[0], np.cumsum(kept)])), shape=x.shape)
    _normalise_rows(y)
    return y


def _top_entries(x, lengths: np.ndarray, top: int, chunk: int = 4096) -> np.ndarray:
    """A mask of the `top` heaviest entries of every CSR row: rows padded into a dense block,
    np.argpartition along the rows (deterministic; among equal weights the choice depends only
    on the row's own entries, so identical rows keep identical entries)."""
    keep = np.ones(x.nnz, dtype=bool)
    long_rows = np.nonzero(lengths > top)[0]
    for s in range(0, long_rows.size, chunk):
        rows = long_rows[s:s + chunk]
        width = int(lengths[rows].max())
        block = np.full((rows.size, width), np.inf, dtype=np.float32)
        starts = x.indptr[rows]
        counts = lengths[rows]
        row_of = np.repeat(np.arange(rows.size), counts)
        pos = np.arange(row_of.size) - np.repeat(np.cumsum(counts) - counts, counts)
        entry = np.repeat(starts, counts) + pos
        block[row_of, pos] = -x.data[entry]
        dropped = np.argpartition(block, top, axis=1)[:, top:]
        valid = dropped < counts[:, None]
        keep[(starts[:, None] + dropped)[valid]] = False
    return keep


def _normalise_rows(y) -> None:
    lengths = np.diff(y.indptr)
    if y.nnz == 0:
        return
    sums = np.add.reduceat(y.data * y.data, y.indptr[:-1].clip(max=y.nnz - 1))
    norms = np.where(lengths > 0, np.sqrt(sums), 1.0).astype(np.float32)
    y.data /= np.repeat(norms, lengths)


def _row_dots(y, a: np.ndarray, b: np.ndarray, chunk: int = 100_000) -> np.ndarray:
    out = np.empty(a.size, dtype=np.float32)
    for s in range(0, a.size, chunk):
        out[s:s + chunk] = np.asarray(y[a[s:s + chunk]].multiply(y[b[s:s + chunk]]).sum(axis=1)).ravel()
    return out


def _edges(y, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, cosine) with i < j and cosine ≥ threshold, without comparing all pairs (see the
    module docstring)."""
    rows = y.shape[0]
    held = np.bincount(y.indices, minlength=y.shape[1])
    small = (held >= 2) & (held <= POSTING_CAP)
    big_cols = np.nonzero(held > POSTING_CAP)[0]
    ys = y.copy()
    ys.data = np.where(small[ys.indices], ys.data, 0).astype(np.float32)
    ys.eliminate_zeros()
    big_mass = np.zeros(rows, dtype=np.float32)
    if big_cols.size:
        yb = y[:, big_cols]
        big_mass = np.sqrt(np.asarray(yb.multiply(yb).sum(axis=1)).ravel()).astype(np.float32)
    yst = ys.T.tocsr()
    ii, jj, vv, vi, vj = [], [], [], [], []
    chunk = 2000
    for s in range(0, rows, chunk):
        p = (ys[s:s + chunk] @ yst).tocoo()
        r = p.row.astype(np.int64) + s
        upper = r < p.col
        r, col, val = r[upper], p.col[upper].astype(np.int64), p.data[upper]
        sure = val >= threshold
        ii.append(r[sure])
        jj.append(col[sure])
        vv.append(val[sure])
        maybe = ~sure & (val + big_mass[r] * big_mass[col] >= threshold)
        vi.append(r[maybe])
        vj.append(col[maybe])
    if big_cols.size:
        yc = y[:, big_cols].tocsc()
        for k in range(big_cols.size):
            members = np.sort(yc.indices[yc.indptr[k]:yc.indptr[k + 1]]).astype(np.int64)
            for d in range(1, NEIGHBOURS + 1):
                if members.size > d:
                    vi.append(members[:-d])
                    vj.append(members[d:])
    i_sure = np.concatenate(ii) if ii else np.zeros(0, np.int64)
    j_sure = np.concatenate(jj) if jj else np.zeros(0, np.int64)
    v_sure = np.concatenate(vv) if vv else np.zeros(0, np.float32)
    if vi:
        ci, cj = np.concatenate(vi), np.concatenate(vj)
        if ci.size:
            code = np.unique(ci * rows + cj)
            ci, cj = code // rows, code % rows
            sims = _row_dots(y, ci, cj)
            ok = sims >= threshold
            i_sure = np.concatenate([i_sure, ci[ok]])
            j_sure = np.concatenate([j_sure, cj[ok]])
            v_sure = np.concatenate([v_sure, sims[ok]])
    return i_sure, j_sure, v_sure


def _components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    graph = sp.coo_matrix((np.ones(i.size, dtype=np.int8), (i, j)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _cohesions(y, labels: np.ndarray) -> np.ndarray:
    """For every label, the mean cosine of its (unit) rows to their normalised centroid. With
    c = the sum of the rows, mean_i (y_i · c / |c|) = (c · c) / (size · |c|) = |c| / size: one
    sparse product for all labels."""
    import scipy.sparse as sp

    n = y.shape[0]
    count = int(labels.max()) + 1 if n else 0
    member = sp.csr_matrix((np.ones(n, dtype=np.float32), (labels, np.arange(n))), shape=(count, n))
    sums = (member @ y).tocsr()
    squares = np.bincount(np.repeat(np.arange(count), np.diff(sums.indptr)), weights=sums.data.astype(np.float64) ** 2,
                          minlength=count)
    sizes = np.bincount(labels, minlength=count)
    return np.sqrt(squares) / np.maximum(sizes, 1)


def _guarded_labels(y, i, j, v, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Connected components, with chained (incoherent) large components split at higher
    thresholds. Returns (label of each row, cohesion of each label)."""
    n = y.shape[0]
    labels = _components(n, i, j).astype(np.int64)
    t = threshold
    while True:
        cohesion = _cohesions(y, labels)
        sizes = np.bincount(labels)
        loose = np.nonzero((sizes > GUARD_SIZE) & (cohesion < MIN_COHESION))[0]
        if loose.size == 0 or t + 0.1 > 0.8 + 1e-9:
            return labels, cohesion
        t += 0.1
        inside = np.isin(labels, loose)
        # drop the weak edges inside the loose components only, and take the components again
        keep = ~(inside[i] & (v < t))
        i, j, v = i[keep], j[keep], v[keep]
        labels = _components(n, i, j).astype(np.int64)


def cluster_labels(texts: list[str], *, threshold: float = CLUSTER_THRESHOLD) -> tuple[np.ndarray, np.ndarray]:
    """The clustering alone: a label per text (texts with the same label are one problem) and
    the cohesion of every label (mean cosine of its distinct texts to their centroid; 1.0 for a
    single distinct text)."""
    n = len(texts)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    # a text's first CLUSTER_CHARS normalised characters lie within its first 2·CLUSTER_CHARS + 64
    cp, doc = corpus_codes([t[:2 * CLUSTER_CHARS + 64] for t in texts], CLUSTER_CHARS)
    rep_of, firsts = _distinct_texts(cp, doc, n)
    is_first = np.zeros(n, dtype=bool)
    is_first[firsts] = True
    keep = is_first[doc]
    new_id = np.full(n, -1, dtype=np.int64)
    new_id[firsts] = np.arange(firsts.size)
    y = _tfidf_top(cp[keep], new_id[doc[keep]], firsts.size, TOP_FEATURES)
    i, j, v = _edges(y, threshold)
    rep_labels, cohesion = _guarded_labels(y, i, j, v, threshold)
    return rep_labels[rep_of], cohesion


# ---------------------------------------------------------------- keywords

_STOP_WORDS = frozenset("""
问题 反映 投诉 举报 咨询 请问 关于 建议 希望 要求 请求 是否 什么 为什么 如何 怎么 怎样 何时 哪里 一下 领导 您好 你好
尊敬 市民 我们 他们 你们 自己 没有 不能 可以 能否 能不能 还是 已经 现在 目前 一直 相关 部门 有关 情况 处理 解决 严重
存在 进行 出现 导致 影响 问问 市长 书记 政府 市委 市政府 区政府 县政府 谢谢 感谢 帮助 帮忙 麻烦 一个 这个 那个 这些
那些 多次 长期 至今 仍然 依然 何在 为何 到底 真的 非常 特别 以及 或者 而且 但是 因为 所以 如果 虽然 对于 由于 关注
时候 什么时候 能够 不要 一些 有些 还有 就是 这样 那样 时间 今年 去年 明年 本人 业主 居民 群众 老百姓 街道 社区 小区 县市
""".split())
_ADMIN_AREA = re.compile(r"^[\u4e00-\u9fff]{1,4}(?:区|县|市|镇|乡|街道)$")   # 西城区, 南湖县, 春华镇
_NOT_WORD = re.compile(r"^[A-Za-z]?\d*[市区县省]?$|^[A-Za-z0-9]+$")
_jieba_lock = threading.Lock()
_jieba = None
_idf: dict[str, float] = {}
_idf_median = 11.0


def _tokenizer():
    """jieba's default tokenizer and its idf table (jieba/analyse/idf.txt, shipped with jieba),
    loaded once per process, without jieba's start-up log."""
    global _jieba, _idf, _idf_median
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import os

                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.dt.initialize()
                idf: dict[str, float] = {}
                try:
                    path = os.path.join(os.path.dirname(jieba.__file__), "analyse", "idf.txt")
                    with open(path, encoding="utf-8") as fh:
                        for line in fh:
                            word, _, value = line.rstrip("\n").rpartition(" ")
                            if word:
                                idf[word] = float(value)
                except (OSError, ValueError):  # pragma: no cover - a jieba without its idf table
                    idf = {}
                if idf:
                    _idf_median = sorted(idf.values())[len(idf) // 2]
                _idf = idf
                _jieba = jieba.dt
    return _jieba


def _words(title: str) -> set[str]:
    return {w for w in _tokenizer().lcut(title, HMM=False)
            if len(w) >= 2 and w not in _STOP_WORDS and not _NOT_WORD.match(w)}


def _without_place(title: str) -> str:
    """The title without the place it names (南湖县, 人民路, 幸福家园): jieba would cut a place
    into words (南湖 / 县) that then pass for what the tickets are about."""
    place = extract_place(title)
    return title.replace(place, " ") if place else title


def keywords_of(titles: list[str], place: str = "", k: int = KEYWORDS, *,
                clusters_using: Counter | None = None, clusters: int = 1) -> list[str]:
    """Up to k keywords of one cluster from its members' titles (the first 12 distinct ones):
    the most specific part of the cluster's place when a title names it (伊景园滨河苑: jieba would
    cut it into 景园 / 滨河), then jieba words, stop words, digits and masked places left out,
    ranked by (members using the word) × idf(word) × ln(1 + clusters / clusters using the
    word): idf from jieba's dictionary (the median for a word it does not know, such as most
    place names), the last factor over the clusters being labelled, so that a word many of the
    period's hot topics use (小区, 问题) ranks low. Words inside a word already taken are skipped, and so
are the places the titles name (南湖县, 人民路, 西城区): the keywords say what, the place where
(the cluster's own place, when a title names it, comes first, as above)."""
    titles = list(dict.fromkeys(t for t in titles if t))[:12]
    seen: Counter = Counter()
    for title in titles:
        seen.update(_words(_without_place(title)))
    using = clusters_using or Counter()
    scored = sorted(seen, key=lambda w: (-seen[w] * _idf.get(w, _idf_median)
                                         * math.log(1 + clusters / max(1, using.get(w, 1))), w))
    out: list[str] = []
    finest = finest_part(place)
    if len(finest) >= 3 and any(finest in t for t in titles):
        out.append(finest)
    for w in scored:
        if any(w in o or o in w for o in out):
            continue
        if _ADMIN_AREA.match(w):        # a district the place extractor did not take (西城区)
            continue
        out.append(w)
        if len(out) == k:
            break
    return out


def _label(clusters: list[Cluster], titles_of: list[list[str]]) -> None:
    """Keywords for the given clusters, with the idf taken over these clusters."""
    words = [set().union(*(_words(t) for t in list(dict.fromkeys(titles))[:12])) if titles else set()
             for titles in titles_of]
    using: Counter = Counter()
    for w in words:
        using.update(w)
    for cluster, titles in zip(clusters, titles_of, strict=True):
        cluster.keywords = keywords_of(titles, cluster.place, clusters_using=using, clusters=len(clusters))


# ---------------------------------------------------------------- clusters

def find_clusters(items: list[Item], *, now: datetime | None = None, window: timedelta = WINDOW,
                  threshold: float = CLUSTER_THRESHOLD, min_size: int = 2, label_top: int = HEAT_LABELLED,
                  risk_keywords=None) -> list[Cluster]:
    """The period's hot topics, hottest first (heat, then size, then the oldest first id).

    items: the period's tickets (topics.Item). now: the end of the period, for growth (default:
    just after the latest ticket). window: the growth window (7 days). threshold: the cosine
    from which two tickets are one problem. min_size: smallest cluster returned (2: a single
    ticket is not a topic; 1 returns every ticket). label_top: how many of the hottest clusters
    get jieba keywords (the others get [] — keywords_of(titles) on demand). risk_keywords: the
    list for Cluster.risks (default risk.RISK_KEYWORDS).
    """
    if not items:
        return []
    labels, cohesion = cluster_labels([it.text or it.title or "" for it in items], threshold=threshold)
    if now is None:
        latest = max((it.at for it in items if it.at is not None), default=None)
        now = latest + timedelta(microseconds=1) if latest is not None else None
    order = np.argsort(labels, kind="stable")
    cuts = np.nonzero(np.diff(labels[order]))[0] + 1
    clusters: list[tuple[Cluster, list[Item]]] = []
    for group in np.split(order, cuts):
        if group.size < min_size:
            continue
        members = [items[k] for k in group.tolist()]
        members.sort(key=lambda it: (it.at is None, it.at or datetime.min, it.id))
        times = [it.at for it in members if it.at is not None]
        recent = previous = 0
        if now is not None:
            for t in times:
                if now - window <= t < now:
                    recent += 1
                elif now - 2 * window <= t < now - window:
                    previous += 1
        callers = len({it.caller for it in members if it.caller}) + sum(1 for it in members if not it.caller)
        votes = sum(max(0, int(it.votes or 0)) for it in members)
        growth = recent - previous
        places = Counter(it.place for it in members if is_informative(it.place))
        if not places:
            places = Counter(p for p in (extract_place(it.title or it.text) for it in members[:3]) if is_informative(p))
        titles = Counter(it.title.strip() for it in members if it.title and it.title.strip())
        label = int(labels[group[0]])
        clusters.append((Cluster(
            ids=[it.id for it in members], size=len(members), distinct_callers=callers,
            first_at=min(times) if times else None, last_at=max(times) if times else None,
            place=places.most_common(1)[0][0] if places else "", votes=votes, growth=growth,
            heat=round(heat_of(len(members), callers, growth, votes), 2),
            title=titles.most_common(1)[0][0] if titles else (members[0].text or "")[:40],
            recent=recent, previous=previous, cohesion=round(float(cohesion[label]), 3),
        ), members))
    clusters.sort(key=lambda pair: (-pair[0].heat, -pair[0].size, pair[0].ids[0]))
    for cluster, members in clusters:
        cluster.risks = risk_hits("\n".join(it.text or "" for it in members), risk_keywords)
    top = clusters[:label_top]
    if top:
        _label([c for c, _ in top], [[it.title or (it.text or "")[:60] for it in members] for _, members in top])
    return [c for c, _ in clusters]
