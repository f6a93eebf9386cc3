"""全文检索 of 公文, 批示 and 纪要 at scale: a phrase, a 文号 or a unit over 1,000,000 documents
(target p95 ≤ 200 ms).

    createdb -h 127.0.0.1 -U postgres zs_bench_docs
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zs_bench_docs python -m bench documents_search \
        [--entries 1000000] [--texts 100000] [--queries 60] [--reload]

1. load: migrates the (dedicated!) database, makes a city of 40 units with a 督查室 user, a 文秘 and
   the 联络员 of the busiest unit, then generates the search entries (search.SearchEntry, what the
   search reads) inside PostgreSQL: --texts distinct documents (title 关于……的通知/请示/报告/函/纪要/
   批示, a 文号 made unique per entry, a body of 8–30 sentences, 400–1,500 characters, resampled from
   the five speeches in ../shared/seeds with a random road and district put in) are made in Python
   and COPYed into a work table whose bigram vectors search_bigrams computes once; INSERT … SELECT
   over generate_series then draws for each entry a text, a kind (收文 50 %, 发文 30 %, 批示 15 %,
   纪要 5 %), a day over three years and one or two units (Zipf-like shares), appending the entry's own
   number (a real 文号 per entry) to its vector; the units go to the many-to-many and to the indexed
   array unit_ids alike. Trigger and FK checks are off during the load, the
   secondary indexes built afterwards, the GIN index last (timed). A sample is checked against the
   trigger's function.
2. queries: common words (工作, 落实 …), phrases cut from loaded titles and bodies, rare road names and
   exact 文号, each through search.query.search() (count capped at 1,000, the first 50 rows with
   snippets) for the 督查室 user, the 文秘 (every 收文 and 发文, by role) and the busiest unit's 联络员,
   after one warm-up pass; p50 / p95 / max per user and per band. Prints a Markdown block for
   bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from bench.pgload import drop_secondary_indexes
from bench.sample_data import shared_data

DESCRIPTION = "公文、批示、纪要全文检索：100 万件中按词句、文号、单位检索（p95 ≤ 200 ms）"

SEED = 20261203
UNIT_COUNT = 40
CHUNK = 250_000
KINDS = [("收文", 0.50), ("发文", 0.30), ("批示", 0.15), ("会议纪要", 0.05)]
TYPES = ["通知", "请示", "报告", "函", "纪要", "意见"]
ROAD_A = "东西南北中长新兴和平解放人民建设文化光明胜利幸福团结振兴友谊红旗朝阳青年育才梧桐银杏丹桂芙蓉紫荆海棠"
ROAD_B = ["路", "街", "大道", "巷", "二路", "北路"]
DISTRICTS = ["东城区", "西城区", "南湖区", "北山区", "新城区", "高新区", "经开区", "临江县", "青石县"]
COMMON = ["工作", "落实", "督查", "会议", "项目", "安全", "群众", "服务", "改革", "建设", "调研", "发展"]
USERS = {"office": "bds_office", "clerk": "bds_clerk", "liaison": "bds_liaison"}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongshu.settings")
    os.environ.setdefault("ZHONGSHU_ALLOW_INSECURE_KEY", "1")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("请用专用的 PostgreSQL 数据库运行，例如 DATABASE_URL=postgres://postgres@127.0.0.1:5432/zs_bench_docs")
    import django

    django.setup()


def sentences() -> list[str]:
    """The sentences of the five speeches in ../shared/seeds (read at run time, never stored)."""
    seeds = Path(shared_data()).parent / "seeds"
    out = []
    for path in sorted(seeds.glob("*.txt")):
        for s in re.split(r"(?<=[。！？；])", path.read_text(encoding="utf-8")):
            s = "".join(s.split())
            if 12 <= len(s) <= 160:
                out.append(s)
    if not out:
        sys.exit(f"找不到讲话稿文本：{seeds}")
    return out


def roads() -> list[str]:
    rng = random.Random(SEED + 1)
    return sorted({rng.choice(ROAD_A) + rng.choice(ROAD_A) + rng.choice(ROAD_B) for _ in range(3000)})


def make_text(rng, pool, road, district) -> tuple[str, str]:
    body = [rng.choice(pool) for _ in range(rng.randint(8, 30))]
    body.insert(rng.randrange(len(body)), f"{district}{road}片区的有关情况已会同相关部门核实。")
    topic = rng.choice(body)[:rng.randint(6, 14)].rstrip("，、。；：")
    return f"关于{district}{topic}的{rng.choice(TYPES)}", "".join(body)[:1500]


def ensure_people():
    from zhongshu.org.models import OrgUnit, UnitKind, User

    root, _ = OrgUnit.objects.get_or_create(code="BDS", defaults={"name": "示例市人民政府", "short_name": "市政府",
                                                                   "kind": UnitKind.CITY})
    units = [OrgUnit.objects.get_or_create(code=f"BDS-{i:02d}", defaults={
        "name": f"示例市第{i}局", "short_name": f"第{i}局", "kind": UnitKind.DEPARTMENT, "parent": root})[0]
        for i in range(1, UNIT_COUNT + 1)]

    def user(username, unit, role):
        u, new = User.objects.get_or_create(username=username, defaults={"unit": unit, "full_name": username})
        if new:
            u.grant(role)
        return u

    return units, {"office": user(USERS["office"], root, "supervisor"), "clerk": user(USERS["clerk"], root, "doc_clerk"),
                   "liaison": user(USERS["liaison"], units[0], "liaison")}


def unit_weights() -> list[float]:
    raw = [1 / (i + 1) ** 0.8 for i in range(UNIT_COUNT)]
    total = sum(raw)
    acc, out = 0.0, []
    for w in raw[:-1]:
        acc += w / total
        out.append(acc)
    return out


def load(args, units) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from zhongshu.documents.models import IncomingDocument, OutgoingDocument
    from zhongshu.instructions.models import Instruction
    from zhongshu.meetings.models import Minutes
    from zhongshu.search.models import SearchEntry

    table, m2m = SearchEntry._meta.db_table, SearchEntry.units.through._meta.db_table
    have = SearchEntry.objects.count()
    if have == args.entries and not args.reload:
        print(f"复用已有的 {have:,} 条", flush=True)
        return {"reused": True, "entries": have}
    cts = [ContentType.objects.get_for_model(m).pk for m in (IncomingDocument, OutgoingDocument, Instruction, Minutes)]
    n, out = args.entries, {"reused": False, "entries": args.entries, "texts": args.texts}
    print(f"生成 {n:,} 条检索条目（{args.texts:,} 组不同文本）…", flush=True)
    rng = random.Random(SEED)
    pool, all_roads = sentences(), roads()
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        try:
            os.setpriority(os.PRIO_PROCESS, cur.fetchone()[0], 10)
        except (OSError, AttributeError):
            pass
        cur.execute("SET max_parallel_maintenance_workers = 0")
        cur.execute(f"TRUNCATE {table} RESTART IDENTITY CASCADE")
        indexes = drop_secondary_indexes(cur, table) + drop_secondary_indexes(cur, m2m)
        try:
            t0 = time.perf_counter()
            cur.execute("DROP TABLE IF EXISTS bds_text")
            cur.execute("CREATE UNLOGGED TABLE bds_text (id int PRIMARY KEY, title text, body text, vec tsvector)")
            with cur.copy("COPY bds_text (id, title, body) FROM STDIN") as copy:
                for i in range(1, args.texts + 1):
                    copy.write_row((i, *make_text(rng, pool, rng.choice(all_roads), rng.choice(DISTRICTS))))
            cur.execute("UPDATE bds_text SET vec = search_bigrams(title || '  ' || body)")
            out["texts_s"] = time.perf_counter() - t0
            print(f"  文本与检索向量 {out['texts_s']:.0f} s", flush=True)
            unit_ids = [u.pk for u in units]
            cur.execute("SET session_replication_role = replica")
            t1 = time.perf_counter()
            kind_bounds = [sum(w for _, w in KINDS[:i + 1]) for i in range(len(KINDS) - 1)]
            for start in range(1, n + 1, CHUNK):
                stop = min(n, start + CHUNK - 1)
                cur.execute(f"""
    INSERT INTO {table} (id, created_at, updated_at, content_type_id, object_id, kind, title, number, unit_names, body,
                         day, url, search_vec, unit_ids)
    SELECT g, now(), now(), (%s::int[])[k], g, (%s::text[])[k], p.title, num, '', p.body,
           %s::date - (random() * {3 * 365})::int, '/x/' || g || '/',
           p.vec || search_bigrams(num),
           CASE WHEN u2 IS NULL OR u2 = u1 THEN ARRAY[u1] ELSE ARRAY[u1, u2] END
    FROM (SELECT g, width_bucket(random(), %s::float8[]) + 1 AS k, 1 + floor(random() * {args.texts})::int AS pid,
                 '示' || chr(19968 + (g %% 40)) || '发〔' || (2024 + g %% 3) || '〕' || (g / 3 %% 100000) || '号' AS num,
                 (%s::int[])[width_bucket(random(), %s::float8[]) + 1] AS u1,
                 CASE WHEN random() < 0.4 THEN (%s::int[])[1 + floor(random() * {UNIT_COUNT})::int] END AS u2
          FROM generate_series({start}, {stop}) AS g) s
    JOIN bds_text p ON p.id = s.pid
    """, [cts, [k for k, _ in KINDS], date(2026, 12, 1), kind_bounds, unit_ids, unit_weights(), unit_ids])
                cur.execute(f"""
    INSERT INTO {m2m} (searchentry_id, orgunit_id)
    SELECT id, unnest(unit_ids) FROM {table} WHERE id BETWEEN {start} AND {stop}""")
                print(f"  … {stop:,}（{time.perf_counter() - t1:.0f} s）", flush=True)
            cur.execute("SET session_replication_role = DEFAULT")
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {n})")
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{m2m}', 'id'), (SELECT max(id) FROM {m2m}))")
            out["insert_s"] = time.perf_counter() - t1
        finally:  # the indexes come back even when the load fails
            cur.execute("SET maintenance_work_mem = '1GB'")
            t2 = time.perf_counter()
            gin = [d for name, d in indexes if name == "search_searchentry_gin"]
            for name, definition in indexes:
                if name != "search_searchentry_gin":
                    cur.execute(definition)
            out["btree_s"] = time.perf_counter() - t2
            cur.execute("SET maintenance_work_mem = '3GB'")
            t3 = time.perf_counter()
            cur.execute(gin[0] if gin else "CREATE INDEX search_searchentry_gin ON search_searchentry USING gin (search_vec)")
            out["gin_s"] = time.perf_counter() - t3
            print(f"  INSERT {out.get('insert_s', 0):.0f} s，B-tree {out['btree_s']:.0f} s，GIN {out['gin_s']:.0f} s", flush=True)
        cur.execute(f"VACUUM ANALYZE {table}")
        cur.execute(f"VACUUM ANALYZE {m2m}")
        cur.execute(f"""SELECT count(*), count(*) FILTER (WHERE search_vec IS DISTINCT FROM
                          search_bigrams(title || ' ' || number || ' ' || unit_names || ' ' || body))
                        FROM {table} TABLESAMPLE SYSTEM (0.05)""")
        out["checked"], out["differ"] = cur.fetchone()
        cur.execute(f"SELECT pg_size_pretty(pg_relation_size('search_searchentry_gin')), "
                    f"pg_size_pretty(pg_total_relation_size('{table}'))")
        out["gin_size"], out["table_size"] = cur.fetchone()
        cur.execute("DROP TABLE bds_text")
    print(f"  抽查 {out['checked']:,} 行，检索向量不一致 {out['differ']} 行", flush=True)
    if out["differ"]:
        raise SystemExit("检索向量与 search_bigrams 不一致")
    return out


def pick_queries(n: int) -> list[tuple[str, str]]:
    from zhongshu.search.models import SearchEntry

    rng = random.Random(SEED + 2)
    out = [("common", w) for w in COMMON]
    sample = list(SearchEntry.objects.order_by("?").values_list("title", "body", "number")[:n * 2])
    while len(out) < n * 2 // 3:
        title, body, _ = rng.choice(sample)
        text = rng.choice([title[2:], body])
        start = rng.randrange(max(1, len(text) - 8))
        word = "".join(ch for ch in text[start:start + rng.randint(3, 7)] if ch not in "，。、；：“”（）")
        if len(word) >= 3:
            out.append(("phrase", word))
    for road in rng.sample(roads(), n // 6):
        out.append(("rare", road))
    while len(out) < n:
        out.append(("number", rng.choice(sample)[2]))
    return out[:n]


def measure(args, people) -> dict:
    from zhongshu.search.query import search

    queries = pick_queries(args.queries)
    for _, q in queries:  # warm-up
        search(people["office"], q)
    out = {}
    for key, user in people.items():
        times, bands, totals = [], {}, []
        for band, q in queries:
            t = time.perf_counter()
            result = search(user, q)
            ms = (time.perf_counter() - t) * 1000
            assert not result.error, (q, result.error)
            times.append(ms)
            totals.append(result.total)
            bands.setdefault(band, []).append(ms)
        out[key] = {"p50": statistics.median(times), "p95": _p95(times), "max": max(times),
                    "bands": {b: (_p95(v), max(v)) for b, v in bands.items()},
                    "hits_median": statistics.median(totals)}
        print(f"  {key}: p50 {out[key]['p50']:.0f} ms, p95 {out[key]['p95']:.0f} ms, max {out[key]['max']:.0f} ms",
              flush=True)
    return out


def _p95(values):
    values = sorted(values)
    return values[max(0, int(round(0.95 * len(values))) - 1)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench documents_search", description=DESCRIPTION)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--reload", action="store_true")
    args = parser.parse_args(argv)
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    units, people = ensure_people()
    figures = load(args, units)
    print("检索 …", flush=True)
    results = measure(args, people)
    print(f"\n### documents_search — {date.today():%Y-%m-%d}, {platform.node()}, {os.cpu_count()} cores\n")
    print(f"{figures.get('entries'):,} entries ({figures}).\n")
    print("| user | p50 ms | p95 ms | max ms | p95/max by band (common, phrase, rare, number) | median hits |")
    print("|---|---|---|---|---|---|")
    for key, r in results.items():
        bands = ", ".join(f"{b} {p:.0f}/{m:.0f}" for b, (p, m) in r["bands"].items())
        print(f"| {key} | {r['p50']:.0f} | {r['p95']:.0f} | {r['max']:.0f} | {bands} | {r['hits_median']:.0f} |")
    return 0
