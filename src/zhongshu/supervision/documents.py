"""The papers of 督查督办: 交办通知单, 催办通知, 督办通知单 and the period 督查通报.

    doc = issue(DocKind.ESCALATE, task, by=user, at=now, reason="…")   # numbered, stored
    data = render(doc)                                                # .docx bytes (GB/T 9704 basics)

A paper is numbered when it is issued (文号 "政办督〔2026〕12号": one series per year for every
supervision paper, consecutive, core.numbering) and its printed content is stored as a
snapshot (`SupervisionDoc.content`), so printing it again gives the same paper even after the
task has moved on. The layout comes from zhongshu.paper.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

from zhongshu.core.numbering import next_number
from zhongshu.org.office import office_name
from zhongshu.workcal.calc import get_calendar
from zhongshu.workcal.display import zh_date_text

from .choices import Cycle, DocKind
from .models import SupervisionDoc

SERIES = "supervision.doc"
TITLES = {
    DocKind.ASSIGN: "督查事项交办通知单",
    DocKind.REMIND: "督查事项催办通知",
    DocKind.ESCALATE: "督查事项督办通知单",
}


def doc_number(year: int, seq: int) -> str:
    return f"{settings.ZHONGSHU_SUPERVISION_DOC_CODE}〔{year}〕{seq}号"


def _local_day(at: datetime) -> date:
    return timezone.localtime(at).date()


def _cycle_text(matter) -> str:
    if matter.report_cycle == Cycle.MONTHLY:
        return f"每月{matter.report_day}日前报送进展情况"
    if matter.report_cycle == Cycle.WEEKLY:
        return f"每周星期{'一二三四五六日'[max(1, min(7, matter.report_day)) - 1]}前报送进展情况"
    if matter.report_cycle == Cycle.QUARTERLY:
        return f"每季度末月{matter.report_day}日前报送进展情况"
    if matter.report_cycle == Cycle.MILESTONE:
        return "按阶段目标时限报送完成情况"
    return "有重要进展随时报送"


def _task_rows(task) -> list[list[str]]:
    matter = task.matter
    co = "、".join(u.short_name or u.name for u in matter.co_units.all()) or "—"
    rows = [
        ["立项号", matter.number],
        ["事项名称", matter.title],
        ["事项来源", matter.get_source_display() + (f"（{matter.source_ref}）" if matter.source_ref else "")],
        ["牵头领导", str(matter.leader) if matter.leader else "—"],
        ["牵头单位", matter.lead_unit.name],
        ["配合单位", co],
        ["承办任务", task.title if task.title != matter.title else "按事项要求办理"],
        ["目标要求", matter.target or "—"],
        ["完成时限", zh_date_text(task.deadline)],
    ]
    milestones = [c for c in task.children.all() if c.is_milestone]
    if milestones:
        rows.append(["阶段目标", "；".join(f"{zh_date_text(m.deadline)}前{m.title}" for m in milestones)])
    rows.append(["反馈要求", _cycle_text(matter)])
    return rows


def _para(text, **kw) -> dict:
    return {"type": "para", "text": text, **kw}


def _content_for_task(kind: str, task, at: datetime, reason: str) -> dict:
    matter = task.matter
    cal = get_calendar()
    today = _local_day(at)
    blocks = []
    if kind == DocKind.ASSIGN:
        accept_due = task.accept_clock.due_at if task.accept_clock_id else None
        blocks.append(_para(f"根据{matter.get_source_display()}{('（' + matter.source_ref + '）') if matter.source_ref else ''}"
                            f"有关要求，现将下列督查事项交你单位办理。请高度重视，明确责任领导和责任人，"
                            f"于{zh_date_text(accept_due) if accept_due else '收到本通知后1个工作日内'}前在中枢系统签收，"
                            f"按要求报送进展，按时办结。"))
        blocks.append({"type": "table", "header": ["项目", "内容"], "rows": _task_rows(task), "widths": [30, 126]})
        blocks.append(_para("确因客观原因不能按期完成的，须在完成时限前提出延期申请，经单位主要负责同志同意后报督查室审批。"
                            "非本单位职责的，请于交办后"
                            f"{settings.ZHONGSHU_SUPERVISION_RETURN_WORKDAYS}个工作日内说明理由退回。"))
    else:
        due_day = task.deadline
        overdue = max(0, cal.workdays_between(due_day, today).value) if today > due_day else 0
        state = f"已逾期{overdue}个工作日" if overdue else "临近完成时限"
        if kind == DocKind.REMIND:
            blocks.append(_para(f"你单位承办的督查事项「{matter.title}」（立项号{matter.number}），完成时限为"
                                f"{zh_date_text(due_day)}，截至{zh_date_text(today)}{state}，尚未办结。"))
            if reason:
                blocks.append(_para(reason))
            blocks.append(_para("请你单位接此通知后立即组织办理，于3个工作日内将办理进展及未按期办结的原因书面报送督查室。"
                                "逾期不办结的，将转入督办并在督查通报中予以通报。"))
        else:
            blocks.append(_para(f"你单位承办的督查事项「{matter.title}」（立项号{matter.number}），完成时限为"
                                f"{zh_date_text(due_day)}，截至{zh_date_text(today)}{state}，经催办仍未办结。"
                                "根据督查督办工作有关规定，现予督办。"))
            if reason:
                blocks.append(_para(f"督办事由：{reason}"))
            blocks.append({"type": "table", "header": ["项目", "内容"], "rows": _task_rows(task), "widths": [30, 126]})
            blocks.append(_para("请你单位主要负责同志亲自过问，于5个工作日内办结并报送办结材料；确有困难的，"
                                "须书面说明原因、整改措施和完成时间。该事项将在下期督查通报中通报。"))
    blocks.append(_para(f"联系人：督查室　　{matter.assigned_by or matter.registered_by or ''}"))
    return {"issuer": office_name(), "title": TITLES[kind], "addressee": f"{task.unit.name}：", "blocks": blocks,
            "signature": f"{office_name()}督查室", "date": today.isoformat(),
            "copy_to": "" if kind == DocKind.ASSIGN else ("、".join(
                filter(None, [str(matter.leader) if matter.leader else ""]))),
            }


def issue(kind: str, task, *, by=None, at: datetime | None = None, reason: str = "") -> SupervisionDoc:
    """Number and store a 交办通知单 / 催办通知 / 督办通知单 for `task`."""
    at = at or timezone.now()
    year = _local_day(at).year
    seq = next_number(SERIES, year)
    content = _content_for_task(kind, task, at, reason)
    content["number"] = doc_number(year, seq)
    return SupervisionDoc.objects.create(
        kind=kind, number=content["number"], seq=seq, year=year, title=f"{TITLES[kind]}：{task.matter.title}"[:300],
        matter=task.matter, task=task, unit=task.unit, issued_at=at, issued_by=by, content=content)


def issue_bulletin(content: dict, *, start: date, end: date, by=None, at: datetime | None = None) -> SupervisionDoc:
    """Number and store a 督查通报 whose content was built by bulletin.build()."""
    at = at or timezone.now()
    year = _local_day(at).year
    seq = next_number(SERIES, year)
    content = dict(content, number=doc_number(year, seq))
    return SupervisionDoc.objects.create(kind=DocKind.BULLETIN, number=content["number"], seq=seq, year=year,
                                         title=content["title"][:300], issued_at=at, issued_by=by,
                                         period_start=start, period_end=end, content=content)


def render(doc: SupervisionDoc) -> bytes:
    """The .docx of an issued paper, from its stored content."""
    from zhongshu import paper

    c = doc.content
    blocks = []
    for block in c.get("blocks", []):
        if block["type"] == "heading":
            blocks.append(paper.Heading(block["level"], block["text"]))
        elif block["type"] == "table":
            blocks.append(paper.Table(header=block["header"], rows=block["rows"],
                                      col_widths_mm=block.get("widths"), font_size_pt=block.get("size", 12)))
        else:
            blocks.append(paper.Para(block["text"]))
    day = date.fromisoformat(c["date"])
    return paper.render_docx(paper.Paper(
        issuer=c.get("issuer"), number=c.get("number"), title=c["title"], addressee=c.get("addressee", ""),
        blocks=blocks, attachments=c.get("attachments") or [], signature=c.get("signature", ""), date=day,
        copy_to=c.get("copy_to") or None, printer=c.get("issuer"), print_date=day))


def filename(doc: SupervisionDoc) -> str:
    return f"{doc.get_kind_display()}（{doc.number}）.docx"
