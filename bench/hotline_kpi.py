"""12345 热线考核 at scale: the KPI page over 5,000,000 tickets (target p95 ≤ 300 ms).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhongshu_bench python -m bench hotline_kpi \
        [--tickets 5000000] [--days 400] [--units 60] [--requests 30] [--reload]

1. load: creates the (dedicated!) database when missing, migrates it, makes a city of --units
   handling units and a 市长 (city_leader), then generates the tickets in PostgreSQL itself —
   INSERT … SELECT over generate_series in chunks of 500,000 (no rows travel through Python; this
   is faster than COPY from a client), with the search trigger disabled during the load (the
   bigram vector is not what this bench measures; it is left NULL). Tickets are spread evenly
   over the last --days days; 90 % dispatched to a unit, 95 % of those signed for (10 % late),
   ~85 % of the old enough ones closed (unit / direct), 15 % replied late, 70 % called back,
   2,000,000 distinct phone numbers (so repeat calls exist). Then ANALYZE, and the rollup is
   built from scratch (kpi.refresh(full=True)): its wall time is reported.
2. page: the real view through Django's test Client (force_login as the 市长, server-side
   time.perf_counter around client.get, template rendering included), 3 warm-up requests, then
   --requests requests per period: 上周, 本月, a custom 90-day range; p50 / p95 / max and the
   query count. Also the incremental refresh after 1,000 tickets changed, and the live query
   (kpi.report(source="live")) for 上周 for comparison.
Prints a Markdown block for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import timedelta

from bench.pgload import drop_secondary_indexes

DESCRIPTION = "热线考核：500 万工单上的考核页（日汇总）与汇总刷新"
CHUNK = 500_000
MARKER = "bench.hotline_kpi"  # core.Sequence row: last = tickets loaded


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongshu.settings")
    os.environ.setdefault("ZHONGSHU_ALLOW_INSECURE_KEY", "1")
    hosts = os.environ.get("ZHONGSHU_ALLOWED_HOSTS", "localhost,127.0.0.1")
    if "testserver" not in hosts.split(","):
        os.environ["ZHONGSHU_ALLOWED_HOSTS"] = hosts + ",testserver"
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("请用专用的 PostgreSQL 数据库运行，例如 DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhongshu_bench")
    _create_database(url)
    import django

    django.setup()


def _create_database(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    name = name.split("?")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def load(n: int, days: int, n_units: int, reload: bool) -> dict:
    from django.db import connection

    from zhongshu.audit import suppressed
    from zhongshu.core.models import Sequence
    from zhongshu.hotline import kpi
    from zhongshu.hotline.models import KpiDay, Ticket
    from zhongshu.org.models import OrgUnit, User

    with suppressed():
        root, _ = OrgUnit.objects.get_or_create(code="BKP-ROOT", defaults={"name": "压测市人民政府", "short_name": "市政府",
                                                                            "kind": "city"})
        units = []
        for i in range(n_units):
            unit, _ = OrgUnit.objects.get_or_create(code=f"BKP-{i:03d}", defaults={
                "name": f"压测承办单位{i:03d}", "short_name": f"承办{i:03d}", "parent": root})
            units.append(unit.pk)
        mayor = User.objects.filter(username="bkp_mayor").first()
        if mayor is None:
            mayor = User.objects.create_user(username="bkp_mayor", unit=root, full_name="压测市长")
            mayor.grant("city_leader")
    loaded = Sequence.objects.filter(key=MARKER, year=0).values_list("last", flat=True).first() or 0
    out = {"units": n_units, "tickets": n, "load_s": None, "rollup_s": None}
    if loaded == n and not reload:
        out["reused"] = True
        out["rollup_rows"] = KpiDay.objects.count()
        return out
    t0 = time.perf_counter()
    table = Ticket._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"TRUNCATE {table}, {KpiDay._meta.db_table} RESTART IDENTITY CASCADE")
        # load without the secondary indexes, FK checks and triggers (session_replication_role =
        # replica); the indexes are rebuilt afterwards in one pass each
        indexes = drop_secondary_indexes(cur, table)
        cur.execute("SET session_replication_role = replica")
        unit_array = "ARRAY[" + ",".join(str(u) for u in units) + "]::bigint[]"
        for start in range(1, n + 1, CHUNK):
            end = min(n, start + CHUNK - 1)
            cur.execute(f"""
