"""Excel in and out for 督查督办 (core.tabular does the file work; this module knows the columns).

Export, streamed in chunks of CHUNK matters (constant memory whatever the ledger's size):
- layout "ledger" (台账, the office's layout): 序号, 事项, 牵头领导, 牵头单位, 配合单位, 完成时限,
  最新进展, 状态, 灯; a second sheet 任务明细 lists every task (one row per unit and milestone);
- layout "table" (年度任务表): the import template's columns, so an export can be imported again
  (the round trip keeps every column of the template).
Import of the annual task table (年度任务表), all or nothing:
- every row is read and checked (core.tabular: dates in the forms offices type, merged cells,
  empty rows), then each unit is matched by full name or short name (a near miss gets
  suggestions), the 牵头领导 by name among the city leaders, each row by the rules of 立项
  (registration.validate), and 立项号 against the file and the database;
- any problem: nothing is saved and the report names row, column and reason;
- no problem: every matter is registered (with its default decomposition) in one transaction.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import BooleanField, Case, Q, Value, When
from django.utils import timezone

from zhongshu import audit
from zhongshu.clocks.models import ClockState
from zhongshu.core.tabular import Column, Field, Sheet, parse_date, read_xlsx
from zhongshu.org.models import OrgUnit, User
from zhongshu.workcal.display import zh_date_text

from .choices import Cycle, Importance, MatterState, Method, Role, Source, TaskState
from .contacts import city_leaders
from .ledger import COLOR_OF_RANK, light_rank, matter_lights
from .models import Matter, Task
from .permissions import check
from .registration import MatterInput, register_many, validate

CHUNK = 2000
OPEN_CLOCK_STATES = (ClockState.RUNNING, ClockState.PAUSED)  # Clock.is_open
LIGHT_TEXT = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "none": "—"}

LEDGER_COLUMNS = [
    Column("序号", width=6, kind="int"), Column("事项", width=42, wrap=True), Column("牵头领导", width=10),
    Column("牵头单位", width=16, wrap=True), Column("配合单位", width=22, wrap=True),
    Column("完成时限", width=12, kind="date"), Column("最新进展", width=48, wrap=True), Column("状态", width=9),
    Column("灯", width=6, align="center"),
]
TASK_COLUMNS = [
    Column("序号", width=6, kind="int"), Column("立项号", width=11), Column("事项", width=36, wrap=True),
    Column("任务", width=30, wrap=True), Column("承办单位", width=16, wrap=True), Column("承办角色", width=8),
    Column("完成时限", width=12, kind="date"), Column("进度", width=7, kind="percent"),
    Column("最新进展", width=40, wrap=True), Column("状态", width=9), Column("灯", width=6, align="center"),
    Column("签收", width=10),
]
TABLE_HEADERS = ["序号", "立项号", "事项", "目标要求", "事项来源", "来源文号", "领域", "牵头领导", "牵头单位", "配合单位",
                 "完成时限", "阶段目标", "填报周期", "填报日", "重要程度", "督查方式", "责任人", "联系电话"]
TABLE_COLUMNS = [Column(h, width=w, kind=k, wrap=wrap) for h, w, k, wrap in (
    ("序号", 6, "int", False), ("立项号", 11, "text", False), ("事项", 36, "text", True),
    ("目标要求", 36, "text", True), ("事项来源", 12, "text", False), ("来源文号", 18, "text", True),
    ("领域", 10, "text", False), ("牵头领导", 10, "text", False), ("牵头单位", 16, "text", True),
    ("配合单位", 22, "text", True), ("完成时限", 12, "date", False), ("阶段目标", 30, "text", True),
    ("填报周期", 9, "text", False), ("填报日", 7, "int", False), ("重要程度", 9, "text", False),
    ("督查方式", 10, "text", False), ("责任人", 10, "text", False), ("联系电话", 14, "text", False))]


def _unit_name(unit) -> str:
    return unit.short_name or unit.name


def _chunks(ids: list[int]):
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def _matters_in_order(qs):
    """The matters of `qs` in its order, CHUNK at a time, with leader, lead unit and co-units."""
    ids = list(qs.values_list("pk", flat=True))
    for part in _chunks(ids):
        found = Matter.objects.in_bulk(part)
        co = defaultdict(list)
        for link in Matter.co_units.through.objects.filter(matter_id__in=part).select_related("orgunit"):
            co[link.matter_id].append(link.orgunit)
        units = OrgUnit.objects.in_bulk({m.lead_unit_id for m in found.values()})
        leaders = User.objects.in_bulk({m.leader_id for m in found.values() if m.leader_id})
        batch = []
        for pk in part:
            m = found[pk]
            m.lead_unit = units[m.lead_unit_id]
            m.leader = leaders.get(m.leader_id) if m.leader_id else None
            m.co_list = sorted(co[pk], key=lambda u: u.path)
            batch.append(m)
        yield batch


def ledger_rows(qs, now):
    """台账 rows, CHUNK matters at a time: plain values (no model instances), the unit names
    from one unit table, and every matter's light from one grouped query (matter_lights)."""
    units = {u.pk: u for u in OrgUnit.objects.all()}
    state_text = dict(MatterState.choices)
    leaders: dict[int, str] = {}
    ids = list(qs.values_list("pk", flat=True))
    # every light in one pass (per chunk, each query would hash all the clocks again)
    lights = matter_lights(ids, now, within=qs)
    n = 0
    for part in _chunks(ids):
        found = {row["pk"]: row for row in Matter.objects.filter(pk__in=part).values(
            "pk", "title", "leader_id", "lead_unit_id", "deadline", "latest_progress", "state")}
        co = defaultdict(list)
        for matter_id, unit_id in Matter.co_units.through.objects.filter(matter_id__in=part).values_list(
                "matter_id", "orgunit_id"):
            co[matter_id].append(units[unit_id])
        missing = {m["leader_id"] for m in found.values() if m["leader_id"]} - leaders.keys()
        leaders.update({pk: str(user) for pk, user in User.objects.in_bulk(missing).items()})
        for pk in part:
            m = found[pk]
            n += 1
            co_names = "、".join(u.name for u in sorted(co[pk], key=lambda u: u.path))
            yield (n, m["title"], leaders.get(m["leader_id"], "") if m["leader_id"] else "",
                   units[m["lead_unit_id"]].name, co_names, m["deadline"], m["latest_progress"],
                   state_text.get(m["state"], m["state"]), LIGHT_TEXT[lights[pk]["light"]])


