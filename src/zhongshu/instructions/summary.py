"""The monthly summary of 领导批示 (批示办理情况月报), as a page and as a .docx.

    s = monthly(user, 2026, 3, today=date(2026, 4, 1))
    s.rows            # the 批示 written in March, each with its state now
    s.carried         # 批示 written before March and still open
    s.counts          # {"total", "closed", "open", "overdue", "to_route", "handling", "to_submit", "with_leader"}
    data = summary_docx(s)

Definitions (shown on the page):
- 本月批示: every 批示件 whose first 批示 was written (批示日期) in the month, in the user's scope;
- 状态: the state of its latest round when the summary is made — 已办结 when the leader 阅结;
- 逾期: a round not yet 阅结 whose units have not all reported by its 办理时限 (the deadline has
  passed, i.e. is before `today`, and it is still 待转办 or 办理中);
- 往月未办结: 批示件 written before the month and not 办结 when the summary is made.
Counts are computed from the same rows that are listed, so each number can be checked by
counting the table.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from .choices import InstructionState, RoundState
from .models import Instruction, Round
from .permissions import routed_units


@dataclass
class Row:
    instruction: Instruction
    round: Round
    units: list
    overdue: bool

    @property
    def state_label(self) -> str:
        if self.instruction.state == InstructionState.CLOSED:
            return "已办结"
        return self.round.get_state_display() + (f"（第{self.round.seq}轮）" if self.round.seq > 1 else "")

    @property
    def unit_names(self) -> str:
        return "、".join(u.short_name or u.name for u in self.units) or "未转办"


@dataclass
class Summary:
    year: int
    month: int
    today: date
    rows: list[Row] = field(default_factory=list)
    carried: list[Row] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.year}年{self.month}月领导批示办理情况"

    @property
    def counts(self) -> dict[str, int]:
        rows = self.rows
        out = {"total": len(rows), "closed": sum(r.instruction.state == InstructionState.CLOSED for r in rows)}
        out["open"] = out["total"] - out["closed"]
        out["overdue"] = sum(r.overdue for r in rows)
        for state in (RoundState.TO_ROUTE, RoundState.HANDLING, RoundState.TO_SUBMIT, RoundState.WITH_LEADER):
            out[state.value] = sum(r.instruction.state == InstructionState.OPEN and r.round.state == state for r in rows)
        return out

    @property
    def by_leader(self) -> list[tuple[str, int, int]]:
        """(leader, 批示件 in the month, of them 已办结), most first."""
        table: dict[str, list[int]] = {}
        for r in self.rows:
            entry = table.setdefault(r.instruction.leader.full_name or r.instruction.leader.username, [0, 0])
            entry[0] += 1
            entry[1] += r.instruction.state == InstructionState.CLOSED
        return sorted(((name, n, done) for name, (n, done) in table.items()), key=lambda t: (-t[1], t[0]))


def _rows(qs, today: date) -> list[Row]:
    rounds = Round.objects.select_related("lead_unit").prefetch_related("co_units").order_by("seq")
    out = []
    for inst in qs.select_related("leader").prefetch_related(Prefetch("rounds", queryset=rounds)):
        latest = list(inst.rounds.all())[-1]
        overdue = latest.is_overdue(today)
        out.append(Row(inst, latest, routed_units(latest), overdue))
    return out


def monthly(user, year: int, month: int, *, today: date) -> Summary:
    first, last = date(year, month, 1), date(year, month, monthrange(year, month)[1])
    visible = Instruction.objects.restrict(user).order_by("written_on", "id")
    return Summary(
        year=year, month=month, today=today,
        rows=_rows(visible.filter(written_on__gte=first, written_on__lte=last), today),
        carried=_rows(visible.filter(written_on__lt=first, state=InstructionState.OPEN), today))


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


def summary_docx(s: Summary, *, office: str) -> bytes:
    """The summary as a GB/T 9704 paper: the counts, the table by leader, the list."""
    from zhongshu import paper

    c = s.counts
    blocks = [
        paper.Heading(1, "一、总体情况"),
        paper.Para(f"{s.year}年{s.month}月共登记领导批示{c['total']}件，已办结{c['closed']}件，正在办理{c['open']}件"
                   f"（其中待转办{c['to_route']}件、承办单位办理中{c['handling']}件、待呈报{c['to_submit']}件、"
                   f"待领导阅示{c['with_leader']}件），逾期未报{c['overdue']}件。往月批示仍在办理{len(s.carried)}件。"),
    ]
    if s.rows:
        blocks += [paper.Heading(1, "二、分领导情况"),
                   paper.Table(header=["批示领导", "批示件数", "已办结"], rows=[list(t) for t in s.by_leader],
                               col_widths_mm=[76, 40, 40])]
    for heading, rows in ((f"{'三' if s.rows else '二'}、本月批示明细", s.rows),
                          (f"{'四' if s.rows else '三'}、往月未办结批示", s.carried)):
        if not rows:
            continue
        blocks += [paper.Heading(1, heading), paper.Table(
            header=["登记号", "批示领导", "批示日期", "批示所在文件", "承办单位", "办理时限", "状态"],
            rows=[[r.instruction.number, r.instruction.leader.full_name, _md(r.instruction.written_on),
                   r.instruction.carrier_title, r.unit_names,
                   _md(r.round.deadline) if r.round.deadline else "—",
                   r.state_label + ("（逾期）" if r.overdue else "")] for r in rows],
            col_widths_mm=[20, 18, 16, 44, 26, 16, 16], font_size_pt=10.5)]
    return paper.render_docx(paper.Paper(
        title=s.title, issuer=office, blocks=blocks, signature=f"{office}督查室", date=s.today,
        printer=office, print_date=s.today))
