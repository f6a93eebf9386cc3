"""The weekly 12345 热线工作情况通报 (.docx, GB/T 9704 通报 layout through zhongshu.paper).

    period = kpi.parse_week("2026-W10", today)
    content = issue(period, by=user)      # numbered: 2026年第N期 (one number per week, kept)
    data = render(content)                # .docx bytes

Content: the period, the totals and the seven rates with their numerators and denominators (the
figures of kpi.report — the same as the KPI page), a table of the units ranked by 按时办结率 then
满意率, the 红黑榜 (the BOARD_SIZE — at most half of the ranked units — best and worst units by 按时办结率
and by 满意率, among units with at least BOARD_MIN tickets in the denominator, so that one ticket
does not make a unit "worst"),
and the 督办 count: tickets whose hotline.handle clock was escalated (a 督办 rung fired,
ClockEvent kind "escalate") in the period.

Numbering: 期号 from core.numbering, series "hotline.bulletin" per ISO year of the week. The
number given to a week is kept in its own Sequence row ("hotline.bulletin.week.<YYYY-Www>", last =
the 期号), so downloading the 通报 of a week again gives the same 期号 (the figures are those of the
moment of download).
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from zhongshu.core.models import Sequence
from zhongshu.core.numbering import next_number

from . import kpi

SERIES = "hotline.bulletin"
BOARD_SIZE = 3
BOARD_MIN = 5


def week_key(period: kpi.Period) -> tuple[int, str]:
    year, week, _ = period.start.isocalendar()
    return year, f"{year}-W{week:02d}"


def issue_number(period: kpi.Period) -> tuple[int, int]:
    """(year, 期号) of the week's 通报: taken once from the series, then kept for that week."""
    year, key = week_key(period)
    own = f"{SERIES}.week.{key}"
    with transaction.atomic():
        Sequence.objects.select_for_update().get_or_create(key=SERIES, year=year, defaults={"last": 0})
        kept = Sequence.objects.filter(key=own, year=year).values_list("last", flat=True).first()
        if kept:
            return year, kept
        n = next_number(SERIES, year)
        Sequence.objects.create(key=own, year=year, last=n)
    return year, n


def escalations(period: kpi.Period) -> dict:
    """{unit_id: tickets whose hotline.handle clock escalated in the period} (one grouped query)."""
    from django.contrib.contenttypes.models import ContentType

    from zhongshu.clocks.models import ClockEvent, EventKind

    from .models import Ticket
    from .transitions import HANDLE_KIND

    start, end = period.moments()
    rows = (ClockEvent.objects.filter(kind=EventKind.ESCALATE, at__gte=start, at__lt=end, clock__kind=HANDLE_KIND,
                                      clock__content_type=ContentType.objects.get_for_model(Ticket))
            .values("clock__unit_id").annotate(n=Count("clock__object_id", distinct=True)).order_by())
    return {r["clock__unit_id"]: r["n"] for r in rows}