def task_rows(task_qs, now):
    """任务明细 rows, CHUNK tasks at a time: plain values, with the light (light_rank) and
    签收逾期 (Task.accept_overdue) computed in SQL, so no task, clock or matter is loaded."""
    role_text, state_text = dict(Role.choices), dict(TaskState.choices)
    accept_overdue = Case(When(Q(state=TaskState.ASSIGNED, accept_clock__state__in=OPEN_CLOCK_STATES,
                                 accept_clock__due_at__lt=now), then=Value(True)),
                          default=Value(False), output_field=BooleanField())
    accepted = Case(When(accepted_at__isnull=False, then=Value(True)), default=Value(False),
                    output_field=BooleanField())
    n = 0
    for part in _chunks(list(task_qs.values_list("pk", flat=True))):
        found = {row["pk"]: row for row in Task.objects.filter(pk__in=part).values(
            "pk", "matter__number", "matter__title", "title", "unit__name", "role", "is_milestone", "deadline",
            "progress", "latest_report__done", "state", "accepted_late", "parent_id",
            rank=light_rank(now), late_accept=accept_overdue, accepted=accepted)}
        for pk in part:
            t = found[pk]
            n += 1
            accept = ""
            if t["accepted"]:
                accept = "逾期签收" if t["accepted_late"] else "按时签收"
            elif t["parent_id"] is None:
                accept = "签收逾期" if t["late_accept"] else "待签收"
            role = "阶段目标" if t["is_milestone"] else role_text.get(t["role"], t["role"])
            state = "签收逾期" if t["late_accept"] else state_text.get(t["state"], t["state"])
            yield (n, t["matter__number"], t["matter__title"],
                   "" if t["title"] == t["matter__title"] else t["title"], t["unit__name"], role, t["deadline"],
                   t["progress"], t["latest_report__done"] or "", state, LIGHT_TEXT[COLOR_OF_RANK[t["rank"]]], accept)


def milestones_text(matter_tasks) -> str:
    return "\n".join(f"{t.deadline.isoformat()} {t.title}" for t in matter_tasks if t.is_milestone)


