"""研判: what the tickets of a period say together — hot topics (one problem, many citizens),
rising places and categories, risk keywords — and turning a hot topic into a 督办 matter.

The clustering and the heat formula are in topics/ (pure functions, measured in bench/);
this module reads the period's tickets in one query, hands them over, and links the results
back to tickets. A period holds at most MAX_ITEMS tickets (the newest), stated on the page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from zhongshu.core.errors import UserError

from . import topics
from .choices import StepKind
from .models import Ticket
from .permissions import check

MAX_ITEMS = 20_000


@dataclass
class Period:
    start: date
    end: date

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def text(self) -> str:
        return f"{self.start:%Y年%m月%d日}至{self.end:%Y年%m月%d日}".replace("年0", "年").replace("月0", "月")


def parse_period(start: str | None, end: str | None, today: date) -> Period:
    try:
        end_d = date.fromisoformat(end) if end else today
        start_d = date.fromisoformat(start) if start else end_d - timedelta(days=29)
    except ValueError:
        raise UserError("日期格式不正确（如 2026-11-01）", code="invalid_date")
    if start_d > end_d:
        raise UserError("开始日期不能晚于结束日期", code="invalid_period")
    if (end_d - start_d).days > 366:
        raise UserError("研判期间不能超过一年", code="invalid_period")
    return Period(start_d, end_d)


def items_for(user, period: Period, *, category_id: int | None = None):
    qs = (Ticket.objects.restrict(user).filter(received_at__gte=period.since, received_at__lt=period.until)
          .exclude(state="merged"))
    if category_id:
        qs = qs.filter(category_id=category_id)
    rows = list(qs.order_by("-received_at").values_list("id", "title", "description", "caller_phone", "place",
                                                        "received_at", "votes", "category__name", "unit__name", "number")
                [:MAX_ITEMS])
    items = [topics.Item(id=r[0], title=r[1], text=f"{r[1]} {r[2]}", caller=r[3] or "", place=r[4] or "",
                         at=r[5], votes=r[6] or 0) for r in rows]
    meta = {r[0]: {"category": r[7] or "", "unit": r[8] or "", "number": r[9], "title": r[1]} for r in rows}
    return items, meta, len(rows) >= MAX_ITEMS


def hot_topics(user, period: Period, *, category_id=None, limit: int = 20):
    items, meta, capped = items_for(user, period, category_id=category_id)
    clusters = [c for c in topics.find_clusters(items, now=period.until) if c.size >= 2]
    clusters.sort(key=lambda c: -c.heat)
    out = []
    for c in clusters[:limit]:
        units = Counter(meta[i]["unit"] for i in c.ids if meta[i]["unit"])
        cats = Counter(meta[i]["category"] for i in c.ids if meta[i]["category"])
        out.append({"cluster": c, "unit": units.most_common(1)[0][0] if units else "",
                    "category": cats.most_common(1)[0][0] if cats else "",
                    "tickets": [(i, meta[i]["number"], meta[i]["title"]) for i in c.ids[:50]]})
    return out, items, capped


def daily_counts(items, period: Period) -> dict:
    days = [period.start + timedelta(days=n) for n in range((period.end - period.start).days + 1)]
    counts = Counter(timezone.localtime(i.at).date() for i in items)
    return {"days": [d.isoformat() for d in days], "counts": [counts.get(d, 0) for d in days]}


def risk_tickets(items, limit: int = 30):
    out = []
    for item in items:
        hits = topics.risk_hits(item.text)
        if hits:
            out.append((item, hits))
    return out[:limit]


def to_matter(user, ticket_ids: list[int], *, title: str, lead_unit, deadline: date, basis: str = "",
              at: datetime | None = None):
    """Turn a hot topic (its tickets) into one 督办 matter, through the supervision app's public
    function; every ticket records the matter and a step. Nothing changes if the matter is refused."""
    from zhongshu import supervision

    check(user, "to_matter")
    tickets = list(Ticket.objects.restrict(user).filter(pk__in=ticket_ids).order_by("received_at"))
    if len(tickets) < 1:
        raise UserError("请选择至少一张工单", code="no_tickets")
    if any(t.matter_id for t in tickets):
        taken = next(t for t in tickets if t.matter_id)
        raise UserError(f"工单 {taken.number} 已转督办，不能重复立项", code="already_matter")
    numbers = "、".join(t.number for t in tickets[:10]) + ("等" if len(tickets) > 10 else "")
    at = at or timezone.now()
    with transaction.atomic():
        matter = supervision.register_from(
            tickets[0], by=user, at=at, title=title, lead_unit=lead_unit, deadline=deadline, source="hotline",
            source_ref=f"12345 热点问题（{len(tickets)} 张工单）",
            basis=(basis + "\n" if basis else "") + f"12345 热线研判：{len(tickets)} 张工单反映同一问题（{numbers}）。")
        Ticket.objects.filter(pk__in=[t.pk for t in tickets]).update(matter_id=matter.pk)
        from .transitions import step

        for t in tickets:
            step(t, StepKind.MATTER, user, at, f"转督办事项 {matter.number}", public=False)
        from zhongshu import audit

        audit.record_many([{"action": "transition", "obj": t, "note": f"转督办：{matter.number}",
                            "changes": {"matter_id": [None, matter.pk]}} for t in tickets])
    return matter
