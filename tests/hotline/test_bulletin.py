"""The weekly 12345 通报 (.docx): opened again with python-docx — title with its 期号, the period,
the unit table equal to kpi.py, the 红黑榜, the 督办 count, the fonts (w:eastAsia), the scope."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from docx import Document
from docx.oxml.ns import qn
from hl_time import at

from zhongshu.hotline import bulletin, kpi
from zhongshu.hotline.models import Ticket

pytestmark = pytest.mark.django_db

WEEK = kpi.Period(date(2026, 3, 2), date(2026, 3, 8), "week")
_seq = iter(range(1, 10**6))


def make(unit, **kw):
    n = next(_seq)
    data = dict(number=f"B{n:07d}", title="测试", description="测试", retrieval_code="123456",
                received_at=at(2026, 3, 3, 10), caller_phone=f"138{n:08d}", unit=unit,
                dispatched_at=at(2026, 3, 3, 11), accepted_at=at(2026, 3, 3, 12))
    data.update(kw)
    return Ticket.objects.create(**data)


def done(unit, late=False, satisfaction="satisfied"):
    return make(unit, closed_at=at(2026, 3, 4), replied_at=at(2026, 3, 4), closed_how="unit", resolution="solved",
                replied_late=late, callback_at=at(2026, 3, 5), satisfaction=satisfaction, state="finished")


@pytest.fixture
def week(hl, monkeypatch):
    monkeypatch.setattr(bulletin, "BOARD_MIN", 2)
    jt, sl, dc = hl.city.traffic, hl.city.water, hl.city.east
    for _ in range(4):
        done(jt)                                   # 市交通局: 4/4 on time, 4/4 satisfied
    done(sl), done(sl, late=True), done(sl, late=True, satisfaction="unsatisfied")  # 市水利局: 1/3, 2/3
    done(dc), done(dc, late=True)                  # 东城区: 1/2, 2/2
    return hl


def _escalate(ticket, when):
    """A 督办 on the ticket's handle clock, as the sweeper records it."""
    from zhongshu import clocks
    from zhongshu.clocks.models import ClockEvent, EventKind

    clock = clocks.start_clock(ticket, kind="hotline.handle", unit=ticket.unit, title=ticket.title,
                               limit=clocks.Limit.workdays(5), started_at=when - timedelta(days=10))
    ClockEvent.objects.create(clock=clock, kind=EventKind.ESCALATE, at=when, reason="超时督办")


def _docx(data: bytes):
    return Document(io.BytesIO(data))


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_bulletin_docx(week):
    hl = week
    t = Ticket.objects.filter(unit=hl.city.water).first()
    _escalate(t, at(2026, 3, 5, 10))
    _escalate(t, at(2026, 3, 6, 10))              # twice on one ticket: one ticket
    _escalate(Ticket.objects.filter(unit=hl.city.east).first(), at(2026, 3, 12))  # after the week: not counted
    kpi.refresh()
    content = bulletin.issue(WEEK, by=hl.head)
    doc = _docx(bulletin.render(content))
    text = _text(doc)
    n = content["number"]
    assert f"12345政务服务便民热线工作情况通报（2026年第{n}期）" in text
    assert "2026年3月2日至2026年3月8日" in text
    assert "办理超时被督办1件" in text
    rep = kpi.report(WEEK)
    table = doc.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[:4] == ["序号", "单位", "受理", "办结"] and header[4:11] == [d.name for d in kpi.RATES]
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[1] for r in body] == ["市交通局", "东城区", "市水利局", "合计"]  # ranked by 按时办结率
    by_name = {r.name: r for r in rep.rows}
    for cells in body[:-1]:
        row = by_name[cells[1]]
        assert cells[4:11] == [kpi.percent(row.rate(d.key)) for d in kpi.RATES]
        assert int(cells[2]) == row.counts["received"] and int(cells[3]) == row.counts["closed"]
    assert body[-1][4:11] == [kpi.percent(rep.total.rate(d.key)) for d in kpi.RATES]
    assert body[2][-1] == "1" and body[1][-1] == "0"
    assert "按时办结率黑榜：市水利局（33.3%）" in text and "按时办结率红榜：市交通局（100%）" in text
    assert "满意率黑榜：市水利局（66.7%）" in text
    for _term, definition in kpi.DEFINITIONS:
        assert definition in text
    by_text = {p.text: p for p in doc.paragraphs}
    title = next(p for p in doc.paragraphs if p.text.startswith("12345政务服务便民热线工作情况通报"))
    assert east_asia(title) == "方正小标宋简体"
    assert east_asia(by_text["一、总体情况"]) == "黑体"
    body = next(p for p in doc.paragraphs if p.text.startswith("现将2026年3月2日"))
    assert east_asia(body) == "仿宋_GB2312"


def east_asia(paragraph) -> str:
    """The Chinese font of a paragraph's first run: on the run, else on its style chain."""
    for run in paragraph.runs:
        fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
    style = paragraph.style
    while style is not None:
        rpr = style.element.rPr
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
        style = style.base_style
    return ""


def test_number_is_kept_per_week(week):
    first = bulletin.issue(WEEK)["number"]
    assert bulletin.issue(WEEK)["number"] == first
    other = bulletin.issue(kpi.Period(date(2026, 3, 9), date(2026, 3, 15), "week"))["number"]
    assert int(other) == int(first) + 1


def test_download(week, client):
    hl = week
    client.force_login(hl.jt_liaison)
    assert client.get("/hotline/kpi/bulletin.docx?week=2026-W10").status_code == 403
    client.force_login(hl.mayor)
    r = client.get("/hotline/kpi/bulletin.docx?week=2026-W10")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in r["Content-Disposition"]
    assert "2026年3月2日至2026年3月8日" in _text(_docx(r.content))
    r = client.get("/hotline/kpi/bulletin.docx?week=2026-10")
    assert r.status_code == 400 and "周次格式不正确" in r.content.decode()
