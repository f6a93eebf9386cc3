"""督查督办 at scale: the ledger with 100,000 tasks, its .xlsx export, and 立项 through the API.

    createdb -h 127.0.0.1 -U postgres zs_bench_sv
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zs_bench_sv python -m bench supervision_ledger \
        [--part all|load|ledger|export|create] [--tasks 100000] [--requests 30] [--reload]

1. load: migrates the (dedicated!) database and loads, with COPY, a year of 督查督办 work of a
   city with 45 units and 2 city leaders: ~33,000 matters of the current year (lead unit chosen
   Zipf-like, so a few units are busy), each with its lead task, its co-unit tasks and 0–3
   milestones — 100,000 tasks in all — and for every assigned task its clocks as the
   transitions would have left them (deadline clock "supervision.task", acceptance clock
   "supervision.accept", the current period's "supervision.report" clock; running / paused /
   done / stopped consistent with the task's state; warn_at from schedule.compute_warn_at and
   next_fire_at from schedule.next_fire_at, as Clock.save and the engine set them), the latest
   progress report of each task that has one, co-unit links and the 立项号 series. Loading
   writes no audit records (COPY bypasses the signals, like audit.suppressed() would): it is
   loading, not work. Reruns reuse the data when it has the asked size.
2. ledger: the real views through Django's test Client (force_login, server-side
   time.perf_counter around client.get), warm-up then --requests requests per page, p50 / p95 /
   max and the query count of each page, for a 督查室 user and for the 联络员 of the busiest
   unit; the API list with a token; the overview. EXPLAIN ANALYZE of the slowest query.
3. export: /supervision/export.xlsx (default: 台账 + 任务明细; and view=tasks) in a fresh
   subprocess each: wall time, peak RSS (ru_maxrss and VmHWM), then the file is opened again
   with openpyxl read_only and its rows counted.
4. create: starts `zhongshu serve --no-worker` on a free port, makes an API token for the 督查室
   user and POSTs 10,000 matters one per request with 1 and with 4 clients (requests.Session
   per thread, keep-alive), then 10,000 through /matters/bulk in batches of 500; checks the
   Matter, Task and AuditRecord counts of each run, then deletes the matters it created (their
   audit records stay) so that the ledger data is the same for the next run.
Prints a Markdown block for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

DESCRIPTION = "督查台账：10 万个任务的台账分页、Excel 导出与接口批量立项"

SH = ZoneInfo("Asia/Shanghai")
SEED = 20260
MARKER = "bench.supervision_ledger"  # core.Sequence row: last = number of tasks loaded

# --- the city --------------------------------------------------------------------------------------
# (code, name, short name, kind, parent code, weight as lead unit)
UNITS = [
    ("BSV-ROOT", "压测市人民政府", "市政府", "city", None, 0),
    ("BSV-BGS", "压测市人民政府办公室", "市政府办", "department", "BSV-ROOT", 0),
    ("BSV-FGW", "市发展和改革委员会", "市发展改革委", "department", "BSV-ROOT", 40),
    ("BSV-ZJJ", "市住房和城乡建设局", "市住建局", "department", "BSV-ROOT", 30),
    ("BSV-JTJ", "市交通运输局", "市交通局", "department", "BSV-ROOT", 26),
    ("BSV-ZRZY", "市自然资源和规划局", "市自然资源规划局", "department", "BSV-ROOT", 22),
    ("BSV-GXJ", "市工业和信息化局", "市工信局", "department", "BSV-ROOT", 20),
    ("BSV-SWJ", "市商务局", "市商务局", "department", "BSV-ROOT", 16),
    ("BSV-NYNC", "市农业农村局", "市农业农村局", "department", "BSV-ROOT", 16),
    ("BSV-STHJ", "市生态环境局", "市生态环境局", "department", "BSV-ROOT", 15),
    ("BSV-JYJ", "市教育局", "市教育局", "department", "BSV-ROOT", 14),
    ("BSV-WJW", "市卫生健康委员会", "市卫健委", "department", "BSV-ROOT", 13),
    ("BSV-RSJ", "市人力资源和社会保障局", "市人社局", "department", "BSV-ROOT", 12),
    ("BSV-SLJ", "市水利局", "市水利局", "department", "BSV-ROOT", 11),
    ("BSV-CZJ", "市财政局", "市财政局", "department", "BSV-ROOT", 10),
    ("BSV-KJJ", "市科学技术局", "市科技局", "department", "BSV-ROOT", 9),
    ("BSV-CGJ", "市城市管理局", "市城管局", "department", "BSV-ROOT", 9),
    ("BSV-SCJG", "市市场监督管理局", "市市场监管局", "department", "BSV-ROOT", 8),
    ("BSV-WLJ", "市文化广电和旅游局", "市文广旅局", "department", "BSV-ROOT", 8),
    ("BSV-MZJ", "市民政局", "市民政局", "department", "BSV-ROOT", 7),
    ("BSV-YJJ", "市应急管理局", "市应急局", "department", "BSV-ROOT", 7),
    ("BSV-SPJ", "市行政审批服务局", "市审批局", "department", "BSV-ROOT", 6),
    ("BSV-GZW", "市国有资产监督管理委员会", "市国资委", "department", "BSV-ROOT", 6),
    ("BSV-SJJ", "市数据局", "市数据局", "department", "BSV-ROOT", 5),
    ("BSV-YBJ", "市医疗保障局", "市医保局", "department", "BSV-ROOT", 5),
    ("BSV-GAJ", "市公安局", "市公安局", "department", "BSV-ROOT", 5),
    ("BSV-SFJ", "市司法局", "市司法局", "department", "BSV-ROOT", 4),
    ("BSV-TZCJ", "市投资促进局", "市投促局", "department", "BSV-ROOT", 4),
    ("BSV-LYJ", "市林业局", "市林业局", "department", "BSV-ROOT", 3),
    ("BSV-TYJ", "市体育局", "市体育局", "department", "BSV-ROOT", 3),
    ("BSV-TJJ", "市统计局", "市统计局", "department", "BSV-ROOT", 3),
    ("BSV-SJ", "市审计局", "市审计局", "department", "BSV-ROOT", 2),
    ("BSV-TYJR", "市退役军人事务局", "市退役军人局", "department", "BSV-ROOT", 2),
    ("BSV-DCQ", "压测市东城区人民政府", "东城区", "county", "BSV-ROOT", 12),
    ("BSV-XCQ", "压测市西城区人民政府", "西城区", "county", "BSV-ROOT", 11),
    ("BSV-NHQ", "压测市南湖区人民政府", "南湖区", "county", "BSV-ROOT", 9),
    ("BSV-BSQ", "压测市北山区人民政府", "北山区", "county", "BSV-ROOT", 8),
    ("BSV-QJX", "青江县人民政府", "青江县", "county", "BSV-ROOT", 8),
    ("BSV-YTX", "云台县人民政府", "云台县", "county", "BSV-ROOT", 7),
    ("BSV-SQX", "石桥县人民政府", "石桥县", "county", "BSV-ROOT", 6),
    ("BSV-GXQ", "压测高新技术产业开发区管委会", "高新区", "zone", "BSV-ROOT", 10),
    ("BSV-DCQ-DG", "东城区东关街道办事处", "东关街道", "township", "BSV-DCQ", 1),
    ("BSV-DCQ-XH", "东城区新华街道办事处", "新华街道", "township", "BSV-DCQ", 1),
    ("BSV-QJX-QJ", "青江县青江镇人民政府", "青江镇", "township", "BSV-QJX", 1),
    ("BSV-QJX-HK", "青江县河口镇人民政府", "河口镇", "township", "BSV-QJX", 1),
]
BUSY = "BSV-FGW"

SOURCES = [("work_report", 15), ("executive_meeting", 20), ("topic_meeting", 15), ("instruction", 25),
           ("document", 10), ("superior", 5), ("proposal", 5), ("hotline", 5)]
CATEGORIES = ["城市建设", "产业发展", "民生保障", "生态环保", "乡村振兴", "营商环境", "社会治理", "科技创新", "改革开放",
              "安全生产"]
VERBS = ["加快推进", "全力推进", "高质量完成", "统筹推进", "扎实推进", "确保完成", "持续推进", "启动实施", "深入开展",
         "全面完成"]
PLACES = ["东部新城", "南湖片区", "老城区", "高新区", "北山工业园", "青江两岸", "云台山", "石桥镇", "火车站片区", "滨江新区",
          "城北", "西城区", "临港物流园", "空港经济区", "河口镇"]
OBJECTS = ["城市快速路二期工程", "老旧小区改造", "污水处理厂提标改造", "城乡供水一体化工程", "中小学校扩容建设",
           "智慧停车项目", "农村人居环境整治", "工业企业技术改造", "重点产业链招商", "“一网通办”改革", "背街小巷整治",
           "生态廊道建设", "保障性租赁住房建设", "公立医院改革", "城市燃气管网更新", "防汛排涝设施建设",
           "新能源汽车充电设施布局", "高标准农田建设", "历史文化街区保护利用", "养老服务体系建设",
           "12345热线诉求办理", "安全生产专项整治", "营商环境优化提升行动", "数字经济园区建设", "河道综合治理"]
STAGES = ["完成可行性研究和立项审批", "完成初步设计和概算批复", "完成征地拆迁", "完成施工招标", "开工建设", "完成主体工程",
          "完成设备安装调试", "完成竣工验收", "完成年度投资计划的一半", "形成阶段性成果并报送"]
PROGRESS_TEXT = ["已完成项目前期手续，正在组织施工单位进场，按计划推进。", "主体工程完成约{p}%，本月新增投资{n}万元，现场施工有序。",
                 "已召开专题协调会，明确责任分工和时间节点，正在逐项落实。", "完成年度目标任务的{p}%，下一步将加快审批、倒排工期。",
                 "已完成方案编制并征求相关部门意见，近期提请政府常务会议研究。", "受资金拨付进度影响略有滞后，已与财政部门对接，争取本月解决。"]
LEADERS = [("bsv_mayor", "陈立新"), ("bsv_vice", "刘海洋")]
OFFICE_USER = "bsv_office"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongshu.settings")
    os.environ.setdefault("ZHONGSHU_ALLOW_INSECURE_KEY", "1")
    hosts = os.environ.get("ZHONGSHU_ALLOWED_HOSTS", "localhost,127.0.0.1")
    if "testserver" not in hosts.split(","):
        os.environ["ZHONGSHU_ALLOWED_HOSTS"] = hosts + ",testserver"
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("请用专用的 PostgreSQL 数据库运行，例如 DATABASE_URL=postgres://postgres@127.0.0.1:5432/zs_bench_sv")
    import django

    django.setup()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench supervision_ledger", description=DESCRIPTION)
    parser.add_argument("--part", default="all", choices=["all", "load", "ledger", "export", "create"])
    parser.add_argument("--tasks", type=int, default=100_000, help="任务数（默认 10 万）")
    parser.add_argument("--requests", type=int, default=30, help="每个页面测量的请求数")
    parser.add_argument("--create", type=int, default=10_000, help="接口立项的事项数（每种方式）")
    parser.add_argument("--bulk", type=int, default=500, help="批量立项每批的事项数")
    parser.add_argument("--reload", action="store_true", help="清空后重新载入数据")
    parser.add_argument("--worker-export", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    setup_django()
    if args.worker_export:
        return export_worker(args.worker_export)
    results = {"started": datetime.now(SH).isoformat(timespec="minutes")}
    from django.core.management import call_command

    print("迁移数据库…", flush=True)
    call_command("migrate", verbosity=0)
    people = ensure_people()
    results["load"] = load(args, people)
    if args.part in ("all", "ledger"):
        results["ledger"] = measure_ledger(args, people)
    if args.part in ("all", "export"):
        results["export"] = measure_export(people)
    if args.part in ("all", "create"):
        results["create"] = measure_create(args, people)
    report(args, results)
    out = os.environ.get("BENCH_JSON")
    if out:
        with open(out, "w") as fh:
            json.dump(results, fh, ensure_ascii=False, indent=1, default=str)
    return 0 if results.get("create", {}).get("ok", True) else 1


def load_avg() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


# --- people ----------------------------------------------------------------------------------------
class People:
    units: dict  # code -> OrgUnit
    office_user = None
    liaison = None
    leaders: list


def ensure_people() -> People:
    from zhongshu.audit import suppressed
    from zhongshu.org.models import OrgUnit, User

    p = People()
    p.units = {}
    with suppressed():
        for code, name, short, kind, parent, _w in UNITS:
            unit, _ = OrgUnit.objects.get_or_create(code=code, defaults={
                "name": name, "short_name": short, "kind": kind, "parent": p.units.get(parent)})
            p.units[code] = unit

        def user(username, unit, full_name, *roles):
            found = User.objects.filter(username=username).first()
            if found is None:
                found = User.objects.create_user(username=username, unit=unit, full_name=full_name)  # no password
                found.grant(*roles)
            return found

        p.office_user = user(OFFICE_USER, p.units["BSV-BGS"], "王督查", "supervisor")
        user("bsv_head", p.units["BSV-BGS"], "赵主任", "supervision_head", "supervisor")
        p.leaders = [user(u, p.units["BSV-ROOT"], n, "city_leader") for u, n in LEADERS]
        for code, _name, short, _kind, _parent, _w in UNITS[2:]:
            unit = p.units[code]
            user(f"bsv_l_{code[4:].lower()}", unit, f"{short}联络员", "liaison")
            user(f"bsv_ul_{code[4:].lower()}", unit, f"{short}负责人", "unit_leader")
        p.liaison = User.objects.get(username=f"bsv_l_{BUSY[4:].lower()}")
    return p


# --- loading -----------------------------------------------------------------------------------------
def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59),
                    tzinfo=SH)


def load(args, people) -> dict:
    from django.db import connection

    from zhongshu.core.models import Sequence
    from zhongshu.supervision.models import Task

    marker = Sequence.objects.filter(key=MARKER, year=0).values_list("last", flat=True).first()
    if not args.reload and marker == args.tasks and Task.objects.count() == args.tasks:
        print(f"复用已有的 {args.tasks:,} 个任务", flush=True)
        return describe_data()
    wipe()
    t0 = time.perf_counter()
    counts = generate_and_copy(args.tasks, people)
    elapsed = time.perf_counter() - t0
    with connection.cursor() as cur:
        for table in ("supervision_matter", "supervision_task", "supervision_matter_co_units", "clocks_clock",
                      "supervision_progressreport"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {table}))")
        cur.execute("VACUUM ANALYZE supervision_matter, supervision_task, supervision_matter_co_units, "
                    "clocks_clock, supervision_progressreport")
    Sequence.objects.update_or_create(key=MARKER, year=0, defaults={"last": args.tasks})
    print(f"载入 {counts} 用时 {elapsed:.1f} s", flush=True)
    info = describe_data()
    info["load_seconds"] = round(elapsed, 1)
    return info


def wipe() -> None:
    from django.db import connection

    print("清空督查督办与时限数据…", flush=True)
    with connection.cursor() as cur:
        cur.execute("TRUNCATE supervision_matter, supervision_matter_co_units, supervision_task, "
                    "supervision_progressreport, supervision_extensionrequest, supervision_coordinationrequest, "
                    "supervision_returnrequest, supervision_completionrequest, supervision_recheck, "
                    "supervision_supervisiondoc, clocks_rungfiring, clocks_clockevent, clocks_clock "
                    "RESTART IDENTITY CASCADE")
        cur.execute("DELETE FROM core_sequence WHERE key IN ('supervision.matter', %s)", [MARKER])
        cur.execute("DELETE FROM notify_notice WHERE kind LIKE 'supervision.%%' OR kind LIKE 'clock.%%'")


class Ids:
    def __init__(self):
        self.n = 0

    def next(self) -> int:
        self.n += 1
        return self.n


def generate_and_copy(total_tasks: int, people) -> str:
    """Build every row in Python (explicit ids, so that foreign keys need no round trip) and COPY them."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from zhongshu.clocks.limits import Limit, compute_due
    from zhongshu.clocks.models import Clock
    from zhongshu.clocks.schedule import compute_warn_at, next_fire_at
    from zhongshu.supervision import cycles
    from zhongshu.supervision.models import Task
    from zhongshu.workcal.calc import get_calendar

    rng = random.Random(SEED)
    cal = get_calendar()
    now = datetime.now(SH)
    today = now.date()
    year = today.year
    window_start = max(date(year, 1, 4), today - timedelta(days=330))
    window_days = max(7, (today - window_start).days - 1)
    task_ct = ContentType.objects.get_for_model(Task).pk
    supervisor = people.office_user
    leaders = [u.pk for u in people.leaders]
    lead_choices = [(people.units[c].pk, w) for c, *_rest, w in UNITS if w]
    unit_ids = [u for u, _ in lead_choices]
    unit_weights = [w for _, w in lead_choices]
    short = {people.units[c].pk: s for c, _n, s, *_ in UNITS}
    liaison_of = {}
    from zhongshu.org.models import User

    for u in User.objects.filter(username__startswith="bsv_l_"):
        liaison_of[u.unit_id] = u.pk

    matters, links, tasks, clocks, reports = [], [], [], [], []
    mid, lid, tid, cid, rid = Ids(), Ids(), Ids(), Ids(), Ids()
    this_month = cycles.period_containing("monthly", 25, today, cal)
    prev_month = cycles.period_containing("monthly", 25, date(today.year, today.month, 1) - timedelta(days=1), cal)

    clock_fields = {f.attname for f in Clock._meta.concrete_fields}

    def clock_row(task_id, kind, title, unit_id, started, limit, state, *, leader_id, progress=0, completed=None,
                  paused=None, escalated=False, flagged=False, tracks_progress=True):
        reason = "交办" if kind != "supervision.report" else "填报周期"
        due = compute_due(limit, started, cal, what=reason)
        c = Clock(kind=kind, title=title[:300], started_at=started, due_at=due.at, progress=progress, state=state,
                  escalated=escalated, flagged=flagged)
        limit.store_on(c)
        if "tracks_progress" in clock_fields:  # a newer clocks app: acceptance and report clocks have no progress
            c.tracks_progress = tracks_progress
        if "pause_reason" in clock_fields and state == "paused":
            c.pause_reason = "办结申请审核中"
        c.warn_at = compute_warn_at(c)
        c.next_fire_at = next_fire_at(c, now, cal) if state == "running" else None
        pk = cid.next()
        clocks.append(dict(vars(c), id=pk, created_at=started, updated_at=completed or paused or started,
                           object_id=task_id, start_reason=reason, due_explanation=due.explanation,
                           fallback_years=list(due.fallback_years), completed_at=completed, paused_at=paused,
                           assigned_by_id=supervisor.pk, content_type_id=task_ct, leader_id=leader_id,
                           unit_id=unit_id))
        return pk, due.at

    n_matters = 0
    while len(tasks) < total_tasks:
        n_matters += 1
        m_id = mid.next()
        number = f"{year}-{n_matters:04d}"
        source = _weighted(rng, SOURCES)
        category = rng.choice(CATEGORIES)
        title = f"{rng.choice(VERBS)}{rng.choice(PLACES)}{rng.choice(OBJECTS)}"
        lead = rng.choices(unit_ids, unit_weights)[0]
        n_co = _weighted(rng, [(0, 30), (1, 30), (2, 25), (3, 10), (4, 5)])
        co = []
        while len(co) < n_co:
            u = rng.choices(unit_ids, unit_weights)[0]
            if u != lead and u not in co:
                co.append(u)
        n_ms = _weighted(rng, [(0, 55), (1, 20), (2, 15), (3, 10)])
        room = total_tasks - len(tasks)
        co = co[:max(0, room - 1)]
        n_ms = min(n_ms, max(0, room - 1 - len(co)))
        leader = rng.choice(leaders) if rng.random() < 0.9 else None
        fate = rng.random()
        registered = window_start + timedelta(days=rng.randrange(window_days))
        if fate < 0.03:  # 待交办: registered in the last days, not assigned yet
            registered = today - timedelta(days=rng.randint(0, 8))
        assigned_at = None if fate < 0.03 else _moment(registered, rng) + timedelta(hours=rng.randint(1, 30))
        if assigned_at is not None and assigned_at > now:
            assigned_at = now - timedelta(hours=rng.randint(1, 6))
        created = _moment(registered, rng)
        if created > now:
            created = now - timedelta(hours=8)
        if source == "work_report":
            deadline = date(year, 12, 31)
        else:
            deadline = registered + timedelta(days=rng.choice([15, 30, 45, 60, 90, 120, 180, 240]) + rng.randint(-5, 5))
        deadline = max(deadline, registered + timedelta(days=7))
        suspended = 0.03 <= fate < 0.045
        flagged = rng.random() < 0.02 and not suspended and assigned_at is not None
        cycle = _weighted(rng, [("monthly", 85), ("quarterly", 10), ("none", 5)])
        state = "draft" if assigned_at is None else ("suspended" if suspended else "active")

        top = []  # (task id, unit id, role) of top-level tasks
        task_rows = []
        lead_progress = 0
        latest_text, latest_at = "", None
        for sort, (unit_id, role) in enumerate([(lead, "lead")] + [(u, "co") for u in co]):
            t_id = tid.next()
            t = dict(id=t_id, role=role, title=title, ms=False, deadline=deadline, progress=0, state="draft",
                     sort=0 if role == "lead" else 99 + sort, assigned_at=assigned_at, accepted_at=None, late=False,
                     completed_at=None, report_period="", accept_clock=None, accepted_by=None, clock=None,
                     latest_report=None, parent=None, report_clock=None, unit=unit_id)
            task_rows.append(t)
            top.append(t)
        lead_task = top[0]
        for i in range(1, n_ms + 1):
            task_rows.append(dict(lead_task, id=tid.next(), title=rng.choice(STAGES), ms=True, sort=i,
                                  parent=lead_task["id"], deadline=None))
        # states, clocks, reports
        span = (deadline - registered).days or 1
        for t in task_rows:
            if t["ms"]:
                k = t["sort"]
                t["deadline"] = registered + timedelta(days=max(3, span * k // (n_ms + 1)))
            t["assigned_at"] = assigned_at
        if state == "draft":
            for t in task_rows:
                t["assigned_at"] = None
        else:
            mtitle = title
            for t in top:
                unit_id = t["unit"]
                t_title = mtitle
                # 签收
                if state == "suspended":
                    t["state"] = "suspended"
                elif now - assigned_at < timedelta(days=1) and rng.random() < 0.6 or rng.random() < 0.015:
                    t["state"] = "assigned"
                else:
                    t["state"] = "in_progress"
                accept_limit = Limit.workdays(1)
                accept_due = compute_due(accept_limit, assigned_at, cal).at
                if t["state"] == "in_progress":
                    late = rng.random() < 0.06
                    acc = (accept_due + timedelta(hours=rng.randint(2, 48)) if late
                           else assigned_at + timedelta(minutes=rng.randint(20, 20 * 60)))
                    acc = min(acc, now - timedelta(minutes=5), accept_due if not late else now)
                    t["accepted_at"], t["late"], t["accepted_by"] = acc, acc > accept_due, liaison_of.get(unit_id)
                    a_pk, _ = clock_row(t["id"], "supervision.accept", f"签收：{t_title}", unit_id, assigned_at,
                                        accept_limit, "done", leader_id=leader, completed=acc, tracks_progress=False)
                elif t["state"] == "assigned":
                    a_pk, _ = clock_row(t["id"], "supervision.accept", f"签收：{t_title}", unit_id, assigned_at,
                                        accept_limit, "running", leader_id=leader, tracks_progress=False)
                else:
                    a_pk, _ = clock_row(t["id"], "supervision.accept", f"签收：{t_title}", unit_id, assigned_at,
                                        accept_limit, "stopped", leader_id=leader, tracks_progress=False)
                t["accept_clock"] = a_pk
            for t in task_rows:
                fill_task(t, lead_task, deadline, assigned_at, now, today, rng, state)
                unit_id = t["unit"]
                t_title = mtitle if not t["ms"] else f"{mtitle}：{t['title']}"[:300]
                clock_state = {"assigned": "running", "in_progress": "running", "returned": "running",
                               "review": "paused", "done": "done", "suspended": "stopped"}[t["state"]]
                overdue_days = (today - t["deadline"]).days
                escalated = clock_state == "running" and overdue_days > 7  # the 督办 rung fired
                t["clock"], _ = clock_row(
                    t["id"], "supervision.task", t_title, unit_id, assigned_at, Limit.on(t["deadline"]), clock_state,
                    leader_id=leader, progress=t["progress"], completed=t["completed_at"],
                    paused=t.get("paused_at"), escalated=escalated, flagged=flagged and clock_state == "running",
                    tracks_progress=not t["ms"])  # milestones report no progress
                if t["ms"]:
                    continue
                if (cycle == "monthly" and t["state"] in ("in_progress", "review", "done", "returned")
                        and t["accepted_at"] and t["accepted_at"] < now - timedelta(days=15)):
                    submitted = datetime.combine(prev_month.due_on - timedelta(days=1),
                                                 datetime.min.time(), SH) + timedelta(hours=10)
                    if submitted > t["accepted_at"] and submitted < now:
                        r_id = rid.next()
                        text = rng.choice(PROGRESS_TEXT).format(p=t["progress"], n=rng.randint(50, 5000))
                        reports.append(dict(
                            id=r_id, created_at=submitted, updated_at=submitted, period=prev_month.key,
                            period_label=prev_month.label, due_on=prev_month.due_on, progress=min(t["progress"], 99),
                            done=text, problems="", needs_coordination=False, next_steps="按计划推进下一阶段工作。",
                            handler="张经办", phone="0571-8888" + f"{rng.randint(0, 9999):04d}", submitted_at=submitted,
                            on_time=rng.random() < 0.9, submitted_by_id=liaison_of.get(unit_id), task_id=t["id"]))
                        t["latest_report"] = r_id
                        if t is lead_task or not latest_text:
                            latest_text = f"【{short[unit_id]} {prev_month.label}】{text}"
                            latest_at = submitted
                if (cycle == "monthly" and t["state"] == "in_progress" and this_month.due_on >= today
                        and this_month.due_on <= t["deadline"]):
                    t["report_clock"], _ = clock_row(
                        t["id"], "supervision.report", f"{this_month.label}进展：{mtitle}", unit_id,
                        max(t["accepted_at"], now - timedelta(days=20)), Limit.on(this_month.due_on), "running",
                        leader_id=leader, tracks_progress=False)
                    t["report_period"] = this_month.key
                elif t["state"] == "in_progress" and cycle == "monthly" and this_month.due_on < today:
                    t["report_period"] = ""
        # matter state and progress (rollup.refresh_matter's rules)
        live = [t for t in task_rows if t["state"] != "suspended"]
        top_live = [t for t in top if t["state"] != "suspended"]
        progress = round(sum(t["progress"] for t in top_live) / len(top_live)) if top_live else 0
        closed_at = rating = None
        rated_at = None
        if state == "active" and live and all(t["state"] == "done" for t in live):
            state = "awaiting_close"
            last_done = max(t["completed_at"] for t in live)
            if rng.random() < 0.6 and last_done < now - timedelta(days=3):
                state = "closed"
                closed_at = last_done + timedelta(days=rng.randint(1, 3))
                closed_at = min(closed_at, now - timedelta(hours=1))
                rating = _weighted(rng, [("excellent", 30), ("good", 50), ("fair", 17), ("poor", 3)])
                rated_at = closed_at
        lead_progress = progress
        matters.append(dict(
            id=m_id, created_at=created, updated_at=latest_at or assigned_at or created, number=number, year=year,
            title=title, source=source, source_ref=f"{year}年市政府工作报告" if source == "work_report" else "",
            category=category,
            target=f"{deadline:%Y年%m月}底前完成{rng.choice(STAGES)[2:]}" if rng.random() < 0.7 else "",
            deadline=deadline, report_cycle=cycle, report_day=25,
            importance=_weighted(rng, [("normal", 70), ("key", 25), ("major", 5)]),
            method=_weighted(rng, [("itemized", 80), ("joint", 10), ("special", 5), ("onsite", 5)]), state=state,
            progress=lead_progress, flagged=flagged, latest_progress=latest_text, latest_progress_at=latest_at,
            assigned_at=assigned_at, closed_at=closed_at, rating=rating or "",
            rating_comment="" if not rating else "按期完成，成效明显。", rated_at=rated_at, recheck_months=3,
            suspended_reason="" if state != "suspended" else "上级政策调整，事项中止。",
            assigned_by_id=supervisor.pk if assigned_at else None, closed_by_id=supervisor.pk if closed_at else None,
            lead_unit_id=lead, leader_id=leader, rated_by_id=supervisor.pk if rated_at else None,
            registered_by_id=supervisor.pk))
        for u in co:
            links.append(dict(id=lid.next(), matter_id=m_id, orgunit_id=u))
        for t in task_rows:
            tasks.append(dict(
                id=t["id"], created_at=created, updated_at=t.get("updated") or created, role=t["role"], title=t["title"],
                is_milestone=t["ms"], deadline=t["deadline"], progress=t["progress"], state=t["state"], sort=t["sort"],
                assigned_at=t["assigned_at"], accepted_at=t["accepted_at"], accepted_late=t["late"],
                completed_at=t["completed_at"], report_period=t["report_period"], accept_clock_id=t["accept_clock"],
                accepted_by_id=t["accepted_by"], clock_id=t["clock"], latest_report_id=t["latest_report"],
                matter_id=m_id, parent_id=t["parent"], report_clock_id=t["report_clock"], unit_id=t["unit"]))
    _copy_all(connection, transaction, matters, links, tasks, clocks, reports)
    with connection.cursor() as cur:
        cur.execute("INSERT INTO core_sequence (key, year, last) VALUES ('supervision.matter', %s, %s) "
                    "ON CONFLICT (key, year) DO UPDATE SET last = EXCLUDED.last", [year, n_matters])
    return (f"{len(matters):,} 个事项、{len(tasks):,} 个任务、{len(links):,} 条配合单位、{len(clocks):,} 个时限、"
            f"{len(reports):,} 条进展")


def fill_task(t, lead_task, deadline, assigned_at, now, today, rng, matter_state) -> None:
    """The task's state, progress and completion as its unit would have left it by now."""
    if matter_state == "suspended":
        t["state"] = "suspended"
        return
    if t["ms"]:
        parent = lead_task
        t["accepted_at"], t["accepted_by"] = parent["accepted_at"], parent["accepted_by"]
        if parent["state"] == "assigned":
            t["state"] = "assigned"
            return
    elif t["state"] == "assigned":
        return
    d = t["deadline"]
    start = assigned_at.date()
    share = (today - start).days / max(1, (d - start).days)
    r = rng.random()
    if t["ms"] and lead_task.get("_final") == "done":
        kind = "done"
    elif d < today:  # deadline passed
        kind = "done" if r < 0.86 else "review" if r < 0.90 else "returned" if r < 0.91 else "open"
    else:
        p_done = 0.35 * share * share
        kind = "done" if r < p_done else "review" if r < p_done + 0.04 else "returned" if r < p_done + 0.045 else "open"
    end = datetime.combine(d, datetime.max.time().replace(microsecond=0), SH)
    if kind in ("done", "review"):
        on_time = rng.random() < 0.85 or d >= today
        lo = assigned_at + timedelta(days=max(1, (d - start).days // 2))
        hi = min(end, now - timedelta(hours=2))
        if not on_time:
            lo, hi = end + timedelta(hours=1), min(end + timedelta(days=rng.randint(1, 20)), now - timedelta(hours=2))
        if hi <= lo:
            lo = max(assigned_at + timedelta(hours=1), hi - timedelta(days=1))
        when = lo + (hi - lo) * rng.random()
        when = max(when, (t["accepted_at"] or assigned_at) + timedelta(minutes=30))
        when = min(when, now - timedelta(minutes=10))
        if kind == "done":
            t["state"], t["progress"], t["completed_at"] = "done", 100, when
        else:
            t["state"], t["progress"], t["paused_at"] = "review", rng.randint(85, 95), when
        t["updated"] = when
    else:
        t["state"] = "returned" if kind == "returned" else "in_progress"
        t["progress"] = max(0, min(95, int(share * 100 + rng.gauss(-5, 18))))
    if not t["ms"] and t is lead_task:
        t["_final"] = t["state"]


def _copy_all(connection, transaction, matters, links, tasks, clocks, reports) -> None:
    """COPY the rows (dicts by column), every column of the model as it is now: a column the
    generator does not know gets the field's default, so a new field does not break the load."""
    from zhongshu.clocks.models import Clock
    from zhongshu.supervision.models import Matter, ProgressReport, Task

    plan = [(Matter, matters), (Matter.co_units.through, links), (Clock, clocks), (ProgressReport, reports),
            (Task, tasks)]
    with transaction.atomic(), connection.cursor() as cur:
        for model, rows in plan:
            fields = model._meta.concrete_fields
            defaults = {f.attname: (f.get_default() if f.has_default() or not f.null else None) for f in fields}
            json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
            cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            t0 = time.perf_counter()
            with cur.cursor.copy(f"COPY {model._meta.db_table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    values = []
                    for f in fields:
                        v = row.get(f.attname, defaults[f.attname])
                        values.append(json.dumps(v, ensure_ascii=False) if f.attname in json_fields else v)
                    copy.write_row(values)
            print(f"  {model._meta.db_table}: {len(rows):,} 行 {time.perf_counter() - t0:.1f} s", flush=True)


def describe_data() -> dict:
    """What is in the database now: sizes, and the lights as the ledger computes them."""
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from zhongshu.clocks.models import Clock
    from zhongshu.supervision.choices import OPEN_TASK_STATES
    from zhongshu.supervision.ledger import matter_light_q, overdue_q, task_light_q
    from zhongshu.supervision.models import Matter, Task

    now = timezone.now()
    info = {
        "matters": Matter.objects.count(), "tasks": Task.objects.count(),
        "milestones": Task.objects.filter(is_milestone=True).count(),
        "co_links": Matter.co_units.through.objects.count(), "clocks": Clock.objects.count(),
        "task_states": dict(Task.objects.values_list("state").annotate(n=Count("id")).order_by()),
        "matter_states": dict(Matter.objects.values_list("state").annotate(n=Count("id")).order_by()),
        "clock_states": dict(Clock.objects.values_list("state").annotate(n=Count("id")).order_by()),
    }
    open_tasks = Task.objects.filter(state__in=OPEN_TASK_STATES)
    info["open_task_lights"] = {c: open_tasks.filter(task_light_q(c, now)).count() for c in ("red", "yellow", "green")}
    info["open_tasks"] = open_tasks.count()
    info["overdue_tasks"] = Task.objects.filter(overdue_q(now)).count()
    info["matter_lights"] = {c: Matter.objects.filter(matter_light_q(c, now)).count() for c in
                             ("red", "yellow", "green", "none")}
    with connection.cursor() as cur:
        sizes = {}
        for table in ("supervision_matter", "supervision_task", "clocks_clock", "supervision_progressreport",
                      "supervision_matter_co_units"):
            cur.execute("SELECT pg_size_pretty(pg_total_relation_size(%s))", [table])
            sizes[table] = cur.fetchone()[0]
        info["sizes"] = sizes
        cur.execute("SHOW server_version")
        info["pg"] = cur.fetchone()[0]
    print(json.dumps(info, ensure_ascii=False), flush=True)
    return info


# --- the ledger ----------------------------------------------------------------------------------------
def busiest_unit(people) -> int:
    return people.units[BUSY].pk


def ledger_urls(unit_id: int) -> list[str]:
    return ["/supervision/", "/supervision/?light=red", f"/supervision/?unit={unit_id}", "/supervision/?view=tasks",
            "/supervision/?view=tasks&light=red&sort=deadline", "/supervision/?overdue=1&page=5"]


def measure_ledger(args, people) -> dict:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from zhongshu.org.tokens import create_token

    unit_id = busiest_unit(people)
    scope = scope_check(people)
    pages = [(u, "page") for u in ledger_urls(unit_id)] + [("/api/v1/supervision/matters?limit=50", "api"),
                                                           ("/supervision/overview/", "overview")]
    results = []
    slowest = (0.0, "", "")
    for label, user in (("督查室", people.office_user), ("联络员", people.liaison)):
        client = Client()
        client.force_login(user)
        _token, key = create_token(user, name="bench")
        for url, kind in pages:
            headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if kind == "api" else {}
            for _ in range(3):  # warm-up (templates, calendar, ladders, connection)
                r = client.get(url, **headers)
                assert r.status_code == 200, (url, r.status_code, r.content[:300])
            with CaptureQueriesContext(connection) as ctx:
                r = client.get(url, **headers)
            queries = len(ctx.captured_queries)
            for q in ctx.captured_queries:  # the slowest query of the ledger pages and the API list
                if kind != "overview" and float(q["time"]) > slowest[0]:
                    slowest = (float(q["time"]), q["sql"], f"{label} {url}")
            reset_queries()
            load_before = load_avg()
            times = []
            for _ in range(args.requests):
                t0 = time.perf_counter()
                r = client.get(url, **headers)
                times.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200
            count = _count_of(r, kind)
            row = {"user": label, "url": url, "kind": kind, "queries": queries, "n": len(times),
                   "p50": statistics.median(times), "p95": _pct(times, 95), "max": max(times),
                   "bytes": len(r.content), "rows": count, "load": f"{load_before} → {load_avg()}"}
            results.append(row)
            print(f"{label} {url}: p50 {row['p50']:.0f} ms, p95 {row['p95']:.0f} ms, max {row['max']:.0f} ms, "
                  f"{queries} 个查询, {count}（负载 {row['load']}）", flush=True)
    plan = ""
    if slowest[1]:
        with connection.cursor() as cur:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[1])
            plan = "\n".join(r[0] for r in cur.fetchall())
    return {"pages": results, "scope": scope,
            "slowest": {"ms": slowest[0] * 1000, "sql": slowest[1], "where": slowest[2], "plan": plan}}


def scope_check(people) -> dict:
    """org.scope.restrict (subqueries per scope path) gives exactly the rows of the rule written
    the plain way (a join per path, OR, DISTINCT), for the 联络员: the same set, no row twice."""
    from django.db.models import Q

    from zhongshu.org.scope import unit_q, unit_range
    from zhongshu.supervision.models import Matter, Task

    rng = unit_range(people.liaison)
    found = {}
    for model in (Matter, Task):
        plain = Q()
        for path in model.scope_unit_fields:
            plain |= unit_q(path, rng)
        reference = set(model.objects.filter(plain).distinct().values_list("pk", flat=True))
        rows = list(model.objects.restrict(people.liaison).values_list("pk", flat=True))
        found[model.__name__] = {"joins": len(reference), "restrict": len(rows),
                                 "same": reference == set(rows) and len(rows) == len(set(rows))}
    print(f"范围核对（联络员）：{found}", flush=True)
    return found


def _count_of(response, kind) -> str:
    import re

    if kind == "api":
        return f"total {response.json()['total']:,}"
    if kind == "overview":
        return ""
    found = re.search(r"共 (\d+) 条", response.content.decode())
    return f"共 {int(found.group(1)):,} 条" if found else ""


def _pct(values, p) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


# --- the export ---------------------------------------------------------------------------------------
EXPORTS = ["/supervision/export.xlsx?view=tasks", "/supervision/export.xlsx"]


def measure_export(people, runs: int = 2) -> list[dict]:
    results = []
    for url in EXPORTS:
        for _ in range(runs):
            load_before = load_avg()
            proc = subprocess.run([sys.executable, "-m", "bench", "supervision_ledger", "--worker-export", url],
                                  capture_output=True, text=True, env=dict(os.environ), cwd=os.getcwd())
            if proc.returncode != 0:
                raise SystemExit(f"导出子进程失败：{proc.stderr[-3000:]}")
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            row["load"] = f"{load_before} → {load_avg()}"
            results.append(row)
            print(f"导出 {url}: {row}", flush=True)
    return results


def _vm_hwm_mb() -> float:
    """Peak RSS of this process image. (ru_maxrss also counts the parent's RSS at fork: Linux
    folds the pre-exec memory's high-water mark into it, so VmHWM is the figure to trust.)"""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def export_worker(url: str) -> int:
    """One export in this (fresh) process: wall time and peak memory, then count the rows."""
    from django.test import Client
    from openpyxl import load_workbook

    from zhongshu.org.models import User

    client = Client()
    client.force_login(User.objects.get(username=OFFICE_USER))
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as fh:
        for chunk in response.streaming_content:
            fh.write(chunk)
        path = fh.name
    response.close()
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    hwm = _vm_hwm_mb()
    size = os.path.getsize(path)
    wb = load_workbook(path, read_only=True)
    rows = {ws.title: sum(1 for _ in ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    wb.close()
    os.unlink(path)
    print(json.dumps({"url": url, "seconds": round(wall, 2), "peak_rss_mb": round(peak, 1),
                      "vm_hwm_mb": round(hwm, 1), "rss_before_mb": round(base_rss, 1), "bytes": size,
                      "rows": rows}, ensure_ascii=False))
    return 0


# --- 立项 through the API ------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _payloads(n: int, people, seed: int) -> list[dict]:
    rng = random.Random(seed)
    today = datetime.now(SH).date()
    unit_ids = [people.units[c].pk for c, *_r, w in UNITS if w]
    weights = [w for *_r, w in UNITS if w]
    items = []
    for i in range(n):
        lead = rng.choices(unit_ids, weights)[0]
        co = []
        for _ in range(_weighted(rng, [(0, 30), (1, 30), (2, 25), (3, 10), (4, 5)])):
            u = rng.choices(unit_ids, weights)[0]
            if u != lead and u not in co:
                co.append(u)
        deadline = today + timedelta(days=rng.randint(30, 300))
        milestones = []
        for k in range(_weighted(rng, [(0, 55), (1, 20), (2, 15), (3, 10)])):
            when = today + timedelta(days=(deadline - today).days * (k + 1) // 4)
            milestones.append({"deadline": when.isoformat(), "title": rng.choice(STAGES)})
        items.append({
            "title": f"{rng.choice(VERBS)}{rng.choice(PLACES)}{rng.choice(OBJECTS)}（接口{seed}-{i}）",
            "lead_unit_id": lead, "deadline": deadline.isoformat(), "co_unit_ids": co,
            "leader_id": rng.choice(people.leaders).pk, "source": _weighted(rng, SOURCES[1:]),
            "category": rng.choice(CATEGORIES), "target": f"{deadline:%Y年%m月}底前全面完成",
            "report_cycle": "monthly", "milestones": milestones,
        })
    return items


def _expected_tasks(items) -> int:
    return sum(1 + len(p["co_unit_ids"]) + len(p["milestones"]) for p in items)


def _counts() -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT (SELECT count(*) FROM supervision_matter), (SELECT count(*) FROM supervision_task), "
                    "(SELECT coalesce(max(seq), 0) FROM audit_auditrecord), (SELECT coalesce(max(id), 0) FROM "
                    "supervision_matter)")
        m, t, seq, max_id = cur.fetchone()
    return {"matters": m, "tasks": t, "seq": seq, "max_id": max_id}


def _audit_since(seq: int, first_matter_id: int) -> dict:
    """Audit records written since `seq`: per (object type, action), and matters/tasks without one."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT ct.app_label || '.' || ct.model, a.action, count(*) FROM audit_auditrecord a "
                    "LEFT JOIN django_content_type ct ON ct.id = a.content_type_id WHERE a.seq > %s "
                    "GROUP BY 1, 2 ORDER BY 1, 2", [seq])
        by_kind = {f"{k} {a}": n for k, a, n in cur.fetchall()}
        cur.execute("SELECT count(*) FROM supervision_matter m WHERE m.id > %s AND NOT EXISTS (SELECT 1 FROM "
                    "audit_auditrecord a JOIN django_content_type ct ON ct.id = a.content_type_id WHERE a.seq > %s "
                    "AND ct.model = 'matter' AND a.action = 'create' AND a.object_id = m.id::text)",
                    [first_matter_id, seq])
        matters_without = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM supervision_task t WHERE t.matter_id > %s AND NOT EXISTS (SELECT 1 FROM "
                    "audit_auditrecord a JOIN django_content_type ct ON ct.id = a.content_type_id WHERE a.seq > %s "
                    "AND ct.model = 'task' AND a.action = 'create' AND a.object_id = t.id::text)",
                    [first_matter_id, seq])
        tasks_without = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM supervision_matter m WHERE m.id > %s AND EXISTS (SELECT 1 FROM "
                    "supervision_matter_co_units l WHERE l.matter_id = m.id) AND NOT EXISTS (SELECT 1 FROM "
                    "audit_auditrecord a JOIN django_content_type ct ON ct.id = a.content_type_id WHERE a.seq > %s "
                    "AND ct.model = 'matter' AND a.object_id = m.id::text AND a.changes ? 'co_units')",
                    [first_matter_id, seq])
        links_without = cur.fetchone()[0]
    return {"by_kind": by_kind, "matters_without_create": matters_without, "tasks_without_create": tasks_without,
            "co_units_without_record": links_without}


def _remove_created(first_matter_id: int, sequence_last: int) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM supervision_task WHERE matter_id > %s", [first_matter_id])
        cur.execute("DELETE FROM supervision_matter_co_units WHERE matter_id > %s", [first_matter_id])
        cur.execute("DELETE FROM supervision_matter WHERE id > %s", [first_matter_id])
        cur.execute("UPDATE core_sequence SET last = %s WHERE key = 'supervision.matter' AND year = %s",
                    [sequence_last, datetime.now(SH).year])


def measure_create(args, people) -> dict:
    import requests
    from django.db import connection

    from zhongshu.core.models import Sequence

    port = _free_port()
    env = dict(os.environ, ZHONGSHU_SECRET_KEY="bench-" + "x" * 50, ZHONGSHU_ALLOWED_HOSTS="127.0.0.1,localhost")
    env.pop("ZHONGSHU_ALLOW_INSECURE_KEY", None)
    exe = os.path.join(os.path.dirname(sys.executable), "zhongshu")
    token = subprocess.run([exe, "token", "create", OFFICE_USER, "--name", "压测"], capture_output=True, text=True,
                           env=env, check=True).stdout.strip().splitlines()[-1]
    server = subprocess.Popen([exe, "serve", "--host", "127.0.0.1", "--port", str(port), "--no-worker"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    runs = []
    ok = True
    try:
        for line in server.stdout:
            if "中枢已启动" in line:
                break
        else:
            raise SystemExit("服务未启动")
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        year = datetime.now(SH).year
        seq_last = Sequence.objects.get(key="supervision.matter", year=year).last
        loaded_max = _counts()["max_id"]
        # warm the server's threads (and their connections) before the first run
        warm = _payloads(8, people, seed=99)
        with requests.Session() as s:
            for p in warm:
                assert s.post(base + "/api/v1/supervision/matters", json=p, headers=headers).status_code == 201
        connection.close()
        for mode, clients in (("single", 1), ("single", 4), ("bulk", 1)):
            items = _payloads(args.create, people, seed=len(runs) + 1)
            before = _counts()
            load_before = load_avg()
            t0 = time.perf_counter()
            errors = _drive(base, headers, items, mode, clients, args.bulk)
            wall = time.perf_counter() - t0
            connection.close()
            after = _counts()
            audit = _audit_since(before["seq"], before["max_id"])
            expected_tasks = _expected_tasks(items)
            run = {"mode": mode, "clients": clients, "n": len(items), "seconds": round(wall, 2),
                   "per_second": round(len(items) / wall, 1), "errors": errors, "load": f"{load_before} → {load_avg()}",
                   "matters": after["matters"] - before["matters"], "tasks": after["tasks"] - before["tasks"],
                   "expected_tasks": expected_tasks, "audit_records": after["seq"] - before["seq"], "audit": audit}
            run["ok"] = (not errors and run["matters"] == len(items) and run["tasks"] == expected_tasks
                         and audit["matters_without_create"] == 0 and audit["tasks_without_create"] == 0
                         and audit["co_units_without_record"] == 0)
            ok = ok and run["ok"]
            runs.append(run)
            print(f"立项 {mode} × {clients}: {run['per_second']} 项/秒 ({wall:.1f} s), 核对 {run}", flush=True)
        _remove_created(loaded_max, seq_last)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return {"runs": runs, "ok": ok, "port": port}


def _drive(base, headers, items, mode, clients, batch) -> list[str]:
    import requests

    errors: list[str] = []
    lock = threading.Lock()
    if mode == "bulk":
        with requests.Session() as s:
            for i in range(0, len(items), batch):
                r = s.post(base + "/api/v1/supervision/matters/bulk", json={"matters": items[i:i + batch]},
                           headers=headers, timeout=600)
                if r.status_code != 201:
                    errors.append(f"{r.status_code} {r.text[:200]}")
        return errors
    chunks = [items[k::clients] for k in range(clients)]

    def run(part):
        with requests.Session() as s:
            for p in part:
                r = s.post(base + "/api/v1/supervision/matters", data=json.dumps(p), headers=headers, timeout=120)
                if r.status_code != 201:
                    with lock:
                        errors.append(f"{r.status_code} {r.text[:200]}")

    threads = [threading.Thread(target=run, args=(c,)) for c in chunks]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return errors


# --- report ------------------------------------------------------------------------------------------
def report(args, results) -> None:
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            mem = f"{int(fh.readline().split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    data = results["load"]
    out = io.StringIO()
    w = out.write
    w(f"### supervision_ledger — {datetime.now(SH):%Y-%m-%d %H:%M} (Asia/Shanghai)\n\n")
    w(f"Machine: {os.cpu_count()} cores, {mem} memory, {platform.platform()}, PostgreSQL {data['pg']}, "
      f"Python {platform.python_version()}. Load average at the end: {load_avg()}.\n")
    w(f"Data: {data['matters']:,} matters, {data['tasks']:,} tasks ({data['milestones']:,} milestones), "
      f"{data['co_links']:,} co-unit links, {data['clocks']:,} clocks; task states {data['task_states']}; "
      f"open tasks {data['open_tasks']:,}: lights {data['open_task_lights']}, overdue {data['overdue_tasks']:,}; "
      f"matter lights {data['matter_lights']}; sizes {data['sizes']}.\n\n")
    if "ledger" in results:
        w("| user | page | queries | p50 ms | p95 ms | max ms | rows | load (1/5/15 min) |\n|---|---|---|---|---|---|---|---|\n")
        for r in results["ledger"]["pages"]:
            w(f"| {r['user']} | `{r['url']}` | {r['queries']} | {r['p50']:.0f} | {r['p95']:.0f} | {r['max']:.0f} | "
              f"{r['rows']} | {r['load']} |\n")
        if results["ledger"].get("scope"):
            w(f"\nScope check (联络员, ledger.visible against org.scope.restrict): {results['ledger']['scope']}\n")
        s = results["ledger"]["slowest"]
        w(f"\nSlowest query ({s['ms']:.1f} ms, {s['where']}):\n```\n{s['sql'][:3000]}\n```\n```\n{s['plan']}\n```\n\n")
    if "export" in results:
        w("| export | wall s | peak RSS MB: VmHWM (ru_maxrss) | file | rows per sheet (with title and header) | load |\n"
          "|---|---|---|---|---|---|\n")
        for r in results["export"]:
            w(f"| `{r['url']}` | {r['seconds']} | {r['vm_hwm_mb']} ({r['peak_rss_mb']}) | "
              f"{r['bytes'] / 1024 / 1024:.1f} MB | {r['rows']} | {r['load']} |\n")
        w("\n")
    if "create" in results:
        w("| 立项 | matters | wall s | matters/s | tasks (expected) | audit records | errors | load |\n"
          "|---|---|---|---|---|---|---|---|\n")
        for r in results["create"]["runs"]:
            how = f"POST /matters × {r['clients']} clients" if r["mode"] == "single" else f"POST /matters/bulk × {args.bulk}"
            w(f"| {how} | {r['matters']:,} | {r['seconds']} | {r['per_second']} | {r['tasks']:,} "
              f"({r['expected_tasks']:,}) | {r['audit_records']:,} {r['audit']['by_kind']} | {len(r['errors'])} | "
              f"{r['load']} |\n")
    print("\n----- bench/RESULTS.md -----")
    print(out.getvalue())
