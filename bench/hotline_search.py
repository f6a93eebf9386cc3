"""12345 工单检索 at scale: a Chinese phrase over millions of tickets (target p95 ≤ 200 ms).

    createdb -h 127.0.0.1 -U postgres zs_bench_hl
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zs_bench_hl python -m bench hotline_search \
        [--tickets 5000000] [--streams 2] [--queries 60] [--reload]

1. load: migrates the (dedicated!) database, makes a city of 40 handling units (one busy unit,
   Zipf-like shares), a 热线话务员 and the busy unit's 联络员, then loads --tickets tickets with
   COPY in --streams parallel connections, with the search trigger of migration 0004 on (every
   row's bigram vector is computed by the database, as in production) and the GIN index dropped;
   then builds the GIN index (timed) and ANALYZEs. Texts are resampled from the public message
   board data in ../shared/data (留言主题 / 留言详情: a title with a random road and district put
   in place of the masked A市A1区, a description of 2–6 of the message's sentences, with the road
   name in it), received over three years. The data is read at run time only; nothing of it is
   stored in the project. Reruns reuse the data when it has the asked size.
2. queries: --queries phrases of 2–6 characters: common words (小区, 物业, 噪音 …), words and
   phrases cut from random loaded titles (mid frequency), and rare road names; each run through
   hotline.search.search() (ids, count capped at 1000, the 50 rows, snippets) for the office user
   and for the liaison, after one warm-up pass; p50 / p95 / max per user, per frequency band;
   EXPLAIN ANALYZE of the slowest query.
Prints a Markdown block for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import re
import statistics
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

DESCRIPTION = "热线工单检索：数百万工单中按中文词句检索（p95 ≤ 200 ms）"

SH = ZoneInfo("Asia/Shanghai")
SEED = 12345
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
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
    parser.add_argument("--streams", type=int, default=2, help="并行 COPY 连接数")
    parser.add_argument("--queries", type=int, default=60, help="检索词个数（≥ 50）")
    parser.add_argument("--reload", action="store_true", help="清空后重新载入数据")
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
def load(args, people) -> dict:
    from django.db import connection

    from zhongshu.hotline.models import Ticket

    have = Ticket.objects.count()
    if have == args.tickets and not args.reload:
        print(f"复用已有的 {have:,} 件工单", flush=True)
        return {"reused": True, "tickets": have}
    print(f"载入 {args.tickets:,} 件工单（{args.streams} 路 COPY，触发器计算检索向量）…", flush=True)
    with connection.cursor() as cur:
        cur.execute("TRUNCATE hotline_ticket CASCADE")
        cur.execute("DROP INDEX IF EXISTS hotline_ticket_search_gin")
    connection.close()
    fields = [f for f in Ticket._meta.concrete_fields]
    src = corpus()
    all_roads = roads()
    t0 = time.perf_counter()
    per = -(-args.tickets // args.streams)
    errors: list = []
    threads = [threading.Thread(target=_copy_stream, args=(s, s * per + 1, min(args.tickets, (s + 1) * per),
                                                            fields, src, all_roads, people, errors))
               for s in range(args.streams)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    load_s = time.perf_counter() - t0
    print(f"  COPY {args.tickets:,} 行 {load_s:.0f} s（{args.tickets / load_s:,.0f} 行/s）", flush=True)
    with connection.cursor() as cur:
        cur.execute(f"SELECT setval(pg_get_serial_sequence('hotline_ticket', 'id'), {args.tickets})")
        cur.execute("SET maintenance_work_mem = '2GB'")
        t1 = time.perf_counter()
        cur.execute("CREATE INDEX hotline_ticket_search_gin ON hotline_ticket USING gin (search_vec)")
        gin_s = time.perf_counter() - t1
        print(f"  GIN 索引 {gin_s:.0f} s", flush=True)
        t2 = time.perf_counter()
        cur.execute("VACUUM ANALYZE hotline_ticket")
        analyze_s = time.perf_counter() - t2
    return {"reused": False, "tickets": args.tickets, "load_s": load_s, "gin_s": gin_s, "analyze_s": analyze_s,
            "streams": args.streams}


def _copy_stream(stream, first_id, last_id, fields, src, all_roads, people, errors) -> None:
    import psycopg
    from django.db import connection

    try:
        rng = random.Random(SEED + stream)
        weights = unit_weights()
        unit_ids = [u.pk for u in people.units]
        end = datetime(2026, 11, 30, 18, tzinfo=SH)
        span = 3 * 365 * 86400
        cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        defaults = {f.attname: (f.get_default() if f.has_default() or not f.null else None) for f in fields}
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        params.pop("prepare_threshold", None)
        params.pop("server_side_binding", None)
        with psycopg.connect(**params) as conn, conn.cursor() as cur:
            with cur.copy(f"COPY hotline_ticket ({cols}) FROM STDIN") as copy:
                for pk in range(first_id, last_id + 1):
                    road = rng.choice(all_roads)
                    title, desc = make_text(rng, rng.choice(src), road, rng.choice(DISTRICTS))
                    received = end - timedelta(seconds=int(span * rng.random()))
                    row = dict(defaults)
                    row.update(id=pk, number=f"{received.year}{pk:08d}", title=title, description=desc,
                               caller_name="张先生", caller_phone=f"13{rng.randrange(10**9):09d}", place=road,
                               location=road, state=rng.choice(["dispatched", "accepted", "replied", "closed",
                                                                "closed", "closed"]),
                               received_at=received, created_at=received, updated_at=received,
                               retrieval_code=f"{rng.randrange(10**8):08d}", suggestion="{}",
                               unit_id=rng.choices(unit_ids, weights)[0])
                    copy.write_row([row[f.attname] for f in fields])
                    if pk % 100_000 == 0:
                        print(f"  … {pk:,}", flush=True)
            conn.commit()
    except Exception as exc:  # noqa: BLE001 - reported by the main thread
        errors.append(exc)


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
    from django.db import connection, reset_queries

    from zhongshu.hotline.search import search

    queries = pick_queries(max(50, args.queries))
    per_user = {}
    for label, user in (("office", people.office), ("liaison", people.liaison)):
        user.refresh_from_db()
        for _band, q in queries:  # warm-up
            search(user, q)
        times = []
        for band, q in queries:
            reset_queries()
            t0 = time.perf_counter()
            r = search(user, q)
            ms = (time.perf_counter() - t0) * 1000
            times.append((ms, band, q, r.total_label, len(r.rows)))
        per_user[label] = times
        ms_all = sorted(t[0] for t in times)
        print(f"  {label}: p50 {pct(ms_all, 50):.1f} ms  p95 {pct(ms_all, 95):.1f} ms  max {ms_all[-1]:.1f} ms",
              flush=True)
    slow = max(per_user["liaison"] + per_user["office"], key=lambda t: t[0])
    user = people.liaison if slow in per_user["liaison"] else people.office
    from zhongshu.hotline.models import Ticket
    from zhongshu.hotline.search import _cond, phrases, text_condition

    qs = Ticket.objects.restrict(user).filter(_cond(text_condition(phrases(slow[2])))).order_by(
        "-received_at", "-id").values_list("id", flat=True)[:50]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = "\n".join(r[0] for r in cur.fetchall())
    return {"queries": queries, "per_user": per_user, "slowest": slow, "plan": plan}


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
          f"Run: `python -m bench hotline_search --tickets {args.tickets} --streams {args.streams}`.\n")
    print(f"Data: {d['tickets']:,} tickets, average description {d['avg_len']:.0f} characters, "
          f"40 handling units (the busy unit holds {d['busy']:,}); table with TOAST and indexes "
          f"{d['total'] / gb:.1f} GB (heap {d['heap'] / gb:.1f} GB), GIN index {d['gin'] / gb:.2f} GB, "
          f"(unit_id, received_at) index {d['unit_idx'] / gb:.2f} GB.\n")
    if not ld.get("reused"):
        print(f"Load: COPY with the search trigger on, {ld['streams']} streams: {ld['load_s']:.0f} s "
              f"({ld['tickets'] / ld['load_s']:,.0f} rows/s); GIN build {ld['gin_s']:.0f} s "
              f"(maintenance_work_mem 2 GB); VACUUM ANALYZE {ld['analyze_s']:.0f} s.\n")
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
    print(f"\nSlowest: “{slow[2]}” ({slow[1]}, {slow[3]} matches) {slow[0]:.1f} ms. Its id query:\n")
    print("```\n" + q["plan"] + "\n```")
    print("\nAll queries (ms office / liaison, matches office / liaison):\n")
    off, lia = q["per_user"]["office"], q["per_user"]["liaison"]
    print(", ".join(f"{a[2]} {a[0]:.0f}/{b[0]:.0f} ({a[3]}/{b[3]})" for a, b in zip(off, lia, strict=True)))
    print(f"\nLoad average at the end: {'/'.join(f'{x:.1f}' for x in os.getloadavg())}; "
          f"median of all: {statistics.median(t[0] for t in off + lia):.1f} ms.")


def _num(label: str) -> int:
    return int(str(label).rstrip("+")) + (1 if str(label).endswith("+") else 0)
