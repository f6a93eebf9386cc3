"""12345 intake through Open311: `POST /open311/v2/requests.json`, sustained, against PostgreSQL.

    createdb -h 127.0.0.1 -U postgres zs_bench_intake
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zs_bench_intake python -m bench hotline_intake \
        [--seconds 30] [--clients 8] [--servers 2] [--threads 8] [--queue --drainers 1]

Direct (default): each request runs the whole intake (intake.receive): validation, the learned
suggestions (when a model file exists: the bench trains one on the shared labelled data if it is
there), the duplicate signature (the candidate lookup, duplicates.likely_duplicates, runs on the
ticket and intake pages, not in this POST), the 工单编号, the 派单 clock, the step and the audit record.
--queue: the servers run with ZHONGSHU_OPEN311_QUEUE=1 (the POST validates and answers 202 with a
token) and `--drainers` processes of `zhongshu hotline drain` file the tickets in batches; the
figure that counts is then tickets *filed* per second, from the first POST until the last accepted
request is filed, and the bench also reports the queue's backlog and the lag from POST to filing.
`--servers` stateless `zhongshu serve --no-worker` processes (the production shape: many web
processes) share the load round-robin; `--clients` threads post over keep-alive connections
(http.client, light on the CPU the servers share), each with its own Idempotency-Key per request.
Texts are 留言主题 + 留言详情 of ../shared/data/hotline_unlabelled.csv when present (benches only),
else generated. Checks the stored counts (tickets, clocks, audit records) against the answers.
While the POSTs run it reads from /proc the CPU seconds of the web processes, the drainers, the
PostgreSQL processes working for the bench database (its backends and the server's own) and
itself, and the whole machine's busy time (someone else's work on a shared machine shows there),
and prints them per ticket with the load average before and at the end.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from bench.sample_data import shared_data

DESCRIPTION = "12345 受理：Open311 POST requests.json 持续压测（含智能分类、重复检测、时限）"
SH = ZoneInfo("Asia/Shanghai")
DATA = shared_data()


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongshu.settings")
    os.environ.setdefault("ZHONGSHU_ALLOW_INSECURE_KEY", "1")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("请用专用的 PostgreSQL 数据库运行，例如 DATABASE_URL=postgres://postgres@127.0.0.1:5432/zs_bench_hl")
    import django

    django.setup()


def texts(n: int) -> list[tuple[str, str]]:
    path = DATA / "hotline_unlabelled.csv"
    rows = []
    if path.exists():
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                title, detail = (row.get("留言主题") or "").strip(), " ".join((row.get("留言详情") or "").split())
                if detail:
                    rows.append((title[:200], detail[:5000]))
    if not rows:
        rng = random.Random(1)
        rows = [(f"{rng.choice('东西南北')}城区道路问题{i}", f"第{i}号路段路面破损，请尽快修复。") for i in range(1000)]
    return [rows[i % len(rows)] for i in range(n)]


def ensure_world() -> tuple[str, list[int]]:
    """Units, a category tree with its 派单目录, an Open311 key; returns (key, service codes)."""
    import hashlib

    from zhongshu.hotline.catalogue import load_taxonomy
    from zhongshu.hotline.models import ApiClient, CatalogueEntry, Category
    from zhongshu.org.models import OrgUnit, UnitKind

    root, _ = OrgUnit.objects.get_or_create(code="B", defaults=dict(name="压测市人民政府", short_name="压测市",
                                                                      kind=UnitKind.CITY))
    units = []
    for i in range(12):
        u, _ = OrgUnit.objects.get_or_create(code=f"B-{i}", defaults=dict(name=f"压测市第{i}局", short_name=f"第{i}局",
                                                                           parent=root))
        units.append(u)
    groups = ["城乡建设", "环境保护", "交通运输", "教育文体", "劳动和社会保障", "卫生计生", "商贸旅游"]
    load_taxonomy([(g, f"{g}事项{j}") for g in groups for j in range(3)])
    for n, cat in enumerate(Category.objects.filter(level=2).order_by("id")):
        if not CatalogueEntry.objects.filter(category=cat, active=True).exists():
            CatalogueEntry.objects.create(category=cat, unit=units[n % len(units)], basis=f"压测权责清单第 {n} 项")
    _numbers_after_loaded_tickets()
    key = "bench-open311-key-" + "k" * 20
    ApiClient.objects.get_or_create(name="压测系统", defaults=dict(
        key_hash=hashlib.sha256(key.encode()).hexdigest(), key_hint=key[-4:], channel="api"))
    return key, list(Category.objects.filter(level=2).values_list("id", flat=True))


def _numbers_after_loaded_tickets() -> None:
    """Tickets loaded by another bench (hotline_search's 5,000,000, numbered year + 8 digits
    without the numbering series): this year's series is moved past them, as an import would."""
    from django.db.models import Max
    from django.utils import timezone

    from zhongshu.core.models import Sequence
    from zhongshu.hotline.models import Ticket

    year = timezone.localdate().year
    top = Ticket.objects.filter(number__startswith=str(year), number__regex=r"^\d{12}$").aggregate(m=Max("number"))["m"]
    if top:
        row, _ = Sequence.objects.get_or_create(key="hotline.ticket", year=year, defaults=dict(last=0))
        if row.last < int(top[4:]):
            Sequence.objects.filter(pk=row.pk).update(last=int(top[4:]))