def table_rows(qs):
    n = 0
    for batch in _matters_in_order(qs):
        ms = defaultdict(list)
        lead = {}
        for t in Task.objects.filter(matter_id__in=[m.pk for m in batch]).order_by("sort", "id"):
            if t.is_milestone:
                ms[t.matter_id].append(t)
            elif t.parent_id is None and t.role == "lead":
                lead.setdefault(t.matter_id, t)
        for m in batch:
            n += 1
            owner = lead.get(m.pk)
            yield (n, m.number, m.title, m.target, m.get_source_display(), m.source_ref, m.category,
                   str(m.leader) if m.leader else "", m.lead_unit.name, "、".join(u.name for u in m.co_list),
                   m.deadline, milestones_text(ms[m.pk]), m.get_report_cycle_display(), m.report_day,
                   m.get_importance_display(), m.get_method_display(), owner.owner_name if owner else "",
                   owner.owner_phone if owner else "")


def export_sheets(flt, user, now, layout: str = "ledger", view: str = "matters") -> list[Sheet]:
    stamp = f"（截至{zh_date_text(now)}）"
    year = f"{flt.year}年" if flt.year else ""
    if layout == "table":
        return [Sheet("年度任务表", TABLE_COLUMNS, table_rows(flt.matters(user, now)), title=f"{year}督查事项任务表{stamp}")]
    sheets = []
    if view != "tasks":
        sheets.append(Sheet("台账", LEDGER_COLUMNS, ledger_rows(flt.matters(user, now), now),
                            title=f"{year}督查事项台账{stamp}"))
    sheets.append(Sheet("任务明细", TASK_COLUMNS, task_rows(flt.tasks(user, now), now),
                        title=f"{year}督查任务明细{stamp}"))
    return sheets


# --- import -----------------------------------------------------------------------------------
def _choices(enum, extra: dict) -> dict:
    mapping = {label: value for value, label in enum.choices}
    mapping.update(extra)
    return mapping


SOURCE_CHOICES = _choices(Source, {"工作报告": Source.WORK_REPORT, "政府常务会议": Source.EXECUTIVE_MEETING,
                                   "常务会": Source.EXECUTIVE_MEETING, "专题会": Source.TOPIC_MEETING,
                                   "批示": Source.INSTRUCTION, "领导批示件": Source.INSTRUCTION,
                                   "文件": Source.DOCUMENT, "建议": Source.PROPOSAL, "提案": Source.PROPOSAL,
                                   "热线": Source.HOTLINE, "12345热线": Source.HOTLINE})
CYCLE_CHOICES = _choices(Cycle, {"每月一报": Cycle.MONTHLY, "月报": Cycle.MONTHLY, "按月": Cycle.MONTHLY,
                                 "每周一报": Cycle.WEEKLY, "周报": Cycle.WEEKLY, "按周": Cycle.WEEKLY,
                                 "季报": Cycle.QUARTERLY, "按季度": Cycle.QUARTERLY, "每季": Cycle.QUARTERLY,
                                 "节点": Cycle.MILESTONE, "按时间节点": Cycle.MILESTONE, "无": Cycle.NONE})
IMPORTANCE_CHOICES = _choices(Importance, {"普通": Importance.NORMAL, "重要": Importance.KEY})
METHOD_CHOICES = _choices(Method, {"分项": Method.ITEMIZED, "联合": Method.JOINT, "专项": Method.SPECIAL,
                                   "实地": Method.ONSITE})
_MILESTONE_LINE = re.compile(r"[\n；;]+")


def parse_milestones(text: str) -> list[tuple[date, str]]:
    """'2026-06-30 完成设计\n2026-09-30 开工' → [(date, text)]; ValueError names the bad line."""
    items = []
    for line in _MILESTONE_LINE.split(text or ""):
        line = line.strip().replace("\u3000", " ")
        if not line:
            continue
        head, _, rest = line.partition(" ")
        try:
            when = parse_date(head)
        except ValueError:
            raise ValueError(f"阶段目标「{line[:30]}」应以日期开头，如：2026-06-30 完成主体工程")
        if not rest.strip():
            raise ValueError(f"阶段目标「{line[:30]}」缺少内容")
        items.append((when, rest.strip()))
    return items