INSERT INTO {table} (created_at, updated_at, number, channel, caller_name, caller_phone, confidential,
  request_type, urgency, location, place, title, description, state, received_at, retrieval_code, unit_id,
  dispatch_basis, dispatched_at, dispatch_final, returns, return_reason, return_text, accepted_at, accepted_late,
  reply, resolution, replied_at, replied_late, closed_at, closed_how, callback_at, satisfaction, unit_at_fault,
  callback_note, round, suspended_from, suggestion, votes)
SELECT now(), now(), NULL, 'phone', '', c.phone, false,
  'complaint', 'normal', '', '', '压测工单', '压测', c.state, c.rec, '000000', c.unit,
  '', CASE WHEN c.unit IS NOT NULL THEN c.rec + interval '1 hour' END, false, 0, '', '',
  CASE WHEN c.acc THEN c.rec + interval '2 hour' END, c.acc AND c.r3 < 0.1,
  '', CASE WHEN c.done THEN (CASE WHEN c.r4 < 0.55 THEN 'solved' WHEN c.r4 < 0.75 THEN 'explained'
                                  WHEN c.r4 < 0.9 THEN 'partly' ELSE 'unsolved' END) ELSE '' END,
  CASE WHEN c.done THEN c.fin END, c.done AND c.r5 < 0.15,
  CASE WHEN c.done THEN c.fin END,
  CASE WHEN c.done THEN (CASE WHEN c.unit IS NULL THEN 'direct' ELSE 'unit' END) ELSE '' END,
  CASE WHEN c.back THEN c.fin + interval '1 day' END,
  CASE WHEN c.back THEN (CASE WHEN c.r6 < 0.7 THEN 'satisfied' WHEN c.r6 < 0.9 THEN 'basic' ELSE 'unsatisfied' END)
       ELSE '' END, false, '', 1, '', '{{}}'::jsonb, 0