def train_model() -> str:
    """A category model trained on the shared labelled data, where it is (benches only)."""
    path = DATA / "hotline_labelled.csv"
    if not path.exists():
        return "（无共享标注数据：智能建议关闭）"
    from zhongshu.hotline import suggest
    from zhongshu.hotline.learning import save, train

    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [(r["text"], r["label"]) for r in csv.DictReader(fh) if r.get("text")]
    model = train([t for t, _ in rows], [label for _, label in rows])
    save(model, suggest.model_path("category"))
    return f"分类模型：{len(rows)} 条标注数据训练"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pct(values, p) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def counts() -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT (SELECT count(*) FROM hotline_ticket), (SELECT count(*) FROM clocks_clock),"
                    " (SELECT coalesce(max(last_seq), 0) FROM audit_chainhead),"
                    " (SELECT count(*) FROM hotline_intakerequest WHERE state = 'queued')")
        t, c, a, q = cur.fetchone()
    connection.close()
    return {"tickets": t, "clocks": c, "audit": a, "queued": q}


def queued() -> int:
    """The queue's length alone (its partial index): what the sampler and the wait ask every 0.1–1 s.
    counts() reads every ticket and clock: 0.36 s a call inside PostgreSQL at 5 M tickets."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM hotline_intakerequest WHERE state = 'queued'")
        return cur.fetchone()[0]


def queue_lag(since) -> dict:
    """POST → filed, over the requests queued since `since` (p50/p95/max seconds) and the last filing."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT extract(epoch FROM filed_at - created_at) FROM hotline_intakerequest"
                    " WHERE created_at >= %s AND state = 'filed'", [since])
        lags = [float(r[0]) for r in cur.fetchall()]
        cur.execute("SELECT max(filed_at), count(*) FILTER (WHERE state = 'failed') FROM hotline_intakerequest"
                    " WHERE created_at >= %s", [since])
        last, failed = cur.fetchone()
    connection.close()
    return {"p50_s": round(_pct(lags, 50), 2), "p95_s": round(_pct(lags, 95), 2),
            "max_s": round(max(lags or [0]), 2), "filed": len(lags), "failed": failed, "last": last}