def _fields() -> list[Field]:
    return [
        Field("seq", "序号", kind="int", ignore_for_emptiness=True),
        Field("number", "立项号", aliases=("编号", "事项编号", "立项编号"), max_length=40, single_line=True, unique=True),
        Field("title", "事项", aliases=("事项名称", "工作任务", "重点任务", "任务名称", "目标任务", "督查事项"),
              required=True, max_length=300, single_line=True),
        Field("target", "目标要求", aliases=("工作目标", "具体目标", "目标任务要求")),
        Field("source", "事项来源", aliases=("来源",), kind="choice", choices=SOURCE_CHOICES),
        Field("source_ref", "来源文号", aliases=("来源文号或名称", "立项依据文号"), max_length=200, single_line=True),
        Field("basis", "立项依据"),
        Field("category", "领域", aliases=("类别", "分类", "所属领域"), max_length=50, single_line=True),
        Field("leader", "牵头领导", aliases=("责任领导", "分管领导", "牵头市领导"), max_length=50, single_line=True),
        Field("lead_unit", "牵头单位", aliases=("责任单位", "主办单位", "牵头部门"), required=True, max_length=100,
              single_line=True),
        Field("co_units", "配合单位", aliases=("协办单位", "配合部门", "责任单位（配合）"), kind="list", max_length=100),
        Field("deadline", "完成时限", aliases=("时限", "完成时间", "办结时限", "完成期限"), kind="date", required=True),
        Field("milestones", "阶段目标", aliases=("节点目标", "时间节点", "阶段性目标"), clean=parse_milestones),
        Field("report_cycle", "填报周期", aliases=("报送周期", "反馈周期"), kind="choice", choices=CYCLE_CHOICES),
        Field("report_day", "填报日", aliases=("报送日",), kind="int", min_value=1, max_value=28),
        Field("importance", "重要程度", aliases=("等级",), kind="choice", choices=IMPORTANCE_CHOICES),
        Field("method", "督查方式", kind="choice", choices=METHOD_CHOICES),
        Field("owner_name", "责任人", max_length=50, single_line=True),
        Field("owner_phone", "联系电话", aliases=("电话",), max_length=30, single_line=True),
    ]


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


class UnitMatcher:
    """A unit by its full name or short name; near misses get up to three suggestions."""

    def __init__(self):
        self.exact: dict[str, list] = defaultdict(list)
        self.units = list(OrgUnit.objects.filter(is_active=True).order_by("path"))
        for unit in self.units:
            for key in {_norm(unit.name), _norm(unit.short_name)} - {""}:
                self.exact[key].append(unit)
        self.names = list(self.exact)

    def find(self, text: str):
        """(unit, None) or (None, Chinese reason)."""
        found = self.exact.get(_norm(text), [])
        if len(found) == 1:
            return found[0], None
        if len(found) > 1:
            return None, f"单位「{text}」不唯一：{'、'.join(u.name for u in found)}，请填写全称"
        close = difflib.get_close_matches(_norm(text), self.names, n=6, cutoff=0.5)
        units = list(dict.fromkeys(u for name in close for u in self.exact[name]))[:3]
        hint = f"，是否为：{'、'.join(f'{u.name}（{u.short_name}）' for u in units)}" if units else ""
        return None, f"未找到单位「{text}」{hint}"


class LeaderMatcher:
    def __init__(self):
        self.leaders = list(city_leaders())
        self.by_name = defaultdict(list)
        for user in self.leaders:
            for key in {_norm(user.full_name), user.username} - {""}:
                self.by_name[key].append(user)

    def find(self, text: str):
        key = _norm(text)
        found = self.by_name.get(key) or [u for u in self.leaders if u.full_name and key.startswith(u.full_name)]
        if len(found) == 1:
            return found[0], None
        if len(found) > 1:
            return None, f"牵头领导「{text}」重名，请改用用户名"
        close = difflib.get_close_matches(key, [u.full_name for u in self.leaders if u.full_name], n=3, cutoff=0.4)
        hint = f"，是否为：{'、'.join(close)}" if close else ""
        return None, f"牵头领导「{text}」不是本系统的市领导{hint}"


