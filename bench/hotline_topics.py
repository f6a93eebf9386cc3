"""12345 duplicates and hot topics (hotline/topics/) on the public message-board data.

    python -m bench hotline_topics [--items 50000] [--seed 12345]

No database: the functions are pure. Measured here:

1. signature: time per ticket (the file's messages, title + detail), place extraction per
   ticket; the band lookup (an in-memory index standing for the four indexed columns) on
   hotline_messages_with_votes.csv: every pair of its 100 groups of identical 留言详情, copies of
   300 messages with k random edits (substitute / delete / insert a 汉字), and the chance rate
   (unrelated pairs sharing a key) — next to a 64-bit SimHash over character 3-grams split
   into 4 × 16-bit bands, the alternative the same four columns could hold;
2. likely duplicates: for each of the 100 groups, its first message against the others and 20
   random messages: is a true copy ranked first;
3. clusters of the 4,326 messages: time (jieba loaded / not), the 100 groups found whole, the
   largest cluster, the 10 hottest clusters (keywords, size, distinct callers, place, span,
   votes, heat); rising districts (trends);
4. clusters of --items tickets resampled from the three message files (votes, unlabelled,
   replies: ≈ 10,000 distinct messages): 30 % of the tickets repeat one of 300 "hot" messages
   (weights 1/k: the hottest ≈ 2,400 times in 50,000), the rest are drawn uniformly from the
   others; 60 % are edited (a run of sentences kept, up to 6 character edits, 30 % with the
   title replaced by the first sentence); times spread over 90 days. Time for 20,000 (the
   研判 page's cap) and --items; purity and recall against the message each ticket came from.

The data is read at run time only; nothing of it is stored in the project. Prints a Markdown
block for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import random
import re
import statistics
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bench.sample_data import board_items, read_csv, shared_data

DESCRIPTION = "热线重复工单与热点问题：指纹、疑似重复、聚类与热度（公开留言数据）"

SH = ZoneInfo("Asia/Shanghai")
DATA = shared_data()
FILES = ("hotline_messages_with_votes.csv", "hotline_unlabelled.csv", "hotline_messages_with_replies.csv")
SENTENCE = re.compile(r"(?<=[。！？；!?;])")


def identical_groups(rows) -> list[list[int]]:
    groups = defaultdict(list)
    for i, r in enumerate(rows):
        groups[re.sub(r"\s+", "", r["留言详情"])].append(i)
    return [g for g in groups.values() if len(g) >= 2]


# ---------------------------------------------------------------- SimHash, for comparison only

def simhash_bands(text: str) -> tuple[int, int, int, int]:
    import numpy as np

    from zhongshu.hotline.topics.text import codes

    c = codes(text).astype(np.uint64)
    if c.size < 3:
        return (0, 0, 0, 0)
    grams = (c[:-2] << np.uint64(42)) | (c[1:-1] << np.uint64(21)) | c[2:]
    h = grams * np.uint64(0x9E3779B97F4A7C15)
    h ^= h >> np.uint64(29)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(32)
    bits = np.unpackbits(h.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little").sum(axis=0)
    value = int.from_bytes(np.packbits(bits * 2 > grams.size, bitorder="little").tobytes(), "little")
    return tuple((value >> (16 * k)) & 0xFFFF for k in range(4))


# ---------------------------------------------------------------- measurements

def per_call_ms(fn, args_list, repeat: int = 3) -> tuple[float, float]:
    """(wall ms, cpu ms) per call, best of `repeat` passes over args_list."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        for a in args_list:
            fn(a)
        best_wall = min(best_wall, (time.perf_counter() - w) * 1000 / len(args_list))
        best_cpu = min(best_cpu, (time.process_time() - c) * 1000 / len(args_list))
    return best_wall, best_cpu


def timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def edited(rng, text: str, k: int, chars: list[str]) -> str:
    t = list(text)
    for _ in range(k):
        i, op = rng.randrange(len(t)), rng.random()
        if op < 0.4:
            t[i] = rng.choice(chars)
        elif op < 0.7 and len(t) > 5:
            del t[i]
        else:
            t.insert(i, rng.choice(chars))
    return "".join(t)