def drive(bases, key, codes, items, seconds, clients, rate: float | None = None) -> dict:
    """POST for `seconds` with `clients` threads: as fast as the servers answer, or at `rate`
    requests per second in all (request n is sent at start + n / rate, not earlier)."""
    import http.client
    from urllib.parse import urlencode, urlsplit

    lat: list[float] = []
    status: dict[int, int] = {}
    lock = threading.Lock()
    begin = time.perf_counter()
    stop = begin + seconds
    cursor = {"n": 0}

    def worker(k):
        conns = {}
        while time.perf_counter() < stop:
            with lock:
                n = cursor["n"]
                cursor["n"] += 1
            if rate:
                wait = begin + n / rate - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                if time.perf_counter() >= stop:
                    break
            title, detail = items[n % len(items)]
            body = urlencode({"api_key": key, "service_code": codes[n % len(codes)],
                              "description": f"{title}。{detail}", "address_string": f"压测市第{n % 40}街道",
                              "phone": f"139{n % 100000000:08d}"})
            base = bases[n % len(bases)]
            conn = conns.get(base)
            if conn is None:
                url = urlsplit(base)
                conn = conns[base] = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
            t0 = time.perf_counter()
            conn.request("POST", "/open311/v2/requests.json", body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Idempotency-Key": f"bench-{os.getpid()}-{time.time_ns()}-{n}"})
            r = conn.getresponse()
            r.read()
            dt = time.perf_counter() - t0
            with lock:
                lat.append(dt)
                status[r.status] = status.get(r.status, 0) + 1
        for conn in conns.values():
            conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    ok = status.get(201, 0) + status.get(202, 0)
    return {"seconds": round(wall, 1), "requests": len(lat), "created": ok, "per_second": round(ok / wall, 1),
            "p50_ms": round(_pct(lat, 50) * 1000, 1), "p95_ms": round(_pct(lat, 95) * 1000, 1),
            "max_ms": round(max(lat or [0]) * 1000, 1), "status": status}


def _start(args, env, exe, what, nice: int = 0) -> subprocess.Popen:
    prefix = ["nice", "-n", str(nice)] if nice else []
    proc = subprocess.Popen([*prefix, exe, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    for line in proc.stdout:
        if what in line:
            break
    else:
        raise SystemExit(f"进程未启动：{' '.join(args)}")
    threading.Thread(target=lambda p=proc: [None for _ in p.stdout], daemon=True).start()
    return proc


def _cpu_of(pid) -> float:
    """CPU seconds (user + system) a process has used, from /proc; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _postgres_pids(database: str) -> list[int]:
    """PostgreSQL's processes on this machine that work for `database`: its backends and the
    server's own (checkpointer, WAL writer, …), not the backends of other databases."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmd = fh.read().decode(errors="replace")
        except OSError:
            continue
        if not cmd.startswith("postgres"):
            continue
        backend = "(" in cmd  # "postgres: 15/main: user db 127.0.0.1(port) state"
        if not backend or f" {database} " in cmd:
            pids.append(int(entry))
    return pids


def _machine_busy() -> float:
    """CPU seconds the whole machine has spent busy (all cores, everything but idle and iowait)."""
    with open("/proc/stat") as fh:
        ticks = [int(x) for x in fh.readline().split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


class CpuMeter(threading.Thread):
    """CPU seconds used by the web processes, the drainers, PostgreSQL (for the bench database) and
    this load generator between start() and stop(), from /proc (what `ps` shows, finer). The
    PostgreSQL processes are read every half second: a backend that ends in between (the web
    processes close their connections after CONN_MAX_AGE) counts up to its last reading."""

    def __init__(self, servers, drainers, database):
        super().__init__(daemon=True)
        self.groups = {"web": [p.pid for p in servers], "drainer": [p.pid for p in drainers]}
        self.database = database
        self.done = threading.Event()
        self.pg_first: dict[int, float] = {}
        self.pg_last: dict[int, float] = {}

    def _pg(self, first: bool = False) -> None:
        for pid in _postgres_pids(self.database):
            value = _cpu_of(pid)
            if value:
                self.pg_last[pid] = value
                if first:
                    self.pg_first[pid] = value
                else:
                    self.pg_first.setdefault(pid, 0.0)  # started in between: counts from 0

    def _sample(self) -> dict:
        values = {name: sum(_cpu_of(pid) for pid in pids) for name, pids in self.groups.items()}
        values["bench"] = _cpu_of(os.getpid())
        values["machine"] = _machine_busy()
        return values

    def start(self):
        self.first, self.t0 = self._sample(), time.perf_counter()
        self._pg(first=True)
        super().start()

    def run(self):
        while not self.done.wait(0.5):
            self._pg()

    def stop(self) -> dict:
        self.done.set()
        self.join()
        self._pg()
        last, wall = self._sample(), time.perf_counter() - self.t0
        used = {name: last[name] - self.first[name] for name in ("web", "drainer", "bench", "machine")}
        used["postgres"] = sum(self.pg_last[pid] - self.pg_first[pid] for pid in self.pg_last)
        used["wall"] = wall
        return used


class Backlog(threading.Thread):
    """Samples the queue's length once a second while the POSTs run."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[int] = []
        self.done = threading.Event()

    def run(self):
        from django.db import connection

        try:
            while not self.done.wait(1.0):
                self.samples.append(queued())
        finally:
            connection.close()


def _wait_drained(timeout: float) -> float:
    """Seconds until the queue is empty (or the timeout)."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout and queued():
        time.sleep(0.1)
    return time.perf_counter() - t0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench hotline_intake", description=DESCRIPTION)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8, help="每个服务进程的 waitress 线程数")
    parser.add_argument("--queue", action="store_true", help="受理队列：POST 返回 token，由登记进程批量登记")
    parser.add_argument("--drainers", type=int, default=1, help="--queue 时的登记进程数")
    parser.add_argument("--batch", type=int, default=500, help="--queue 时每批登记件数")
    parser.add_argument("--web-nice", type=int, default=0,
                        help="服务进程的 nice 值（如 5：登记进程优先，同 systemd 的 Nice=）")
    parser.add_argument("--rate", type=float, default=None,
                        help="按固定速率提交（件/秒，持续负载）；不给则尽快提交（最大吞吐）")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    setup_django()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    key, codes = ensure_world()
    model_note = train_model()
    from django.db import connection

    with connection.cursor() as cur:  # this machine's PostgreSQL runs with autovacuum off: give the
        cur.execute("VACUUM ANALYZE")  # planner the statistics a production database has
    connection.close()
    env = dict(os.environ, ZHONGSHU_SECRET_KEY="bench-" + "x" * 50, ZHONGSHU_ALLOWED_HOSTS="127.0.0.1,localhost",
               ZHONGSHU_OPEN311_QUEUE="1" if args.queue else "0")
    env.pop("ZHONGSHU_ALLOW_INSECURE_KEY", None)
    exe = os.path.join(os.path.dirname(sys.executable), "zhongshu")
    procs, bases, drainers = [], [], []
    for _ in range(args.servers):
        port = _free_port()
        procs.append(_start(["serve", "--host", "127.0.0.1", "--port", str(port), "--no-worker", "--threads",
                             str(args.threads)], env, exe, "中枢已启动", nice=args.web_nice))
        bases.append(f"http://127.0.0.1:{port}")
    if args.queue:
        for _ in range(args.drainers):
            drainers.append(_start(["hotline", "drain", "--batch", str(args.batch)], env, exe, "受理队列登记已启动"))
    servers, procs = list(procs), procs + drainers
    try:
        items = texts(20_000)
        drive(bases, key, codes, items[:200], 3, args.clients)  # warm-up
        _wait_drained(60)
        before = counts()
        since = timezone.now()
        t0 = time.perf_counter()
        sampler = Backlog()
        if args.queue:
            sampler.start()
        meter = CpuMeter(servers, drainers, connection.settings_dict["NAME"])
        meter.start()
        result = drive(bases, key, codes, items, args.seconds, args.clients, rate=args.rate)
        cpu_used = meter.stop()
        load_during = os.getloadavg()
        sampler.done.set()
        backlog = counts()["queued"]
        drained_after = _wait_drained(600) if args.queue and drainers else 0.0
        end_to_end = time.perf_counter() - t0
        after = counts()
        lag = queue_lag(since) if args.queue and drainers else None
    finally:
        for proc in procs:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    stored = after["tickets"] - before["tickets"]
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "")
    nice = f"（nice {args.web_nice}）" if args.web_nice else ""
    shape = (f"受理队列：服务进程 {args.servers} × waitress {args.threads} 线程{nice} + 登记进程 {args.drainers}（每批 ≤ {args.batch}）"
             if args.queue else f"直接受理：服务进程 {args.servers} × waitress {args.threads} 线程")
    print(f"\n### 12345 受理压测 {datetime.now(SH):%Y-%m-%d %H:%M}（{os.cpu_count()} 核 {cpu}, {platform.python_version()}）")
    print(f"- {model_note}；{shape}；客户端 {args.clients} 线程，持续 {result['seconds']} s，库中已有工单 {before['tickets']} 张")
    if args.rate:
        print(f"- 固定速率提交：{args.rate:g} 件/秒")
    print(f"- 接受 {result['created']} 件：{result['per_second']} 件/秒；延迟 p50 {result['p50_ms']} ms、"
          f"p95 {result['p95_ms']} ms、最大 {result['max_ms']} ms；状态码 {result['status']}")
    if lag is not None:
        print(f"- POST 结束时队列积压 {backlog} 件，{drained_after:.1f} s 后登记完；"
              f"**登记 {stored} 张 / {end_to_end:.1f} s = {stored / end_to_end:.1f} 张/秒（端到端）**；"
              f"POST→登记 p50 {lag['p50_s']} s、p95 {lag['p95_s']} s、最大 {lag['max_s']} s；失败 {lag['failed']}")
        tail = sampler.samples[len(sampler.samples) // 2:]
        print(f"- 队列积压（每秒采样）：最大 {max(sampler.samples or [0])} 件，后半程平均 "
              f"{sum(tail) / max(1, len(tail)):.0f} 件；采样 {sampler.samples}")
    filed_meanwhile = stored - backlog if args.queue else stored
    per = {k: 1000 * v / max(1, result["created"]) for k, v in cpu_used.items() if k not in ("wall", "machine")}
    print(f"- CPU（/proc，提交期间 {cpu_used['wall']:.1f} s，每件 ms，按接受件数）：服务进程 {per['web']:.2f}、"
          f"登记进程 {1000 * cpu_used['drainer'] / max(1, filed_meanwhile):.2f}（按期间登记 {filed_meanwhile} 件）、"
          f"PostgreSQL {per['postgres']:.2f}、压测客户端 {per['bench']:.2f}；"
          f"合计 {sum(cpu_used[k] for k in ('web', 'drainer', 'postgres', 'bench')) / cpu_used['wall']:.2f} 核，"
          f"整机忙 {cpu_used['machine'] / cpu_used['wall']:.2f} 核（含其他进程）")
    print(f"- 负载（1/5/15 分钟）：开始前 {' / '.join(f'{x:.2f}' for x in load_before)}，"
          f"提交结束时 {' / '.join(f'{x:.2f}' for x in load_during)}")
    print(f"- 核对：新增工单 {stored}、时限 {after['clocks'] - before['clocks']}、"
          f"审计记录 {after['audit'] - before['audit']}")
    if args.queue and not drainers:  # the door alone: the requests stay queued for a drain measured apart
        return 0 if set(result["status"]) <= {202} else 1
    ok = stored == result["created"] and set(result["status"]) <= {201, 202} and after["queued"] == 0
    return 0 if ok else 1