def read_task_table(upload, *, max_bytes: int, now=None):
    """Read and check the whole file; returns (result, inputs by row number). Nothing is saved.

    Units and leaders are looked up for every row, even one with other problems, so the report
    lists everything to fix at once; the rules of 立项 run on rows without other problems."""
    now = now or timezone.now()
    result = read_xlsx(upload, _fields(), max_bytes=max_bytes)
    units, leaders = UnitMatcher(), LeaderMatcher()
    inputs = {}
    for row in result.rows:
        v = row.values
        lead, reason = units.find(v["lead_unit"]) if v.get("lead_unit") else (None, None)
        if reason:
            result.add_error(row, "lead_unit", reason)
        co = []
        for name in v["co_units"] or []:
            unit, why = units.find(name)
            if why:
                result.add_error(row, "co_units", why, value=name)
            else:
                co.append(unit)
        leader = None
        if v.get("leader"):
            leader, why = leaders.find(v["leader"])
            if why:
                result.add_error(row, "leader", why)
        if not row.ok:
            continue
        data = MatterInput(
            title=v["title"], lead_unit=lead, deadline=v["deadline"], co_units=co, leader=leader,
            number=v.get("number") or "", source=v.get("source") or Source.WORK_REPORT,
            source_ref=v.get("source_ref") or "", basis=v.get("basis") or "", category=v.get("category") or "",
            target=v.get("target") or "", report_cycle=v.get("report_cycle") or Cycle.MONTHLY,
            report_day=v.get("report_day"), importance=v.get("importance") or Importance.NORMAL,
            method=v.get("method") or Method.ITEMIZED, milestones=v.get("milestones") or [],
            owner_name=v.get("owner_name") or "", owner_phone=v.get("owner_phone") or "")
        for problem in validate(data, now):
            result.add_error(row, None, problem)
        inputs[row.number] = data
    return result, inputs


def import_task_table(upload, by, *, max_bytes: int, dry_run: bool = False, now=None):
    """All or nothing: returns (result, created matters). `result.ok` False → nothing saved."""
    check(by, "import")
    now = now or timezone.now()
    result, inputs = read_task_table(upload, max_bytes=max_bytes, now=now)
    if not result.ok or dry_run:
        return result, []
    with transaction.atomic():
        created = register_many(by, [inputs[number] for number in sorted(inputs)], at=now, checked=True)
        audit.record("import", None, note=f"导入年度任务表：{len(created)} 项事项"
                     f"（{created[0].number} 至 {created[-1].number}）" if created else "导入年度任务表：0 项")
    return result, created


def template_sheets() -> list[Sheet]:
    """The downloadable template: the header, two example rows, and the allowed values."""
    examples = [
        (1, "", "建成城市快速路二期工程", "年底前主线建成通车", "政府工作报告", "2026年市政府工作报告", "城市建设", "",
         "市交通局", "市自然资源和规划局、市住建局", date(timezone.localdate().year, 12, 31),
         f"{timezone.localdate().year}-06-30 完成主体结构\n{timezone.localdate().year}-09-30 完成路面工程",
         "每月", 25, "重点", "分项督查", "", ""),
        (2, "", "新增城镇就业2万人以上", "全年新增城镇就业2万人以上", "政府工作报告", "", "民生保障", "",
         "市人社局", "", date(timezone.localdate().year, 12, 31), "", "每季度", 25, "一般", "分项督查", "", ""),
    ]
    notes = [("立项号", "可留空，系统按“年度-序号”自动编号；填写时不得与已有事项重复"),
             ("事项、牵头单位、完成时限", "必填"),
             ("完成时限", "日期，如 2026-12-31、2026/12/31、2026年12月31日"),
             ("牵头单位、配合单位", "单位全称或简称；多个配合单位用顿号、逗号或换行分隔"),
             ("牵头领导", "市领导姓名"),
             ("阶段目标", "每行一个：日期 内容，如 2026-06-30 完成主体结构"),
             ("事项来源", "、".join(Source.labels)), ("填报周期", "、".join(Cycle.labels)),
             ("填报日", "每月/每季度为几日（1–28），每周为星期几（1–5）"),
             ("重要程度", "、".join(Importance.labels)), ("督查方式", "、".join(Method.labels)),
             ("合并单元格", "同一牵头单位或领导的多行可合并单元格，系统按合并区域逐行填充")]
    return [Sheet("年度任务表", TABLE_COLUMNS, examples, title="督查事项年度任务表（导入模板）"),
            Sheet("填写说明", [Column("列", width=22), Column("说明", width=80, wrap=True)], notes)]