def band_lookup(keys: list[tuple]) -> dict:
    index = defaultdict(list)
    for i, ks in enumerate(keys):
        for band, key in enumerate(ks):
            index[band, key].append(i)
    return index


def signature_part(rows, items, groups, rng, out: list[str]) -> None:
    from zhongshu.hotline import topics

    texts = [it.text for it in items]
    typical = [t for t in texts if 150 <= len(topics.normalise(t)) <= 250][:500]
    wall, cpu = per_call_ms(topics.signature, texts)
    wall_t, cpu_t = per_call_ms(topics.signature, typical)
    wall_p, cpu_p = per_call_ms(topics.extract_place, texts, repeat=1)
    lengths = [len(topics.normalise(t)) for t in texts]
    out.append("| signature, per ticket | value |\n|---|---|")
    out.append(f"| all 4,326 messages (median {statistics.median(lengths):.0f}, max {max(lengths):,} normalised characters)"
               f" | {wall:.3f} ms wall, {cpu:.3f} ms CPU |")
    out.append(f"| typical (150–250 characters, {len(typical)} messages) | {wall_t:.3f} ms wall, {cpu_t:.3f} ms CPU |")
    out.append(f"| extract_place, all messages | {wall_p:.3f} ms wall, {cpu_p:.3f} ms CPU |")
    out.append("")

    sigs = [topics.signature(t) for t in texts]
    mh = [topics.band_keys(s) for s in sigs]
    sh = [simhash_bands(t) for t in texts]
    pairs = [(a, b) for g in groups for a, b in itertools.combinations(g, 2)]
    differ = [(a, b) for a, b in pairs if rows[a]["留言主题"].strip() != rows[b]["留言主题"].strip()]

    def shares(x, y):
        return any(p == q for p, q in zip(x, y, strict=True))

    chars = [c for t in texts[:200] for c in t if "\u4e00" <= c <= "\u9fff"]
    sample = rng.sample(range(len(texts)), 300)
    lines = [("same 留言详情 (all 121 pairs of the 100 groups)", sum(shares(mh[a], mh[b]) for a, b in pairs),
              sum(shares(sh[a], sh[b]) for a, b in pairs), len(pairs)),
             (f"same 留言详情, different 留言主题 ({len(differ)} pairs)", sum(shares(mh[a], mh[b]) for a, b in differ),
              sum(shares(sh[a], sh[b]) for a, b in differ), len(differ))]
    for k in (1, 2, 5, 10, 20):
        copies = [(i, edited(rng, texts[i], k, chars)) for i in sample]
        lines.append((f"a message and a copy with {k} random edits (300)",
                      sum(shares(mh[i], topics.band_keys(topics.signature(c))) for i, c in copies),
                      sum(shares(sh[i], simhash_bands(c)) for i, c in copies), len(copies)))
    out.append("| found by one shared band key | MinHash 4×3, bigrams (used) | SimHash 64, 3-grams |\n|---|---|---|")
    for label, a, b, n in lines:
        out.append(f"| {label} | {a} / {n} ({100 * a / n:.1f} %) | {b} / {n} ({100 * b / n:.1f} %) |")
    same = {frozenset(p) for p in pairs}
    total = len(texts) * (len(texts) - 1) / 2
    rates = {}
    for name, keys in (("MinHash", mh), ("SimHash", sh)):
        near, chance, per_lookup = _collisions(keys, same, texts)
        rates[name] = chance / total
        out.append(f"| {name}: other pairs sharing a key | {near} near copies (bigram Jaccard ≥ 0.5) + {chance} chance"
                   f" ({chance / total:.1e} of all pairs) | {per_lookup:.2f} candidates per lookup |")
    out.append("")
    window = 5_000_000 * 30 / 1095
    out.append(f"At 5,000,000 tickets over three years a 30-day window holds ≈ {window:,.0f}; at the measured MinHash"
               f" chance rate a new ticket meets ≈ {window * rates['MinHash']:.0f} chance candidates besides its true"
               " near copies (four index lookups).\n")