FROM (
  SELECT b.*,
    CASE WHEN b.back THEN 'finished' WHEN b.done THEN 'closed' WHEN b.acc THEN 'handling'
         WHEN b.unit IS NOT NULL THEN 'dispatched' ELSE 'received' END AS state
  FROM (
    SELECT a.*, (a.unit IS NULL OR a.acc) AND a.r2 < 0.85 AND a.fin < now() AS done,
           (a.unit IS NULL OR a.acc) AND a.r2 < 0.85 AND a.fin + interval '1 day' < now() AND a.r7 < 0.7 AS back
    FROM (
      SELECT g, rec, r2, r3, r4, r5, r6, r7, unit, '13' || lpad((floor(r8 * 2000000))::int::text, 9, '0') AS phone,
             unit IS NOT NULL AND r1 < 0.95 AS acc, rec + (r2 * 20) * interval '1 day' AS fin
      FROM (
        SELECT g, now() - (g::float8 / {n}) * {days} * interval '1 day' AS rec,
               random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6,
               random() AS r7, random() AS r8,
               CASE WHEN random() < 0.1 THEN NULL
                    ELSE ({unit_array})[1 + floor(power(random(), 1.6) * {len(units)})::int] END AS unit
        FROM generate_series({start}, {end}) AS g
      ) r
    ) a
  ) b
) c
""")
            print(f"  {end:,} tickets, {time.perf_counter() - t0:.0f} s", flush=True)
        cur.execute("SET session_replication_role = DEFAULT")
        out["insert_s"] = round(time.perf_counter() - t0, 1)
        cur.execute("SET maintenance_work_mem = '512MB'")
        for _, definition in indexes:
            cur.execute(definition)
        cur.execute(f"ANALYZE {table}")
    out["load_s"] = round(time.perf_counter() - t0, 1)
    t1 = time.perf_counter()
    kpi.refresh(full=True)
    with connection.cursor() as cur:
        cur.execute(f"ANALYZE {KpiDay._meta.db_table}")
    out["rollup_s"] = round(time.perf_counter() - t1, 1)
    out["rollup_rows"] = KpiDay.objects.count()
    Sequence.objects.update_or_create(key=MARKER, year=0, defaults={"last": n})
    return out


def _stats(times: list[float]) -> dict:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times) + 0.5)) - 1)]
    return {"p50": statistics.median(times), "p95": p95, "max": times[-1]}


def measure(requests: int) -> dict:
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from zhongshu.hotline import kpi
    from zhongshu.hotline.models import Ticket
    from zhongshu.hotline.views.kpi import kpi_context
    from zhongshu.org.models import User

    client = Client()
    client.force_login(User.objects.get(username="bkp_mayor"))
    today = timezone.localdate()
    cases = [("上周（全市）", "period=last_week"), ("本月（全市）", "period=this_month"),
             ("自定义 90 天（全市）", f"period=custom&from={(today - timedelta(days=89)).isoformat()}"
                                    f"&to={today.isoformat()}")]
    results = []
    for label, query in cases:
        url = f"/hotline/kpi/?{query}"
        for _ in range(3):
            assert client.get(url).status_code == 200
        times = []
        for _ in range(requests):
            t = time.perf_counter()
            r = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        ctx_data = kpi_context(None, QueryDict(query), today)
        results.append({"label": label, **_stats(times), "queries": len(ctx.captured_queries),
                        "rows": len(ctx_data["rows"]), "received": ctx_data["total"].counts["received"]})
    if os.environ.get("BENCH_NO_INCREMENTAL"):
        return {"cases": results, "incremental": {"days": "not measured", "s": "-"}, "live_last_week_ms": "-"}
    # incremental refresh after 1,000 tickets of the last 7 days changed (where the day's work is)
    recent = Ticket.objects.filter(received_at__gte=timezone.now() - timedelta(days=7))
    ids = list(recent.order_by("?").values_list("pk", flat=True)[:1000])
    Ticket.objects.filter(pk__in=ids).update(updated_at=timezone.now())
    t = time.perf_counter()
    days = kpi.refresh()
    incr = {"days": days, "s": round(time.perf_counter() - t, 2)}
    t = time.perf_counter()
    kpi.report(kpi.period_of("last_week", today), source="live")
    live_ms = (time.perf_counter() - t) * 1000
    return {"cases": results, "incremental": incr, "live_last_week_ms": round(live_ms)}


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench hotline_kpi", description=DESCRIPTION)
    parser.add_argument("--tickets", type=int, default=5_000_000)
    parser.add_argument("--days", type=int, default=400)
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--reload", action="store_true")
    parser.add_argument("--part", choices=["all", "load", "page"], default="all")
    args = parser.parse_args(argv)
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    data = load(args.tickets, args.days, args.units, args.reload)
    if args.part == "load":
        print(data)
        return 0
    m = measure(args.requests)
    with connection.cursor() as cur:
        cur.execute("SELECT version()")
        pg = cur.fetchone()[0].split(" on ")[0]
    print(f"\nData: {data['tickets']:,} tickets over {args.days} days, {data['units']} units; "
          f"rollup rows {data['rollup_rows']:,}"
          + (f"; load {data['load_s']} s (insert {data['insert_s']} s, then indexes), full rollup build "
             f"{data['rollup_s']} s" if data.get("load_s") else "; reused"))
    print(f"Machine: nproc {os.cpu_count()}, {cpu_model()}, {pg}, Python {platform.python_version()}\n")
    print(f"| KPI page ({args.requests} requests each) | target p95 | p50 | p95 | max | queries | unit rows | tickets received |")
    print("|---|---|---|---|---|---|---|---|")
    for c in m["cases"]:
        print(f"| {c['label']} | ≤ 300 ms | {c['p50']:.1f} ms | {c['p95']:.1f} ms | {c['max']:.1f} ms | {c['queries']} "
              f"| {c['rows']} | {c['received']:,} |")
    print(f"\nIncremental refresh after 1,000 changed tickets of the last 7 days: {m['incremental']['days']} 受理日 rebuilt in "
          f"{m['incremental']['s']} s. Live grouped query (no rollup) for 上周: {m['live_last_week_ms']} ms.")
    return 0