def _zh(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _rank_key(row: kpi.Row):
    on_time, sat = row.rate("on_time"), row.rate("satisfy")
    return (on_time is None, -(on_time or 0), sat is None, -(sat or 0), row.name)


def board(rows: list[kpi.Row], key: str) -> tuple[list[kpi.Row], list[kpi.Row]]:
    """(best, worst) units by the rate `key`, among those with ≥ BOARD_MIN in its denominator."""
    d = kpi.RATE_BY_KEY[key]
    ranked = sorted((r for r in rows if r.unit is not None and r.counts[d.denominator] >= BOARD_MIN),
                    key=lambda r: (-(r.rate(key) or 0), r.name))
    k = min(BOARD_SIZE, len(ranked) // 2)  # never the same unit on both lists
    if not k:
        return [], []
    worst = sorted(ranked[-k:], key=lambda r: ((r.rate(key) or 0), r.name))
    return ranked[:k], worst


def _rate_text(row: kpi.Row, d: kpi.RateDef) -> str:
    num, den = row.counts[d.numerator], row.counts[d.denominator]
    return f"{d.name}{kpi.percent(row.rate(d.key))}（{num}/{den}）"


def build(period: kpi.Period, *, number: str = "", now: datetime | None = None) -> dict:
    """The 通报's content (plain data; render() makes the .docx)."""
    from zhongshu.org.office import office_name

    rep = kpi.report(period)
    esc = escalations(period)
    units = sorted((r for r in rep.rows if r.unit is not None), key=_rank_key)
    t = rep.total
    total_esc = sum(esc.values())
    blocks = [
        {"type": "para", "text": f"现将{_zh(period.start)}至{_zh(period.end)}12345政务服务便民热线工单办理情况通报如下。"},
        {"type": "heading", "level": 1, "text": "一、总体情况"},
        {"type": "para", "text": (
            f"本期受理群众诉求{t.counts['received']}件，派单{t.counts['dispatched']}件，办结{t.counts['closed']}件"
            f"（其中承办单位办结{t.counts['unit_closed']}件），已回访{t.counts['called_back']}件；"
            f"办理超时被督办{total_esc}件。")},
        {"type": "para", "text": "；".join(_rate_text(t, d) for d in kpi.RATES) + "。"},
        {"type": "heading", "level": 1, "text": "二、各单位办理情况"},
        {"type": "para", "text": "各承办单位按按时办结率（相同时按满意率）排序如下。"},
        {"type": "table",
         "header": ["序号", "单位", "受理", "办结", *[d.name for d in kpi.RATES], "督办"],
         "rows": [[i, r.name, r.counts["received"], r.counts["closed"],
                   *[kpi.percent(r.rate(d.key)) for d in kpi.RATES], esc.get(r.unit_id, 0)]
                  for i, r in enumerate(units, 1)]
         + [["", "合计", t.counts["received"], t.counts["closed"], *[kpi.percent(t.rate(d.key)) for d in kpi.RATES],
             total_esc]],
         "widths": [9, 25, 11, 11, 13, 13, 13, 14, 14, 13, 14, 10], "size": 10.5},
        {"type": "heading", "level": 1, "text": "三、红黑榜"},
    ]
    for key, what in (("on_time", "按时办结率"), ("satisfy", "满意率")):
        best, worst = board(rep.rows, key)
        d = kpi.RATE_BY_KEY[key]
        blocks.append({"type": "para", "text": (
            f"{what}红榜：" + ("、".join(f"{r.name}（{kpi.percent(r.rate(key))}）" for r in best) if best else "无")
            + f"。{what}黑榜：" + ("、".join(f"{r.name}（{kpi.percent(r.rate(key))}）" for r in worst) if worst else "无")
            + f"。（{d.denominator == 'unit_closed' and '承办单位办结' or '已回访'}不少于{BOARD_MIN}件的单位参加排名）")})
    blocks += [
        {"type": "heading", "level": 1, "text": "四、有关要求"},
        {"type": "para", "text": "各承办单位要压实工作责任，对照通报逐项分析超时办结、群众不满意的原因，"
                                 "严格落实首接负责和限时办结要求；列入黑榜的单位要于3个工作日内将整改措施报送市12345热线办。"},
        {"type": "heading", "level": 1, "text": "附：指标口径"},
        *({"type": "para", "text": f"{term}：{text}"} for term, text in kpi.DEFINITIONS),
    ]
    issue_day = timezone.localtime(now or timezone.now()).date()
    office = office_name()
    year = period.start.isocalendar()[0]
    return {"issuer": office, "number": number, "year": year,
            "title": f"12345政务服务便民热线工作情况通报（{year}年第{number or '　'}期）",
            "period": f"{_zh(period.start)}至{_zh(period.end)}",
            "addressee": "各县区人民政府，市政府各部门，各有关单位：", "blocks": blocks,
            "signature": office, "date": issue_day.isoformat(), "copy_to": "市委办公室，市人大常委会办公室，市政协办公室",
            "figures": {"total": t.counts, "rates": t.rates, "escalated": total_esc,
                        "units": [{"unit_id": r.unit_id, "name": r.name, "rates": r.rates} for r in units]}}


def issue(period: kpi.Period, *, by=None, now: datetime | None = None) -> dict:
    year, n = issue_number(period)
    return build(period, number=str(n), now=now)


def render(content: dict) -> bytes:
    from zhongshu import paper

    blocks = []
    for block in content["blocks"]:
        if block["type"] == "heading":
            blocks.append(paper.Heading(block["level"], block["text"]))
        elif block["type"] == "table":
            blocks.append(paper.Table(header=block["header"], rows=block["rows"], col_widths_mm=block.get("widths"),
                                      font_size_pt=block.get("size", 12)))
        else:
            blocks.append(paper.Para(block["text"]))
    day = date.fromisoformat(content["date"])
    return paper.render_docx(paper.Paper(
        issuer=content["issuer"], title=content["title"], addressee=content["addressee"], blocks=blocks,
        signature=content["signature"], date=day, copy_to=content["copy_to"], printer=content["issuer"],
        print_date=day))


def filename(content: dict) -> str:
    return f"12345热线工作情况通报（{content['year']}年第{content['number']}期）.docx"