def _collisions(keys, same, texts) -> tuple[int, int, float]:
    """(near-copy pairs, chance pairs, mean candidates per lookup) of an in-memory band index."""
    from zhongshu.hotline import topics

    index = band_lookup(keys)
    seen: set[tuple[int, int]] = set()
    near = chance = 0
    for ids in index.values():
        for a, b in itertools.combinations(ids, 2):
            if (a, b) in seen or frozenset((a, b)) in same:
                continue
            seen.add((a, b))
            if topics.similarity(texts[a], texts[b]) >= 0.5:
                near += 1
            else:
                chance += 1
    per_lookup = statistics.mean(len({j for band, key in enumerate(ks) for j in index[band, key]}) - 1 for ks in keys)
    return near, chance, per_lookup


def duplicates_part(items, groups, rng, out: list[str]) -> None:
    from zhongshu.hotline import topics

    first = shown_noise = 0
    reasons: Counter = Counter()
    ms = []
    for g in groups:
        new, *others = g
        noise = rng.sample([i for i in range(len(items)) if i not in g], 20)
        cands = [topics.Candidate(id=i, text=items[i].text, place=items[i].place) for i in noise + others]
        w = time.perf_counter()
        got = topics.likely_duplicates(items[new].text, items[new].place, cands)
        ms.append((time.perf_counter() - w) * 1000)
        if got and got[0].id in others:
            first += 1
            reasons[got[0].reason.split("，")[0].split(" ")[0]] += 1
        shown_noise += sum(1 for m in got if m.id in noise)
    out.append(f"likely_duplicates: a true copy ranked first for {first} / {len(groups)} groups (new message against its"
               f" copies and 20 random messages; reasons {dict(reasons)}); {statistics.median(ms):.2f} ms per call"
               f" (median, 21–24 candidates); random messages shown as likely duplicates: {shown_noise} of"
               f" {20 * len(groups)}.")
    out.append("")


