"""12345 intake through Open311: `POST /open311/v2/requests.json`, sustained, against PostgreSQL.

    createdb -h 127.0.0.1 -U postgres zs_bench_hl
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zs_bench_hl python -m bench hotline_intake \
        [--seconds 30] [--clients 8] [--servers 2] [--threads 8]

Each request runs the whole intake (intake.receive): validation, the learned suggestions (when a
model file exists: the bench trains one on the shared labelled data if it is there), the duplicate
signature (the candidate lookup, duplicates.likely_duplicates, runs on the ticket and intake pages,
not in this POST), the 工单编号, the 派单 clock, the step and the audit record.
`--servers` stateless `zhongshu serve --no-worker` processes (the production shape: many web
processes) share the load round-robin; `--clients` threads post with keep-alive sessions, each
with its own Idempotency-Key per request. Texts are 留言主题 + 留言详情 of
../shared/data/hotline_unlabelled.csv when present (benches only), else generated.
Prints tickets/second, latency p50/p95/max, errors, and checks the stored counts (tickets,
clocks, audit records) against the number of 201 answers.
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
    key = "bench-open311-key-" + "k" * 20
    ApiClient.objects.get_or_create(name="压测系统", defaults=dict(
        key_hash=hashlib.sha256(key.encode()).hexdigest(), key_hint=key[-4:], channel="api"))
    return key, list(Category.objects.filter(level=2).values_list("id", flat=True))


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
                    " (SELECT coalesce(max(last_seq), 0) FROM audit_chainhead)")
        t, c, a = cur.fetchone()
    connection.close()
    return {"tickets": t, "clocks": c, "audit": a}


def drive(bases, key, codes, items, seconds, clients) -> dict:
    import requests

    lat: list[float] = []
    status: dict[int, int] = {}
    lock = threading.Lock()
    stop = time.perf_counter() + seconds
    cursor = {"n": 0}

    def worker(k):
        with requests.Session() as s:
            while time.perf_counter() < stop:
                with lock:
                    n = cursor["n"]
                    cursor["n"] += 1
                title, detail = items[n % len(items)]
                data = {"api_key": key, "service_code": codes[n % len(codes)], "description": f"{title}。{detail}",
                        "address_string": f"压测市第{n % 40}街道", "phone": f"139{n % 100000000:08d}"}
                t0 = time.perf_counter()
                r = s.post(bases[n % len(bases)] + "/open311/v2/requests.json", data=data,
                           headers={"Idempotency-Key": f"bench-{os.getpid()}-{time.time_ns()}-{n}"})
                dt = time.perf_counter() - t0
                with lock:
                    lat.append(dt)
                    status[r.status_code] = status.get(r.status_code, 0) + 1

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    ok = status.get(201, 0)
    return {"seconds": round(wall, 1), "requests": len(lat), "created": ok, "per_second": round(ok / wall, 1),
            "p50_ms": round(_pct(lat, 50) * 1000, 1), "p95_ms": round(_pct(lat, 95) * 1000, 1),
            "max_ms": round(max(lat or [0]) * 1000, 1), "status": status}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench hotline_intake", description=DESCRIPTION)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8, help="每个服务进程的 waitress 线程数")
    args = parser.parse_args(argv)
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    key, codes = ensure_world()
    model_note = train_model()
    env = dict(os.environ, ZHONGSHU_SECRET_KEY="bench-" + "x" * 50, ZHONGSHU_ALLOWED_HOSTS="127.0.0.1,localhost")
    env.pop("ZHONGSHU_ALLOW_INSECURE_KEY", None)
    exe = os.path.join(os.path.dirname(sys.executable), "zhongshu")
    servers, bases = [], []
    for _ in range(args.servers):
        port = _free_port()
        proc = subprocess.Popen([exe, "serve", "--host", "127.0.0.1", "--port", str(port), "--no-worker",
                                 "--threads", str(args.threads)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, env=env)
        for line in proc.stdout:
            if "中枢已启动" in line:
                break
        else:
            raise SystemExit("服务未启动")
        threading.Thread(target=lambda p=proc: [None for _ in p.stdout], daemon=True).start()
        servers.append(proc)
        bases.append(f"http://127.0.0.1:{port}")
    try:
        items = texts(20_000)
        drive(bases, key, codes, items[:200], 3, args.clients)  # warm-up
        before = counts()
        result = drive(bases, key, codes, items, args.seconds, args.clients)
        after = counts()
    finally:
        for proc in servers:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    result["stored_tickets"] = after["tickets"] - before["tickets"]
    result["stored_clocks"] = after["clocks"] - before["clocks"]
    result["audit_records"] = after["audit"] - before["audit"]
    result["tickets_before"] = before["tickets"]
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "")
    print(f"\n### 12345 受理压测 {datetime.now(SH):%Y-%m-%d %H:%M}（{os.cpu_count()} 核 {cpu}, {platform.python_version()}）")
    print(f"- {model_note}；服务进程 {args.servers} × waitress {args.threads} 线程，客户端 {args.clients} 线程，"
          f"持续 {result['seconds']} s，库中已有工单 {before['tickets']} 张")
    print(f"- 受理 {result['created']} 张：**{result['per_second']} 张/秒**；延迟 p50 {result['p50_ms']} ms、"
          f"p95 {result['p95_ms']} ms、最大 {result['max_ms']} ms；状态码 {result['status']}")
    print(f"- 核对：新增工单 {result['stored_tickets']}、时限 {result['stored_clocks']}、审计记录 {result['audit_records']}")
    ok = result["stored_tickets"] == result["created"] and set(result["status"]) <= {201}
    return 0 if ok else 1
