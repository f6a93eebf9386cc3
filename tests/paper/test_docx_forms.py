"""The three forms of GB/T 9704-2012 reopened from .docx: 文件格式 (§7), 信函格式 (§10.1), 纪要格式 (§10.3).

Positions are measured in mm from what the file says: anchored shapes by their offsets from the
paper's edges, paragraphs by the margin plus their space before and exact line heights (the slack
of an exact line sits above the glyphs, as in test_docx_head).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from zhongshu.paper import Heading, Paper, Para, render_docx

from .conftest import make_paper
from .docx_inspect import (
    anchored_shapes,
    border,
    east_asia_font,
    imprint_box,
    indent,
    open_docx,
    par_prop,
    paragraph_starting,
    run_prop,
    size_pt,
    space_before,
    w,
)

LINE = 579
TWIPS_PER_MM = 1440 / 25.4
PT_MM = 25.4 / 72
ISSUER = "示例市人民政府办公室"


def make_letter(**changes) -> Paper:
    fields = dict(
        form="letter", issuer=ISSUER, number="示政办函〔2026〕5号",
        title="关于商请支持城市道路积水点整治工作的函", addressee="市水利局：",
        blocks=[Para("根据工作安排，现就有关事项函告如下。"), Heading(1, "一、基本情况"), Para("请于3月20日前函复。")],
        attachments=["积水点清单"], signature=ISSUER, date=date(2026, 3, 5), copy_to="市交通运输局",
    )
    fields.update(changes)
    return Paper(**fields)


def make_minutes(**changes) -> Paper:
    fields = dict(
        form="minutes", issuer="示例市人民政府常务会议纪要", number="第12期", title="市政府第12次常务会议纪要",
        blocks=[Para("3月5日，市长主持召开市政府第12次常务会议。"), Heading(1, "一、会议听取了汛期准备工作情况汇报")],
        signature=ISSUER, date=date(2026, 3, 5),
        attendees="张三、李四、王五、赵六、钱七、孙八、周九、吴十、郑十一、王十二、冯十三、陈十四、褚十五",
        absentees="卫十六（出差）", observers="市发展改革委、市财政局负责同志",
        copy_to="市委办公室", printer=ISSUER, print_date=date(2026, 3, 6),
    )
    fields.update(changes)
    return Paper(**fields)


FORMS = {"document": make_paper, "letter": make_letter, "minutes": make_minutes}


@pytest.fixture(scope="module")
def letter():
    return open_docx(render_docx(make_letter(classification="秘密★1年", urgency="特急")))


@pytest.fixture(scope="module")
def minutes():
    return open_docx(render_docx(make_minutes()))


def _all_text(doc) -> str:
    parts = [doc.element.body]
    section = doc.sections[0]
    for hf in (section.footer, section.even_page_footer, section.first_page_footer, section.first_page_header):
        if not hf.is_linked_to_previous:
            parts.append(hf._element)
    return "".join(t.text or "" for part in parts for t in part.iter(w("t")))


def _footer_has_page_field(footer) -> bool:
    return any((t.text or "").strip() == "PAGE" for t in footer._element.iter(w("instrText")))


# --- every form ---------------------------------------------------------------------------------
@pytest.mark.parametrize("form", FORMS)
def test_every_form_is_a4_with_the_margins_and_the_line_grid(form):
    doc = open_docx(render_docx(FORMS[form]()))
    section = doc.sections[0]
    for got, want in [(section.page_width, 210), (section.page_height, 297), (section.top_margin, 37),
                      (section.bottom_margin, 35), (section.left_margin, 28), (section.right_margin, 26)]:
        assert got / Mm(1) == pytest.approx(want, abs=0.05)
    assert int(section._sectPr.find(w("docGrid")).get(w("linePitch"))) == LINE


@pytest.mark.parametrize("form", FORMS)
def test_every_form_writes_dates_without_zero_padding(form):
    text = _all_text(open_docx(render_docx(FORMS[form]())))
    assert "2026年3月5日" in text
    assert not re.search(r"年0\d月|月0\d日", text)


@pytest.mark.parametrize("form", FORMS)
def test_body_fonts_are_the_same_in_every_form(form):
    doc = open_docx(render_docx(FORMS[form]()))
    title = paragraph_starting(doc, doc.core_properties.title[:4])
    assert (east_asia_font(doc, title), size_pt(doc, title)) == ("方正小标宋简体", 22)
    heading = paragraph_starting(doc, "一、")
    assert (east_asia_font(doc, heading), size_pt(doc, heading)) == ("黑体", 16)
    body = next(p for p in doc.paragraphs if p.style.name == "公文正文")
    assert (east_asia_font(doc, body), size_pt(doc, body)) == ("仿宋_GB2312", 16)


def test_the_document_form_has_no_shapes_and_numbers_page_one(full_doc):
    assert anchored_shapes(full_doc) == []
    section = full_doc.sections[0]
    assert section.different_first_page_header_footer is False
    assert _footer_has_page_field(section.footer)


# --- 信函格式 ------------------------------------------------------------------------------------
def _shapes(doc) -> dict:
    return {s["name"]: s for s in anchored_shapes(doc)}


def test_letter_mark_is_a_red_xiaobiaosong_text_box_30_mm_from_the_top_edge(letter):
    mark = _shapes(letter)["发文机关标志"]
    assert mark["text"] == ISSUER                                   # no “文件”
    assert mark["relative_to"] == ("page", "page") and not mark["wraps"]
    paragraph = Paragraph(mark["box"].find(w("p")), letter.part)
    assert east_asia_font(letter, paragraph) == "方正小标宋简体"
    assert run_prop(letter, paragraph, "color") == "FF0000"
    assert par_prop(letter, paragraph, "jc") == "center"
    line_pt = int(par_prop(letter, paragraph, "spacing", "line")) / 20
    glyph_top = mark["y"] + (line_pt - size_pt(letter, paragraph)) * PT_MM
    assert glyph_top == pytest.approx(30, abs=0.05)
    assert mark["x"] + mark["width"] / 2 == pytest.approx(28 + 156 / 2, abs=0.05)   # centred on the 版心
    assert not [p for p in letter.paragraphs if p.style.name == "发文机关标志"]      # only in the box


def test_letter_has_red_double_lines_170_mm_long_under_the_mark_and_20_mm_above_the_bottom(letter):
    shapes = _shapes(letter)
    rules = [shapes[n] for n in ("版头双线（粗）", "版头双线（细）", "页脚双线（细）", "页脚双线（粗）")]
    for rule in rules:
        assert rule["fill"] == "FF0000"
        assert rule["relative_to"] == ("page", "page") and not rule["wraps"]
        assert rule["width"] == pytest.approx(170, abs=0.01)
        assert rule["x"] == pytest.approx(21, abs=0.01)             # (210 − 170) / 2 … centred on the 版心
    top_thick, top_thin, bottom_thin, bottom_thick = rules
    mark_bottom = 30 + 36 * PT_MM                                    # 小初 mark
    assert top_thick["y"] == pytest.approx(mark_bottom + 4, abs=0.05)                # 标志下 4 mm
    assert top_thick["height"] > top_thin["height"] and top_thin["y"] > top_thick["y"] + top_thick["height"]
    assert bottom_thick["height"] > bottom_thin["height"] and bottom_thin["y"] < bottom_thick["y"]  # 上细下粗
    assert 297 - (bottom_thick["y"] + bottom_thick["height"]) == pytest.approx(20, abs=0.01)
    assert {r["paragraph"] for r in rules} == {letter.paragraphs[0]._p}    # anchored on page 1


def test_letter_number_is_top_right_and_the_labels_top_left_under_the_double_line(letter):
    first, second = letter.paragraphs[:2]
    assert first.text == "秘密★1年\t示政办函〔2026〕5号"
    assert east_asia_font(letter, first, first.runs[0]) == "黑体"
    assert east_asia_font(letter, first, first.runs[-1]) == "仿宋_GB2312"
    tab = first._p.pPr.find(w("tabs")).find(w("tab"))
    assert (tab.get(w("val")), int(tab.get(w("pos")))) == ("right", 8845)     # 顶格居版心右边缘
    assert indent(letter, first)["left"] == indent(letter, first)["first_line"] == 0
    assert second.text == "特急" and east_asia_font(letter, second) == "黑体" and space_before(letter, second) == 0
    thin = _shapes(letter)["版头双线（细）"]
    glyph_top = 37 + (space_before(letter, first) + LINE - 16 * 20) / TWIPS_PER_MM
    assert glyph_top - (thin["y"] + thin["height"]) == pytest.approx(16 * 7 / 8 * PT_MM, abs=0.1)   # 3号 × 7/8


def test_a_letter_with_only_a_number_puts_it_flush_right():
    doc = open_docx(render_docx(make_letter()))
    first = doc.paragraphs[0]
    assert first.text == "示政办函〔2026〕5号"
    assert par_prop(doc, first, "jc") == "right"


@pytest.mark.parametrize("changes", [{}, {"classification": "秘密★1年", "urgency": "特急"}, {"number": None}])
def test_letter_title_is_two_lines_under_the_last_head_line_on_the_grid(changes):
    doc = open_docx(render_docx(make_letter(**changes)))
    title = paragraph_starting(doc, "关于商请")
    head = doc.paragraphs[:[p._p for p in doc.paragraphs].index(title._p)]
    height = sum(space_before(doc, p) + LINE for p in head)
    before = space_before(doc, title)
    assert (height + before) % LINE == 0                              # page 1 keeps whole lines
    if head:
        assert abs(before - 2 * LINE) <= LINE / 2                    # 与其上最后一个要素相距2行
    # the title on the 4th line under the double line (the 5th with 特急), the 5th of the text block
    assert (height + before) // LINE == 4 + len(head[1:])


def test_letter_page_one_shows_no_page_number_the_others_do(letter):
    section = letter.sections[0]
    assert section.different_first_page_header_footer is True
    first = section.first_page_footer
    assert first.is_linked_to_previous is False
    assert not _footer_has_page_field(first) and "".join(p.text for p in first.paragraphs) == ""
    assert _footer_has_page_field(section.footer) and _footer_has_page_field(section.even_page_footer)
    assert section.footer.paragraphs[0]._p.pPr.find(w("jc")).get(w("val")) == "right"
    assert section.even_page_footer.paragraphs[0]._p.pPr.find(w("jc")).get(w("val")) == "left"


def test_letter_imprint_has_the_copy_line_without_rules_or_printer(letter):
    copy = paragraph_starting(letter, "抄送：")
    assert copy.text == "抄送：市交通运输局。"
    assert border(letter, copy, "top") is None and border(letter, copy, "bottom") is None
    assert not [p for p in letter.paragraphs if p.text.endswith("印发")]
    _table, pos, rows, _anchor = imprint_box(letter)
    assert [p.text for p in rows] == [copy.text]                                       # no rule paragraphs
    # §10.1: 位于公文最后一页版心内最下方; box and gap take one line of the grid, less 5 pt
    assert (pos["vertAnchor"], pos["tblpYSpec"]) == ("margin", "bottom")
    assert int(pos["topFromText"]) == 579 - 100


def test_letter_signature_and_date_follow_the_document_rules(letter):
    date_line = next(p for p in letter.paragraphs if p.style.name == "成文日期")
    assert date_line.text == "2026年3月5日"
    assert indent(letter, date_line)["right"] == 4 * 315               # sealed: 右空四字
    assert next(p for p in letter.paragraphs if p.style.name == "发文机关署名").text == ISSUER


# --- 纪要格式 ------------------------------------------------------------------------------------
def test_minutes_mark_is_red_xiaobiaosong_35_mm_below_the_text_block(minutes):
    mark = minutes.paragraphs[0]
    assert mark.text == "示例市人民政府常务会议纪要"
    assert east_asia_font(minutes, mark) == "方正小标宋简体"
    assert run_prop(minutes, mark, "color") == "FF0000"
    assert par_prop(minutes, mark, "jc") == "center"
    glyph_top = space_before(minutes, mark) + int(par_prop(minutes, mark, "spacing", "line")) - size_pt(minutes, mark) * 20
    assert glyph_top / TWIPS_PER_MM == pytest.approx(35, abs=0.1)
    assert anchored_shapes(minutes) == []


def test_minutes_number_is_the_issue_then_the_office_and_date_over_the_red_line(minutes):
    issue, dated = minutes.paragraphs[1:3]
    assert issue.text == "第12期"
    assert par_prop(minutes, issue, "jc") == "center"
    assert space_before(minutes, issue) == 2 * LINE
    assert border(minutes, issue, "bottom") is None
    assert dated.text == "\t示例市人民政府办公室\t2026年3月5日"
    assert east_asia_font(minutes, dated) == "仿宋_GB2312"
    tabs = [(t.get(w("val")), int(t.get(w("pos")))) for t in dated._p.pPr.find(w("tabs")).findall(w("tab"))]
    assert tabs == [("left", 315), ("right", 8845 - 315)]
    assert indent(minutes, dated)["left"] == indent(minutes, dated)["right"] == 0    # full-width red line
    size, colour, space = border(minutes, dated, "bottom")
    assert (size, colour) == (8, "FF0000")
    assert space * PT_MM == pytest.approx(4, abs=0.2)


def test_minutes_title_is_on_the_grid_two_lines_under_the_separator(minutes):
    title = paragraph_starting(minutes, "市政府第12次")
    head = minutes.paragraphs[:3]
    height = sum(space_before(minutes, p) + int(par_prop(minutes, p, "spacing", "line")) for p in head)
    height += (border(minutes, head[-1], "bottom")[2] + 1) * 20
    assert (height + space_before(minutes, title)) % LINE == 0
    assert abs(space_before(minutes, title) - 2 * LINE) <= LINE / 2


def test_minutes_have_no_signature_after_the_body(minutes):
    styles = {p.style.name for p in minutes.paragraphs}
    assert "发文机关署名" not in styles and "成文日期" not in styles


def test_minutes_list_who_attended_was_absent_and_sat_in(minutes):
    rows = [p for p in minutes.paragraphs if p.style.name == "出席人员"]
    assert [p.text[:3] for p in rows] == ["出席：", "请假：", "列席："]
    assert rows[0].text == "出席：" + make_minutes().attendees
    assert space_before(minutes, rows[0]) == LINE and space_before(minutes, rows[1]) == 0   # 下空一行
    for row in rows:
        label, names = row.runs
        assert east_asia_font(minutes, row, label) == "黑体"
        assert east_asia_font(minutes, row, names) == "仿宋_GB2312"
        assert size_pt(minutes, row, label) == size_pt(minutes, row, names) == 16
        ind = indent(minutes, row)
        assert ind["left"] + ind["first_line"] == 2 * 315             # 左空二字
        assert ind["left"] == 5 * 315                                  # wrapped lines under the first name


def test_minutes_attendance_follows_the_attachments():
    doc = open_docx(render_docx(make_minutes(attachments=["议题清单"])))
    texts = [p.text for p in doc.paragraphs]
    assert texts.index("附件：议题清单") + 1 == texts.index("出席：" + make_minutes().attendees)


def test_minutes_keep_the_usual_imprint_and_number_page_one(minutes):
    imprint = imprint_box(minutes)[2]
    assert [border(minutes, p, "bottom")[0] if not p.text else p.text[:3] for p in imprint] == \
        [8, "抄送：", 6, ISSUER[:3], 8]
    printed = next(p for p in imprint if p.text.endswith("印发"))
    assert printed.text == f"{ISSUER}\t2026年3月6日印发"
    section = minutes.sections[0]
    assert section.different_first_page_header_footer is False
    assert _footer_has_page_field(section.footer)


def test_minutes_without_an_issue_number_put_the_date_line_two_lines_under_the_mark():
    doc = open_docx(render_docx(make_minutes(number=None, signature=None)))
    dated = doc.paragraphs[1]
    assert dated.text == "\t\t2026年3月5日"
    assert space_before(doc, dated) == 2 * LINE
    assert border(doc, dated, "bottom")[1] == "FF0000"


# --- 份号 (§7.2.1) in both forms that have it at the top left ----------------------------------------
def test_document_copy_number_is_the_first_line_above_the_labels():
    doc = open_docx(render_docx(make_paper(copy_no="000001", classification="秘密★1年", urgency="特急")))
    rows = doc.paragraphs[:3]
    assert [p.text for p in rows] == ["000001", "秘密★1年", "特急"]
    assert east_asia_font(doc, rows[0], rows[0].runs[0]) == "仿宋_GB2312"
    assert east_asia_font(doc, rows[1], rows[1].runs[0]) == "黑体"
    mark = doc.paragraphs[3]
    plain = open_docx(render_docx(make_paper()))
    assert space_before(doc, mark) == space_before(plain, plain.paragraphs[0]) - 3 * LINE   # mark stays put


def test_letter_copy_number_goes_top_left_with_the_labels_under_it():
    doc = open_docx(render_docx(make_letter(copy_no="000001", classification="秘密★1年", urgency="特急")))
    assert [p.text for p in doc.paragraphs[:3]] == ["000001\t示政办函〔2026〕5号", "秘密★1年", "特急"]
    first = doc.paragraphs[0]
    assert east_asia_font(doc, first, first.runs[0]) == "仿宋_GB2312"
    title = paragraph_starting(doc, "关于商请")
    assert sum(space_before(doc, p) + LINE for p in doc.paragraphs[:3]) + space_before(doc, title) == 6 * LINE