def clusters_part(items, groups, out: list[str]) -> None:
    from zhongshu.hotline import topics

    _, wall_cold, cpu_cold = timed(lambda: topics.find_clusters(items))
    clusters, wall, cpu = timed(lambda: topics.find_clusters(items))
    where = {i: k for k, c in enumerate(clusters) for i in c.ids}
    whole = sum(1 for g in groups if all(i in where for i in g) and len({where[i] for i in g}) == 1)
    holding = {where[g[0]] for g in groups if g[0] in where}
    out.append("| clusters of the 4,326 messages | value |\n|---|---|")
    out.append(f"| find_clusters (first call, jieba loading) | {wall_cold:.2f} s wall, {cpu_cold:.2f} s CPU |")
    out.append(f"| find_clusters (jieba loaded) | {wall:.2f} s wall, {cpu:.2f} s CPU |")
    out.append(f"| groups of identical 留言详情 found whole in one cluster | **{whole} / {len(groups)}** |")
    out.append(f"| clusters holding them / tickets in those clusters / tickets of the groups | {len(holding)} /"
               f" {sum(clusters[k].size for k in holding)} / {sum(len(g) for g in groups)} |")
    out.append(f"| clusters of ≥ 2 tickets / tickets in them / largest | {len(clusters)} /"
               f" {sum(c.size for c in clusters)} / {max(c.size for c in clusters)} |")
    out.append(f"| lowest cohesion (mean cosine to the centroid) | {min(c.cohesion for c in clusters):.2f} |")
    out.append("")
    out.append(f"Heat: {topics.HEAT_FORMULA} Growth window 7 days ending just after the last message"
               f" ({max(it.at for it in items):%Y-%m-%d %H:%M}).\n")
    out.append("| # | keywords | size | callers | place | span | votes | growth | heat |\n|---|---|---|---|---|---|---|---|---|")
    for rank, c in enumerate(clusters[:10], 1):
        span = f"{c.first_at:%Y-%m-%d} – {c.last_at:%Y-%m-%d} ({c.span_days:.0f} d)"
        out.append(f"| {rank} | {'、'.join(c.keywords)} | {c.size} | {c.distinct_callers} | {c.place or '—'} | {span} |"
                   f" {c.votes} | {c.growth} | {c.heat:.1f} |")
    out.append("")
    def district(it):
        first = (topics.place_parts(it.place) or [""])[0]
        return first if first[-1:] in ("区", "县") and not topics.finest_part(first) else ""  # not 小区 …

    end = datetime(2020, 1, 1)
    rising = topics.trends(items, by=district, window=timedelta(days=31), now=end, min_count=5, rising_only=True)[:5]
    out.append("trends(by district, December 2019 against the 31 days before), rising first: "
               + ("; ".join(t.text() for t in rising) or "none") + ".\n")
    december = [it for it in items if it.at and end - timedelta(days=31) <= it.at < end]
    hot = topics.find_clusters(december, now=end)
    out.append(f"The 研判 page for December 2019 ({len(december)} messages, growth = last 7 days against the 7 before):\n")
    out.append("| # | keywords | size | callers | place | span | votes | recent / previous 7 d | heat |\n"
               "|---|---|---|---|---|---|---|---|---|")
    for rank, c in enumerate(hot[:5], 1):
        out.append(f"| {rank} | {'、'.join(c.keywords)} | {c.size} | {c.distinct_callers} | {c.place or '—'} |"
                   f" {c.first_at:%m-%d} – {c.last_at:%m-%d} | {c.votes} | {c.recent} / {c.previous} | {c.heat:.1f} |")
    out.append("")
    risky = Counter(h for it in items for h in topics.risk_hits(it.text))
    out.append("Risk keywords in the 4,326 messages (default list): "
               + ", ".join(f"{k} {n}" for k, n in risky.most_common(10)) + ".\n")


