"""The papers of 督查督办 opened again with python-docx: A4, GB/T 9704 margins, fonts, 文号, text,
dates without zero padding; numbered consecutively and reprinted identically."""

from __future__ import annotations

import io
from datetime import date

import pytest
import sv_flow as flow
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from sv_time import at

from zhongshu.supervision import bulletin, documents
from zhongshu.supervision import transitions as t
from zhongshu.supervision.models import SupervisionDoc


def open_doc(doc: SupervisionDoc):
    return Document(io.BytesIO(documents.render(doc)))


def text_of(d) -> str:
    cells = [c.text for table in d.tables for row in table.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def east_asia(d, paragraph) -> str:
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


def size_pt(paragraph) -> float:
    for run in paragraph.runs:
        if run.font.size:
            return run.font.size.pt
    style = paragraph.style
    while style is not None:
        if style.font.size:
            return style.font.size.pt
        style = style.base_style
    return 0.0


def color(paragraph) -> str:
    for run in paragraph.runs:
        if run.font.color is not None and run.font.color.rgb is not None:
            return str(run.font.color.rgb)
    style = paragraph.style
    while style is not None:
        if style.font.color is not None and style.font.color.rgb is not None:
            return str(style.font.color.rgb)
        style = style.base_style
    return ""


def paragraph(d, startswith: str):
    found = [p for p in d.paragraphs if p.text.startswith(startswith)]
    assert found, [p.text[:15] for p in d.paragraphs]
    return found[0]


def check_layout(d):
    section = d.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.2) and abs(section.page_height - Mm(297)) < Mm(0.2)
    for margin, mm in (("top_margin", 37), ("bottom_margin", 35), ("left_margin", 28), ("right_margin", 26)):
        assert abs(getattr(section, margin) - Mm(mm)) < Mm(0.2), margin


@pytest.fixture
def escalated(people, new_matter):
    lead = flow.in_progress(people, new_matter(milestones=[(date(2026, 3, 31), "完成主体结构")]))
    return lead, t.escalate(lead, people.supervisor, reason="逾期未办结，经催办仍无进展", at=at(2026, 7, 8))


def test_the_assign_notice(people, new_matter):
    flow.assigned(people, new_matter(milestones=[(date(2026, 3, 31), "完成主体结构")], source_ref="2026年政府工作报告"))
    doc = SupervisionDoc.objects.get(kind="assign", unit__short_name="市交通局")
    d = open_doc(doc)
    check_layout(d)
    body = text_of(d)
    assert doc.number == "政办督〔2026〕1号" and doc.number in body
    assert "督查事项交办通知单" in body and "示例市交通运输局：" in body
    assert "建成城市快速路二期工程" in body and "2026年6月30日" in body and "2026年3月31日前完成主体结构" in body
    assert "每月25日前报送进展情况" in body and "2026年1月6日" in body  # 签收 by
    assert "2026年1月5日" in body and "01月" not in body and "月05日" not in body
    title = paragraph(d, "督查事项交办通知单")
    assert east_asia(d, title) == "方正小标宋简体" and size_pt(title) == 22
    body_par = paragraph(d, "根据政府工作报告")
    assert east_asia(d, body_par) == "仿宋_GB2312" and size_pt(body_par) == 16
    mark = paragraph(d, "示例市人民政府办公室")
    assert color(mark) == "FF0000" and east_asia(d, mark) == "方正小标宋简体"


def test_the_escalation_notice_and_the_reminder(people, escalated):
    lead, doc = escalated
    d = open_doc(doc)
    check_layout(d)
    body = text_of(d)
    assert "督查事项督办通知单" in body and "截至2026年7月8日已逾期6个工作日" in body
    assert "督办事由：逾期未办结，经催办仍无进展" in body and "2026年7月8日" in body
    reminder = t.remind(lead, people.supervisor, note="请于本周内报送", at=at(2026, 7, 9))
    text = text_of(open_doc(reminder))
    assert "督查事项催办通知" in text and "请于本周内报送" in text and "已逾期7个工作日" in text
    assert [doc.seq, reminder.seq] == [3, 4]  # after the two 交办通知单: one series per year


def test_a_reprint_is_the_same_paper_even_after_the_task_moved(people, escalated):
    lead, doc = escalated
    first = text_of(open_doc(doc))
    lead.title = "改过的任务名"
    lead.save()
    doc.refresh_from_db()
    assert text_of(open_doc(doc)) == first


def test_the_period_bulletin(people, new_matter, city):
    late = new_matter(title="建成智慧停车管理平台", lead_unit=city.east, co_units=[], deadline=date(2026, 5, 15))
    lead = flow.assigned(people, late)
    t.accept(lead, people.dc_liaison, at=at(2026, 1, 6))
    done = new_matter(title="新建改建农村公路80公里", co_units=[], deadline=date(2026, 5, 29))
    task = flow.in_progress(people, done)
    item = t.request_completion(task, people.jt_liaison, result="完工", at=at(2026, 5, 20))
    t.review_completion(item, people.supervisor, accept=False, comment="缺少验收证明", at=at(2026, 5, 21))
    item = t.request_completion(task, people.jt_liaison, result="补充验收证明", at=at(2026, 5, 25))
    t.review_completion(item, people.supervisor, accept=True, at=at(2026, 5, 26))
    content = bulletin.build(date(2026, 4, 1), date(2026, 6, 30), now=at(2026, 7, 1, 10))
    assert content["figures"] == {"total": 2, "in_progress": 0, "done_on_time": 1, "done_late": 0, "overdue": 1,
                                  "rejected": 1}
    doc = documents.issue_bulletin(content, start=date(2026, 4, 1), end=date(2026, 6, 30), by=people.supervisor,
                                   at=at(2026, 7, 1, 10))
    d = open_doc(doc)
    check_layout(d)
    body = text_of(d)
    assert "关于2026年第二季度督查事项办理情况的通报" in body
    assert "按期办结1项" in body and "逾期未办结1项" in body and "驳回重办1次" in body
    assert "市交通局等单位承办的督查任务全部按期办结" not in body  # it had a rejection: not praised
    assert "建成智慧停车管理平台" in body and "已逾期" not in body
    counts = {row.cells[0].text: [c.text for c in row.cells] for row in d.tables[0].rows}
    assert counts["东城区"][1:] == ["1", "0", "0", "0", "1", "0"] and counts["合计"][1] == "2"
    assert "2026年7月1日" in body and "07月" not in body


def test_download_pages_respect_the_scope(client, people, escalated):
    lead, doc = escalated
    client.force_login(people.jt_liaison)
    response = client.get(f"/supervision/docs/{doc.pk}/")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml")
    client.force_login(people.dc_liaison)
    assert client.get(f"/supervision/docs/{doc.pk}/").status_code == 404
