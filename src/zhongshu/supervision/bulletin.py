"""The period 督查通报: its text built from stats.period_figures, then issued (numbered) or previewed.

    content = build(start, end, now)              # the paper's content (no number yet)
    doc = documents.issue_bulletin(content, start=start, end=end, by=user)

It praises units that finished everything on time and names every task overdue at the end of
the period (escalated ones marked 已督办), as offices' 通报 do ("导向鲜明、奖惩严格").
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from zhongshu.workcal.display import zh_date_text

from .documents import office_name
from .stats import period_figures, rate

QUARTERS = {(1, 3): "第一季度", (4, 6): "第二季度", (7, 9): "第三季度", (10, 12): "第四季度"}


def period_label(start: date, end: date) -> str:
    import calendar

    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if whole_months and start.year == end.year:
        if (start.month, end.month) in QUARTERS:
            return f"{start.year}年{QUARTERS[(start.month, end.month)]}"
        if start.month == end.month:
            return f"{start.year}年{start.month}月"
        if (start.month, end.month) == (1, 12):
            return f"{start.year}年度"
        if (start.month, end.month) == (1, 6):
            return f"{start.year}年上半年"
    return f"{zh_date_text(start)}至{zh_date_text(end)}"


def _para(text):
    return {"type": "para", "text": text}


def _heading(level, text):
    return {"type": "heading", "level": level, "text": text}


def build(start: date, end: date, now: datetime | None = None) -> dict:
    if end < start:
        from zhongshu.core.errors import UserError

        raise UserError("通报截止日不能早于起始日", code="invalid_period")
    figures = period_figures(start, end, now)
    label = period_label(start, end)
    total = figures.total("total")
    on_time, late = figures.total("done_on_time"), figures.total("done_late")
    overdue, going = figures.total("overdue"), figures.total("in_progress")
    rejected = figures.total("rejected")
    on_time_rate = rate(on_time, on_time + late)
    as_of_day = timezone.localtime(figures.as_of).date()
    issue_day = timezone.localtime(now or timezone.now()).date()
    blocks = [
        _para(f"为推动市委、市政府决策部署落地落实，现将{label}督查事项办理情况通报如下。"),
        _heading(1, "一、总体情况"),
        _para(f"截至{zh_date_text(as_of_day)}，纳入督办的任务共{total}项。其中，按期办结{on_time}项，逾期办结{late}项，"
              f"正在办理{going}项，逾期未办结{overdue}项；办结申请被驳回重办{rejected}次。"
              + (f"按期办结率{on_time_rate:g}%。" if on_time_rate is not None else "")),
        {"type": "table", "header": ["单位", "任务总数", "正在办理", "按期办结", "逾期办结", "逾期未办结", "驳回重办"],
         "rows": [[u.unit.short_name or u.unit.name, u.total, u.in_progress, u.done_on_time, u.done_late, u.overdue,
                   u.rejected] for u in figures.units]
         + [["合计", total, going, on_time, late, overdue, rejected]],
         "widths": [40, 18, 18, 20, 20, 22, 18], "size": 12},
    ]
    praised = [u.unit.short_name or u.unit.name for u in figures.units
               if u.done_on_time and not u.done_late and not u.overdue and not u.rejected]
    blocks.append(_heading(1, "二、表扬和通报"))
    blocks.append(_heading(2, "（一）按期办结、成效明显的单位"))
    blocks.append(_para(("、".join(praised) + "等单位承办的督查任务全部按期办结，予以表扬。") if praised
                        else "本期没有全部任务按期办结的单位。"))
    blocks.append(_heading(2, "（二）逾期未办结的事项"))
    if figures.overdue:
        blocks.append(_para(f"以下{len(figures.overdue)}项任务逾期未办结，予以通报："))
        blocks.append({"type": "table", "header": ["单位", "事项", "完成时限", "逾期（工作日）", "督办"],
                       "rows": [[i["task"].unit.short_name or i["task"].unit.name,
                                 f"{i['task'].matter.number} {i['task'].matter.title}",
                                 zh_date_text(i["task"].deadline), i["days"], "已督办" if i["escalated"] else ""]
                                for i in figures.overdue],
                       "widths": [28, 70, 26, 18, 14], "size": 12})
    else:
        blocks.append(_para("本期没有逾期未办结的事项。"))
    blocks.append(_heading(1, "三、下一步工作要求"))
    blocks.append(_para("各单位要对照台账逐项梳理，对逾期未办结的事项，主要负责同志要亲自过问，明确整改措施和完成时限，"
                        "于5个工作日内将办理情况报送督查室；对已办结的事项，要巩固成效，防止反弹，督查室将适时开展回头看。"))
    office = office_name()
    return {"issuer": office, "title": f"关于{label}督查事项办理情况的通报",
            "addressee": "各县区人民政府，市政府各部门：", "blocks": blocks, "signature": office,
            "date": issue_day.isoformat(), "copy_to": "市委办公室，市人大常委会办公室，市政协办公室",
            "figures": {"total": total, "in_progress": going, "done_on_time": on_time, "done_late": late,
                        "overdue": overdue, "rejected": rejected}}