def resample(n: int, seed: int):
    rng = random.Random(seed)
    seen, bases = set(), []
    for name in FILES:
        for r in read_csv(name):
            detail = re.sub(r"\s+", "", r["留言详情"])
            if len(detail) >= 10 and detail not in seen:
                seen.add(detail)
                bases.append((r["留言主题"].strip(), detail))
    rng.shuffle(bases)
    chars = [c for _, d in bases[:300] for c in d if "\u4e00" <= c <= "\u9fff"]
    hot = 300
    weights = [1 / (k + 1) for k in range(hot)]
    end = datetime(2026, 11, 30, 18, 0, tzinfo=SH)
    out = []
    for _ in range(n):
        b = rng.choices(range(hot), weights=weights)[0] if rng.random() < 0.3 else rng.randrange(hot, len(bases))
        title, detail = bases[b]
        if rng.random() < 0.6:
            sents = [s for s in SENTENCE.split(detail) if s]
            if len(sents) > 2 and rng.random() < 0.5:
                k = rng.randint(max(1, len(sents) // 2), len(sents))
                start = rng.randint(0, len(sents) - k)
                sents = sents[start:start + k]
            detail = edited(rng, "".join(sents), rng.randint(0, 6), chars)
            if rng.random() < 0.3:
                title = sents[0][:24]
        caller = f"u{rng.randrange(n)}" if rng.random() < 0.9 else ""
        out.append((b, title, f"{title} {detail}", caller, end - timedelta(days=90 * rng.random()),
                    rng.choice([0, 0, 0, 0, 1, 2, 5])))
    return out, len(bases)


def scale_part(n: int, seed: int, out: list[str]) -> None:
    from zhongshu.hotline import topics

    rows, distinct = resample(n, seed)
    items = [topics.Item(id=i + 1, text=text, title=title, caller=caller, at=at, votes=votes,
                         place=topics.extract_place(text))
             for i, (_, title, text, caller, at, votes) in enumerate(rows)]
    base = {i + 1: row[0] for i, row in enumerate(rows)}
    out.append(f"| resampled tickets ({distinct:,} distinct messages behind them) | 20,000 | {n:,} |\n|---|---|---|")
    figures = {}
    for size in (20_000, n):
        part = items[:size]
        labels, lw, lc = timed(lambda part=part: topics.cluster_labels([it.text for it in part]))
        clusters, w, c = timed(lambda part=part: topics.find_clusters(part))
        where = {i: k for k, cl in enumerate(clusters) for i in cl.ids}
        in_clusters = sum(cl.size for cl in clusters)
        majority = sum(Counter(base[i] for i in cl.ids).most_common(1)[0][1] for cl in clusters)
        by_base = defaultdict(list)
        for it in part:
            by_base[base[it.id]].append(it.id)
        recalls = [Counter(where.get(i, -i) for i in ids).most_common(1)[0][1] / len(ids)
                   for ids in by_base.values() if len(ids) >= 2]
        figures[size] = {
            "cluster_labels (similarity graph and components)": f"{lw:.1f} s wall, {lc:.1f} s CPU",
            "find_clusters (all of it, jieba loaded)": f"{w:.1f} s wall, {c:.1f} s CPU",
            "clusters of ≥ 2 / tickets in them / largest": f"{len(clusters):,} / {in_clusters:,} / {max(cl.size for cl in clusters):,}",
            "purity (tickets from their cluster's main message)": f"{100 * majority / in_clusters:.1f} %",
            "recall (share of a message's copies in its main cluster; all copies together)":
                f"{100 * statistics.mean(recalls):.1f} %; {100 * statistics.mean(r == 1 for r in recalls):.1f} %",
            "lowest cohesion of a cluster over 50 tickets": f"{min((cl.cohesion for cl in clusters if cl.size > 50), default=1):.2f}",
        }
        del labels
    for key in figures[20_000]:
        out.append(f"| {key} | {figures[20_000][key]} | {figures[n][key]} |")
    out.append("")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench hotline_topics", description=DESCRIPTION)
    parser.add_argument("--items", type=int, default=50_000, help="resampled tickets for the scale run")
    parser.add_argument("--seed", type=int, default=12345)
    args = parser.parse_args(argv)
    if not (DATA / FILES[0]).exists():
        print(f"没有公开留言数据（{DATA}）：本测试需要 ../shared/data")
        return 2
    rng = random.Random(args.seed)
    rows = read_csv(FILES[0])
    items = board_items(rows)
    groups = identical_groups(rows)
    load_before = os.getloadavg()
    started = datetime.now(SH)
    out: list[str] = []
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "")
    import jieba
    import numpy
    import scipy

    out.append(f"### {started:%Y-%m-%d %H:%M} Asia/Shanghai — duplicates and hot topics (bench/hotline_topics.py)\n")
    out.append(f"Machine: {os.cpu_count()} cores ({cpu}), Linux {platform.release()}, Python {platform.python_version()},"
               f" numpy {numpy.__version__}, scipy {scipy.__version__}, jieba {jieba.__version__}; one process, one"
               f" thread. Load average at the start {load_before[0]:.1f}"
               + (" (other work running: wall times are pessimistic; CPU times are the process's own)"
                  if load_before[0] > (os.cpu_count() or 1) else "") + ".\n")
    out.append(f"Data: hotline_messages_with_votes.csv, {len(rows):,} messages, {len(groups)} groups of identical"
               f" 留言详情 (sizes {dict(sorted(Counter(len(g) for g in groups).items()))}); the scale run resamples the"
               " three message files (see the bench's docstring).\n")
    signature_part(rows, items, groups, rng, out)
    duplicates_part(items, groups, rng, out)
    clusters_part(items, groups, out)
    scale_part(args.items, args.seed, out)
    import resource

    load_after = os.getloadavg()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.append(f"Load average at the end {load_after[0]:.1f}; peak memory of the process {peak:,.0f} MiB; the run took"
               f" {(datetime.now(SH) - started).total_seconds():.0f} s.")
    print("\n".join(out))
    return 0
