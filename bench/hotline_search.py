"""12345 工单检索 at scale: a Chinese phrase over millions of tickets (target p95 ≤ 200 ms).

    createdb -h 127.0.0.1 -U postgres zs_bench_hl
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zs_bench_hl python -m bench hotline_search \
        [--tickets 5000000] [--texts 400000] [--queries 60] [--reload]

1. load: migrates the (dedicated!) database, makes a city of 40 handling units (one busy unit,
   Zipf-like shares), a 热线话务员 and the busy unit's 联络员, then generates the tickets inside
   PostgreSQL: --texts distinct (title, description) pairs are made in Python and COPYed once into a
   work table, where each pair's bigram vector is computed by hotline_bigrams (the very function the
   trigger of migration 0004 calls); INSERT … SELECT over generate_series (chunks of 500,000) then
   draws for each ticket a random pair (its vector copied), a received time over three years, a
   unit and a state. Trigger, FK checks and secondary indexes are off during the load; the B-tree
   indexes and then the GIN index (timed, maintenance_work_mem 3 GB) are built afterwards, and a
   sample of rows is checked: search_vec = hotline_bigrams(title || ' ' || description), what the
   trigger would have stored. The server process of the load runs at nice 10 (shared machine).
   Texts are resampled from the public message board data in ../shared/data (留言主题 / 留言详情: a
   title with a random road and district put in place of the masked A市A1区, a description of 2–6
   of the message's sentences, with the road name in it). The data is read at run time only;
   nothing of it is stored in the project. Reruns reuse the data when it has the asked size.
2. queries: --queries phrases of 2–6 characters: common words (小区, 物业, 噪音 …), words and
   phrases cut from random loaded titles (mid frequency), and rare road names; each run through
   hotline.search.search() (ids, count capped at 1000, the 50 rows, snippets) for the office user
   and for the liaison, after one warm-up pass; p50 / p95 / max per user, per frequency band; which
   statements (recency walks, GIN bitmap page or count) each query took; EXPLAIN ANALYZE of every
   statement of the slowest query; with --verify, every result compared with the one-query plan
   (search._plain).
Prints a Markdown block for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import re
import statistics
import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from bench.pgload import drop_secondary_indexes
from bench.sample_data import shared_data

DESCRIPTION = "热线工单检索：数百万工单中按中文词句检索（p95 ≤ 200 ms）"

SH = ZoneInfo("Asia/Shanghai")
SEED = 12345
DATA = shared_data()
UNIT_COUNT = 40
OFFICE_USER = "bhl_agent"
LIAISON_USER = "bhl_liaison"
ROAD_A = "东西南北中长新兴和平解放人民建设文化光明胜利幸福团结振兴友谊红旗朝阳青年育才梧桐银杏丹桂芙蓉紫荆海棠"
ROAD_B = ["路", "街", "大道", "巷", "二路", "北路", "南路", "西街"]
DISTRICTS = ["东城区", "西城区", "南湖区", "北山区", "新城区", "高新区", "经开区", "临江县", "青石县"]
COMMON = ["小区", "物业", "噪音", "停车", "学校", "施工", "补贴", "拖欠工资", "垃圾", "投诉", "安置", "出租车",
          "违章建筑", "污水", "幼儿园", "公交", "医保", "扰民"]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongshu.settings")
    os.environ.setdefault("ZHONGSHU_ALLOW_INSECURE_KEY", "1")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("请用专用的 PostgreSQL 数据库运行，例如 DATABASE_URL=postgres://postgres@127.0.0.1:5432/zs_bench_hl")
    import django

    django.setup()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench hotline_search", description=DESCRIPTION)
    parser.add_argument("--tickets", type=int, default=5_000_000, help="工单数（默认 500 万）")
    parser.add_argument("--texts", type=int, default=400_000, help="不同的（标题, 详情）文本组数")
    parser.add_argument("--queries", type=int, default=60, help="检索词个数（≥ 50）")
    parser.add_argument("--reload", action="store_true", help="清空后重新载入数据")
    parser.add_argument("--verify", action="store_true", help="逐条与原来的单条查询核对结果（慢）")
    parser.add_argument("--load-only", action="store_true", help="只载入数据并建索引，不检索")
    args = parser.parse_args(argv)
    setup_django()
    if not DATA.exists():
        sys.exit(f"找不到 {DATA}（留言数据只用于测试与压测，不随项目分发）")
    from django.core.management import call_command

    print("迁移数据库…", flush=True)
    call_command("migrate", verbosity=0)
    people = ensure_people()
    results = {"started": datetime.now(SH).isoformat(timespec="minutes")}
    results["load"] = load(args, people)
    if args.load_only:
        return 0
    results["describe"] = describe()
    results["queries"] = measure(args, people)
    report(args, results)
    return 0


# --- people ----------------------------------------------------------------------------------------
class People:
    units: list
    office = None
    liaison = None
    busy = None


def ensure_people() -> People:
    from zhongshu.audit import suppressed
    from zhongshu.org.models import OrgUnit, User

    p = People()
    with suppressed():
        root, _ = OrgUnit.objects.get_or_create(code="BHL-ROOT", defaults={
            "name": "检索压测市人民政府", "short_name": "市政府", "kind": "city"})
        office, _ = OrgUnit.objects.get_or_create(code="BHL-OFFICE", defaults={
            "name": "检索压测市12345热线办", "short_name": "热线办", "kind": "department", "parent": root})
        p.units = []
        for i in range(UNIT_COUNT):
            unit, _ = OrgUnit.objects.get_or_create(code=f"BHL-U{i:02d}", defaults={
                "name": f"检索压测承办单位{i:02d}", "short_name": f"承办{i:02d}", "kind": "department",
                "parent": root})
            p.units.append(unit)
        p.busy = p.units[0]

        def user(username, unit, full_name, role):
            found = User.objects.filter(username=username).first()
            if found is None:
                found = User.objects.create_user(username=username, unit=unit, full_name=full_name)
                found.grant(role)
            return found

        p.office = user(OFFICE_USER, office, "检索话务员", "hotline_agent")
        p.liaison = user(LIAISON_USER, p.busy, "承办00联络员", "liaison")
    return p


def unit_weights() -> list[float]:
    return [1 / (i + 1) ** 0.8 for i in range(UNIT_COUNT)]


# --- texts -------------------------------------------------------------------------------------------
_MASK = re.compile(r"A\d*市|A\d+区|[A-Z]\d+[区县]|西地省")
_SENT = re.compile(r"(?<=[。！？；!?;])")


def corpus() -> list[tuple[str, list[str]]]:
    """(title, sentences) of every message of the two public files, whitespace removed."""
    out = []
    for name in ("hotline_unlabelled.csv", "hotline_messages_with_votes.csv"):
        with open(DATA / name, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                title = "".join((row.get("留言主题") or "").split())
                detail = "".join((row.get("留言详情") or "").split())
                sentences = [s for s in _SENT.split(detail) if s]
                if title and sentences:
                    out.append((title, sentences))
    return out


def roads() -> list[str]:
    return [a + b + c for a in ROAD_A for b in ROAD_A if a != b for c in ROAD_B[:3]]


def make_text(rng: random.Random, source, road: str, district: str) -> tuple[str, str]:
    title, sentences = source
    place = district + road
    title = _MASK.sub("", title) or title
    title = (place + title) if rng.random() < 0.5 else title
    k = rng.randint(2, 6)
    start = rng.randrange(max(1, len(sentences) - k + 1))
    desc = _MASK.sub("", "".join(sentences[start:start + k]))
    desc = f"{place}附近，" + desc if rng.random() < 0.7 else desc + f"地点：{place}。"
    return title[:200], desc[:2000]


# --- loading -----------------------------------------------------------------------------------------
CHUNK = 500_000
STATES = ["dispatched", "accepted", "replied", "closed", "closed", "closed"]


def load(args, people) -> dict:
    """Generate the tickets inside PostgreSQL: --texts distinct (title, description) pairs are made in
    Python and COPYed once into a work table, where each pair's bigram vector is computed by
    hotline_bigrams (the function of migration 0004's trigger); then INSERT … SELECT over
    generate_series in chunks of CHUNK rows draws a random pair, a received time, a unit and a state per
    ticket and copies the pair's vector. The trigger (and FK checks) are off during the load
    (session_replication_role = replica) and the secondary indexes dropped; they are built afterwards,
    the GIN index last (timed on its own). A sample is then checked: search_vec must equal
    hotline_bigrams(title || ' ' || description), i.e. what the trigger would have stored."""
    from django.db import connection

    from zhongshu.hotline.models import Ticket

    have = Ticket.objects.count()
    if have == args.tickets and not args.reload:
        print(f"复用已有的 {have:,} 件工单", flush=True)
        with connection.cursor() as cur:
            cur.execute("SELECT to_regclass('bhl_load')")
            if cur.fetchone()[0]:
                cur.execute("SELECT figures FROM bhl_load WHERE tickets = %s", [have])
                row = cur.fetchone()
                if row:
                    return {**json.loads(row[0]), "reused": True, "reused_load": True}
        return {"reused": True, "tickets": have}
    if have and not args.reload:  # e.g. the intake bench filed tickets into this database since
        sys.exit(f"库中已有 {have:,} 件工单，不是要求的 {args.tickets:,} 件：加 --reload 清空重建（约 35 分钟），"
                 f"或用 --tickets {have} 按现有数据检索")
    n = args.tickets
    table = Ticket._meta.db_table
    print(f"生成 {n:,} 件工单（{args.texts:,} 组不同文本，库内 INSERT … SELECT）…", flush=True)
    out = {"reused": False, "tickets": n, "texts": args.texts}
    with connection.cursor() as cur:
        _nice_backend(cur)
        cur.execute("SET max_parallel_maintenance_workers = 0")  # one core only: the other is shared
        cur.execute(f"TRUNCATE {table} RESTART IDENTITY CASCADE")
        indexes = drop_secondary_indexes(cur, table)
        t0 = time.perf_counter()
        _texts(cur, args.texts)
        out["texts_s"] = time.perf_counter() - t0
        print(f"  文本与检索向量 {out['texts_s']:.0f} s", flush=True)
        t1 = time.perf_counter()
        cur.execute("SET session_replication_role = replica")
        columns, values, params = _insert_columns(people)
        for start in range(1, n + 1, CHUNK):
            stop = min(n, start + CHUNK - 1)
            cur.execute(f"""
INSERT INTO {table} ({columns})
SELECT {values}
FROM (SELECT g, 1 + floor(random() * {args.texts})::int AS pid,
             date_trunc('second', %s::timestamptz - random() * interval '{3 * 365} days') AS rec,
             width_bucket(random(), %s::float8[]) AS ui, 1 + floor(random() * {len(STATES)})::int AS si,
             floor(random() * 1000000000)::bigint AS phone, floor(random() * 100000000)::int AS code
      FROM generate_series({start}, {stop}) AS g) s
JOIN bhl_text p ON p.id = s.pid
""", params)
            print(f"  … {stop:,}（{time.perf_counter() - t1:.0f} s）", flush=True)
        cur.execute("SET session_replication_role = DEFAULT")
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {n})")
        out["insert_s"] = time.perf_counter() - t1
        t2 = time.perf_counter()
        cur.execute("SET maintenance_work_mem = '1GB'")
        gin = [d for name, d in indexes if name == "hotline_ticket_search_gin"]
        for name, definition in indexes:
            if name != "hotline_ticket_search_gin":
                cur.execute(definition)
        out["btree_s"] = time.perf_counter() - t2
        print(f"  INSERT {out['insert_s']:.0f} s，B-tree 索引 {out['btree_s']:.0f} s", flush=True)
        cur.execute("SET maintenance_work_mem = '3GB'")
        t3 = time.perf_counter()
        cur.execute(gin[0] if gin else
                    "CREATE INDEX hotline_ticket_search_gin ON hotline_ticket USING gin (search_vec)")
        out["gin_s"] = time.perf_counter() - t3
        print(f"  GIN 索引 {out['gin_s']:.0f} s", flush=True)
        t4 = time.perf_counter()
        cur.execute(f"VACUUM ANALYZE {table}")
        out["analyze_s"] = time.perf_counter() - t4
        cur.execute(f"""SELECT count(*), count(*) FILTER (WHERE search_vec IS DISTINCT FROM
                               hotline_bigrams(coalesce(title, '') || ' ' || coalesce(description, '')))
                        FROM {table} TABLESAMPLE SYSTEM (0.05)""")
        out["checked"], out["differ"] = cur.fetchone()
        cur.execute("DROP TABLE bhl_text")
        cur.execute("CREATE TABLE IF NOT EXISTS bhl_load (tickets int PRIMARY KEY, figures text)")
        cur.execute("DELETE FROM bhl_load")
        cur.execute("INSERT INTO bhl_load VALUES (%s, %s)", [n, json.dumps(out)])
    print(f"  抽查 {out['checked']:,} 行检索向量，不一致 {out['differ']} 行", flush=True)
    if out["differ"]:
        raise SystemExit("检索向量与 hotline_bigrams 不一致")
    return out


def _nice_backend(cur) -> None:
    """Lower the priority of this connection's server process (the machine is shared)."""
    cur.execute("SELECT pg_backend_pid()")
    try:
        os.setpriority(os.PRIO_PROCESS, cur.fetchone()[0], 10)
    except (OSError, AttributeError):
        pass


def _texts(cur, count: int) -> None:
    """The work table bhl_text(id, title, description, road, vec) of `count` generated texts."""
    rng = random.Random(SEED)
    src = corpus()
    all_roads = roads()
    cur.execute("DROP TABLE IF EXISTS bhl_text")
    cur.execute("CREATE UNLOGGED TABLE bhl_text (id int PRIMARY KEY, title text, description text, road text, "
                "vec tsvector)")
    with cur.copy("COPY bhl_text (id, title, description, road) FROM STDIN") as copy:
        for i in range(1, count + 1):
            road = rng.choice(all_roads)
            title, desc = make_text(rng, rng.choice(src), road, rng.choice(DISTRICTS))
            copy.write_row((i, title, desc, road))
    cur.execute("UPDATE bhl_text SET vec = hotline_bigrams(coalesce(title, '') || ' ' || coalesce(description, ''))")
    cur.execute("VACUUM ANALYZE bhl_text")


def _insert_columns(people) -> tuple[str, str, list]:
    """Column list, SELECT list and parameters of the INSERT: generated values for the columns the
    search looks at, the model's defaults for the rest."""
    from django.db import connection

    from zhongshu.hotline.models import Ticket

    end = datetime(2026, 11, 30, 18, tzinfo=SH)
    weights = unit_weights()
    total = sum(weights)
    cum, acc = [], 0.0
    for w in weights:
        cum.append(acc / total)
        acc += w
    unit_array = "ARRAY[" + ",".join(str(u.pk) for u in people.units) + "]::bigint[]"
    state_array = "ARRAY[" + ",".join(f"'{s}'" for s in STATES) + "]"
    generated = {
        "id": "s.g", "number": "extract(year FROM s.rec AT TIME ZONE 'Asia/Shanghai')::int::text || lpad(s.g::text, 8, '0')",
        "title": "p.title", "description": "p.description", "caller_name": "'张先生'",
        "caller_phone": "'13' || lpad(s.phone::text, 9, '0')", "place": "p.road", "location": "p.road",
        "state": f"({state_array})[s.si]", "received_at": "s.rec", "created_at": "s.rec", "updated_at": "s.rec",
        "retrieval_code": "lpad(s.code::text, 8, '0')", "suggestion": "'{}'::jsonb",
        "unit_id": f"({unit_array})[s.ui]",
    }
    columns, values, params = [], [], [end, cum]
    defaults = []
    for f in Ticket._meta.concrete_fields:
        columns.append(connection.ops.quote_name(f.column))
        if f.column in generated:
            values.append(generated[f.column])
        else:
            default = f.get_default() if f.has_default() or not f.null else None
            values.append("%s")
            defaults.append(f.get_db_prep_save(default, connection))
    columns.append("search_vec")
    values.append("p.vec")
    # the SELECT list's placeholders come first in the statement, then the received time and the units
    return ", ".join(columns), ", ".join(values), defaults + params


def describe() -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("""SELECT pg_total_relation_size('hotline_ticket'), pg_relation_size('hotline_ticket'),
                              pg_relation_size('hotline_ticket_search_gin'), pg_relation_size('hotline_ticket_unit_recv'),
                              (SELECT count(*) FROM hotline_ticket),
                              (SELECT avg(length(description)) FROM (SELECT description FROM hotline_ticket
                                                                     TABLESAMPLE SYSTEM (1)) s),
                              version()""")
        total, heap, gin, unit_idx, n, avg_len, version = cur.fetchone()
        cur.execute("SELECT count(*) FROM hotline_ticket WHERE unit_id = (SELECT id FROM org_orgunit "
                    "WHERE code = 'BHL-U00')")
        busy = cur.fetchone()[0]
    return {"total": total, "heap": heap, "gin": gin, "unit_idx": unit_idx, "tickets": n,
            "avg_len": float(avg_len or 0), "pg": version.split(",")[0], "busy": busy}


# --- queries -----------------------------------------------------------------------------------------
def pick_queries(n: int) -> list[tuple[str, str]]:
    """(band, phrase): common words, phrases cut from random tickets' titles, rare road names."""
    from zhongshu.hotline.models import Ticket

    rng = random.Random(SEED + 99)
    out = [("common", w) for w in COMMON]
    last = Ticket.objects.order_by("-id").values_list("id", flat=True).first() or 1
    cuts = []
    while len(cuts) < max(0, n - len(out) - 12):
        t = Ticket.objects.filter(id=rng.randint(1, last)).values_list("title", flat=True).first()
        if not t:
            continue
        t = re.sub(r"[^\u4e00-\u9fff]", "", t)
        k = rng.randint(2, 6)
        if len(t) > k:
            i = rng.randrange(len(t) - k)
            cuts.append(("title", t[i:i + k]))
    out += cuts
    out += [("rare", r) for r in rng.sample(roads(), 12)]
    return out


def measure(args, people) -> dict:
    from django.db import connection

    from zhongshu.hotline.search import search

    queries = pick_queries(max(50, args.queries))
    per_user = {}
    for label, user in (("office", people.office), ("liaison", people.liaison)):
        user.refresh_from_db()
        for _band, q in queries:  # warm-up
            search(user, q)
        times = []
        for band, q in queries:
            seen: list[str] = []
            with connection.execute_wrapper(_phase_spy(seen)):
                t0 = time.perf_counter()
                r = search(user, q)
                ms = (time.perf_counter() - t0) * 1000
            times.append((ms, band, q, r.total_label, len(r.rows), "+".join(seen)))
        per_user[label] = times
        ms_all = sorted(t[0] for t in times)
        print(f"  {label}: p50 {pct(ms_all, 50):.1f} ms  p95 {pct(ms_all, 95):.1f} ms  max {ms_all[-1]:.1f} ms",
              flush=True)
    slow = max(per_user["liaison"] + per_user["office"], key=lambda t: t[0])
    user = people.liaison if slow in per_user["liaison"] else people.office
    out = {"queries": queries, "per_user": per_user, "slowest": slow, "plan": explain(user, slow[2])}
    if args.verify:
        out["verified"] = verify(queries, people)
    return out


def _phase_spy(seen: list[str]):
    """An execute wrapper noting the statements of search.py's phases: walk, count, bitmap page."""
    def wrapper(execute, sql, params, many, context):
        if "row_number() OVER" in sql:
            seen.append("walk")
        elif sql.startswith("SELECT count(*) FROM (") and "search_vec @@" in sql:
            seen.append("count")
        elif sql.startswith("WITH m AS MATERIALIZED"):
            seen.append("bitmap")
        return execute(sql, params, many, context)
    return wrapper


def explain(user, query: str) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of every phase statement search() runs for `query`, each under the
    settings it runs with (the bitmap ones with seq / index scans off)."""
    from django.db import connection

    from zhongshu.hotline import search as mod

    plans: list[str] = []
    original = mod._bitmap

    def bitmap(sql, params):
        rows = original("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plans.append("-- GIN bitmap statement (enable_seqscan / enable_indexscan off):\n" + "\n".join(r[0] for r in rows))
        return original(sql, params)

    walks: list[tuple] = []

    def wrapper(execute, sql, params, many, context):
        if "row_number() OVER" in sql:
            walks.append((sql, params))
        return execute(sql, params, many, context)

    mod._bitmap = bitmap
    try:
        with connection.execute_wrapper(wrapper):
            mod.search(user, query)
    finally:
        mod._bitmap = original
    with connection.cursor() as cur:
        for sql, params in walks:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plans.insert(0, "-- recency walk statement:\n" + "\n".join(r[0] for r in cur.fetchall()))
    return "\n\n".join(plans)


def verify(queries, people) -> str:
    """Compare search() with the one-query plan of before (search._plain) for every query and user."""
    from zhongshu.hotline import search as mod
    from zhongshu.hotline.models import Ticket

    bad = []
    for user in (people.office, people.liaison):
        for _band, q in queries:
            r = mod.search(user, q)
            words = [w for w in mod.phrases(q) if len(w) >= 2]
            ids, total = mod._plain(user, Ticket.objects.restrict(user), q, words, 50)
            if [h.ticket.pk for h in r.rows] != ids or r.total != total:
                bad.append(f"{user.username}:{q}")
    print(f"  核对：{len(queries) * 2} 次检索与单条查询的结果{'全部一致' if not bad else '不一致：' + ', '.join(bad)}",
          flush=True)
    return "all identical" if not bad else "DIFFERENT: " + ", ".join(bad)


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * len(values) + 0.5) - 1))
    return values[k]


def cpu_model() -> str:
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def report(args, results) -> None:
    d = results["describe"]
    ld = results["load"]
    q = results["queries"]
    mem = ""
    try:
        mem = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB"
    except (ValueError, OSError):
        pass
    gb = 2**30
    print("\n\n---- for bench/RESULTS.md ----\n")
    print(f"## {results['started'][:10]} — hotline_search: 工单检索 over {d['tickets']:,} tickets\n")
    print(f"Machine: {os.cpu_count()} cores ({cpu_model()}), {mem} memory, {platform.platform()}, {d['pg']}. "
          f"Run: `python -m bench hotline_search --tickets {args.tickets} --texts {args.texts}`.\n")
    print(f"Data: {d['tickets']:,} tickets, average description {d['avg_len']:.0f} characters, "
          f"40 handling units (the busy unit holds {d['busy']:,}); table with TOAST and indexes "
          f"{d['total'] / gb:.1f} GB (heap {d['heap'] / gb:.1f} GB), GIN index {d['gin'] / gb:.2f} GB, "
          f"(unit_id, received_at) index {d['unit_idx'] / gb:.2f} GB.\n")
    if "insert_s" in ld:
        print(f"Load (generated in PostgreSQL from {ld['texts']:,} distinct texts): texts + their vectors "
              f"{ld['texts_s']:.0f} s, INSERT … SELECT {ld['insert_s']:.0f} s "
              f"({ld['tickets'] / ld['insert_s']:,.0f} rows/s), B-tree indexes {ld['btree_s']:.0f} s, "
              f"GIN build {ld['gin_s']:.0f} s (maintenance_work_mem 3 GB), VACUUM ANALYZE {ld['analyze_s']:.0f} s; "
              f"search_vec = hotline_bigrams(title || ' ' || description) on all {ld['checked']:,} sampled rows.\n")
    print("| user | queries | p50 | p95 | max |\n|---|---|---|---|---|")
    for label, times in q["per_user"].items():
        ms = sorted(t[0] for t in times)
        print(f"| {label} | {len(ms)} | {pct(ms, 50):.1f} ms | {pct(ms, 95):.1f} ms | {ms[-1]:.1f} ms |")
    print("\n| user | band | queries | p50 | p95 | max | matches (capped) |\n|---|---|---|---|---|---|---|")
    for label, times in q["per_user"].items():
        for band in ("common", "title", "rare"):
            sel = [t for t in times if t[1] == band]
            if not sel:
                continue
            ms = sorted(t[0] for t in sel)
            totals = [t[3] for t in sel]
            print(f"| {label} | {band} | {len(sel)} | {pct(ms, 50):.1f} ms | {pct(ms, 95):.1f} ms | "
                  f"{ms[-1]:.1f} ms | {min(totals, key=_num)}–{max(totals, key=_num)} |")
    slow = q["slowest"]
    if "verified" in q:
        print(f"\nChecked against the one-query plan of before (search._plain), both users, every query: "
              f"{q['verified']}.")
    print("\nStatements per query (walk = recency walk only; walk+count = page from the walk, capped count "
          "from the GIN bitmap; walk+bitmap = page and count from the GIN bitmap):")
    for label, times in q["per_user"].items():
        paths = statistics.multimode([t[5] for t in times])
        counts = {p: sum(1 for t in times if t[5] == p) for p in sorted({t[5] for t in times})}
        print(f"{label}: " + ", ".join(f"{p} {n}" for p, n in counts.items()) + f" (most: {paths[0]})")
    print(f"\nSlowest: “{slow[2]}” ({slow[1]}, {slow[3]} matches, {slow[5]}) {slow[0]:.1f} ms. Its statements:\n")
    print("```\n" + q["plan"] + "\n```")
    print("\nAll queries (ms office / liaison, matches office / liaison):\n")
    off, lia = q["per_user"]["office"], q["per_user"]["liaison"]
    print(", ".join(f"{a[2]} {a[0]:.0f}/{b[0]:.0f} ({a[3]}/{b[3]})" for a, b in zip(off, lia, strict=True)))
    print(f"\nLoad average at the end: {'/'.join(f'{x:.1f}' for x in os.getloadavg())}; "
          f"median of all: {statistics.median(t[0] for t in off + lia):.1f} ms.")


def _num(label: str) -> int:
    return int(str(label).rstrip("+")) + (1 if str(label).endswith("+") else 0)
