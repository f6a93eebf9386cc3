"""主体 and 版记: 主送机关, body blocks, 附件说明, 署名 and 成文日期, 抄送, 印发."""

from __future__ import annotations

from datetime import date

import pytest

from zhongshu.paper import Heading, Paper, Para, Table, render_docx

from .conftest import make_paper
from .docx_inspect import (
    TWIPS_PER_MM,
    border,
    east_asia_font,
    imprint_box,
    indent,
    is_bold,
    open_docx,
    par_prop,
    paragraph_starting,
    run_prop,
    size_pt,
    space_before,
    w,
)

LINE = 579
CHAR = 315            # a condensed 3号 character in twips
TEXT_WIDTH = 8845


def all_text(doc) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_addressee_is_flush_left_one_line_under_the_title(full_doc):
    title = paragraph_starting(full_doc, "关于")
    addressee = paragraph_starting(full_doc, "市交通运输局")
    assert int(par_prop(full_doc, title, "spacing", "after")) == LINE
    assert space_before(full_doc, addressee) == 0
    assert indent(full_doc, addressee) == {"left": 0, "right": 0, "first_line": 0, "left_chars": 0,
                                           "right_chars": 0, "first_line_chars": 0}
    assert east_asia_font(full_doc, addressee) == "仿宋_GB2312"
    assert size_pt(full_doc, addressee) == 16


def test_body_is_sanhao_fangsong_indented_two_characters_on_the_grid(full_doc):
    body = paragraph_starting(full_doc, "根据市政府")
    assert east_asia_font(full_doc, body) == "仿宋_GB2312"
    assert run_prop(full_doc, body, "rFonts", "ascii") == "仿宋_GB2312"
    assert size_pt(full_doc, body) == 16
    assert par_prop(full_doc, body, "jc") == "both"
    ind = indent(full_doc, body)
    assert (ind["first_line"], ind["first_line_chars"], ind["left"]) == (2 * CHAR, 2, 0)
    assert par_prop(full_doc, body, "spacing", "lineRule") == "exact"
    assert int(par_prop(full_doc, body, "spacing", "line")) == LINE
    assert int(run_prop(full_doc, body, "spacing")) == -5          # 28 characters a line
    assert par_prop(full_doc, body, "widowControl") == "0"


@pytest.mark.parametrize("prefix, level, font", [
    ("一、", 1, "黑体"), ("（一）", 2, "楷体_GB2312"), ("1．", 3, "仿宋_GB2312"), ("（1）", 4, "仿宋_GB2312"),
])
def test_heading_levels(full_doc, prefix, level, font):
    heading = paragraph_starting(full_doc, prefix)
    assert east_asia_font(full_doc, heading) == font
    assert size_pt(full_doc, heading) == 16
    assert not is_bold(full_doc, heading)
    assert indent(full_doc, heading)["first_line"] == 2 * CHAR
    assert int(par_prop(full_doc, heading, "outlineLvl")) == level - 1


def test_heading_tail_continues_in_body_font(full_doc):
    heading = paragraph_starting(full_doc, "（二）存在问题")
    label, tail = heading.runs
    assert heading.text == "（二）存在问题。部分点位施工进度滞后。"
    assert east_asia_font(full_doc, heading, label) == "楷体_GB2312"
    assert east_asia_font(full_doc, heading, tail) == "仿宋_GB2312"


@pytest.mark.parametrize("para, jc, first_line", [
    (Para("左对齐", indent=False, align="left"), "left", 0),
    (Para("居中", indent=False, align="center"), "center", 0),
    (Para("右对齐", align="right"), "right", 2 * CHAR),
])
def test_paragraph_alignment_and_indent(para, jc, first_line):
    doc = open_docx(render_docx(Paper(title="标题", blocks=[para])))
    paragraph = paragraph_starting(doc, para.text)
    assert par_prop(doc, paragraph, "jc") == jc
    ind = indent(doc, paragraph)
    assert ind["first_line"] == first_line
    assert ind["first_line_chars"] == first_line / CHAR      # the style's 2 characters are cancelled too


def test_control_characters_from_pasted_text_are_cleaned():
    doc = open_docx(render_docx(Paper(title="标题", blocks=[Para("第一行\x0b第二行\x07")])))
    paragraph = paragraph_starting(doc, "第一行")
    assert paragraph.text == "第一行\n第二行"


def test_attachments_are_numbered_and_aligned(full_doc):
    first = paragraph_starting(full_doc, "附件：")
    second = paragraph_starting(full_doc, "2．")
    assert first.text == "附件：1．2026年一季度督查事项台账"
    assert second.text == "2．积水点整治清单"
    assert space_before(full_doc, first) == LINE                  # 正文下空一行
    a, b = indent(full_doc, first), indent(full_doc, second)
    assert a["left"] + a["first_line"] == 2 * CHAR                 # 左空二字
    assert b["left"] + b["first_line"] == 5 * CHAR                 # “2．” under “1．”
    assert a["left"] == b["left"] == round(6.5 * CHAR)              # wrapped lines under the names
    assert (a["left_chars"], a["first_line_chars"]) == (6.5, -4.5)


def test_a_single_attachment_is_not_numbered():
    doc = open_docx(render_docx(make_paper(attachments=["督查事项台账"])))
    only = paragraph_starting(doc, "附件：")
    assert only.text == "附件：督查事项台账"
    assert indent(doc, only)["left"] == 5 * CHAR
    assert not [p for p in doc.paragraphs if p.text.startswith(("附件：1", "2．"))]


def test_sealed_signature_is_centred_over_a_date_four_characters_in(full_doc):
    signature = paragraph_starting(full_doc, "示例市人民政府办公室督查室")
    day = paragraph_starting(full_doc, "2026年3月5日")
    assert par_prop(full_doc, signature, "jc") == par_prop(full_doc, day, "jc") == "right"
    assert indent(full_doc, day)["right_chars"] == 4
    assert indent(full_doc, day)["right"] == 4 * CHAR
    # centred: signature 13 characters, date 6 → 4 + (6 − 13) / 2 = 0.5 characters in from the right
    assert indent(full_doc, signature)["right_chars"] == 0.5
    assert indent(full_doc, signature)["right"] == round(0.5 * CHAR)
    assert space_before(full_doc, signature) == 2 * LINE           # room for the seal
    assert space_before(full_doc, day) == 0


def test_unsealed_signature_follows_gbt_9704_7_3_5_2():
    doc = open_docx(render_docx(make_paper(sealed=False)))
    signature = paragraph_starting(doc, "示例市人民政府办公室督查室")
    day = paragraph_starting(doc, "2026年3月5日")
    assert indent(doc, signature)["right_chars"] == 2                # 右空二字
    assert indent(doc, day)["right_chars"] == 13 - 6                 # date starts 2 right of the signature
    assert space_before(doc, signature) == LINE


@pytest.mark.parametrize("signature, sealed, sig_right, date_right", [
    ("示例市人民政府办公室督查室", True, 0.5, 4),       # 13 chars over 6: centred, 0.5 + 13 = 4 + 6 + 3.5
    ("示例市人民政府", True, 3.5, 4),                    # 7 over 6
    ("督查室", True, 5.5, 4),
    ("示例市人民政府办公室督查室", False, 2, 7),
    ("督查室", False, 7, 2),                             # date longer: date keeps 2, signature moves
])
def test_signature_indent_rules(signature, sealed, sig_right, date_right):
    from zhongshu.paper.docx_writer import signature_indents

    assert signature_indents(signature, "2026年3月5日", sealed=sealed) == (sig_right, date_right)
    sig_start = sig_right + len(signature)          # characters from the right edge to the first character
    date_start = date_right + 6
    if sealed:
        assert sig_right + len(signature) / 2 == date_right + 3     # centres coincide
    else:
        assert sig_start - date_start == 2                            # date's first character 2 further right


def test_dates_are_not_zero_padded():
    doc = open_docx(render_docx(make_paper(date=date(2026, 3, 5), print_date=date(2026, 3, 6))))
    text = all_text(doc)
    assert "2026年3月5日" in text
    assert "2026年3月6日印发" in text
    assert "03月" not in text and "05日" not in text and "06日" not in text


def test_imprint_rules_and_layout(full_doc):
    copy = paragraph_starting(full_doc, "抄送：")
    issue = paragraph_starting(full_doc, "示例市人民政府办公室\t")
    assert copy.text == "抄送：市委督查室，市人大常委会办公室。"            # ends with 。
    assert issue.text == "示例市人民政府办公室\t2026年3月5日印发"
    for paragraph in (copy, issue):
        assert east_asia_font(full_doc, paragraph) == "仿宋_GB2312"
        assert size_pt(full_doc, paragraph) == 14
    assert [rule_size(full_doc, p) for p in imprint_rows(full_doc)] == [8, None, 6, None, 8]   # 0.35/0.25/0.35 mm
    for rule in imprint_rows(full_doc)[::2]:
        assert rule.text == "" and border(full_doc, rule, "bottom")[1] == "000000"
        assert indent(full_doc, rule)["left"] == indent(full_doc, rule)["right"] == 0    # 与版心等宽
        assert int(par_prop(full_doc, rule, "spacing", "line")) == 20                     # 1 pt high
    for paragraph in (copy, issue):
        assert border(full_doc, paragraph, "top") is None and border(full_doc, paragraph, "bottom") is None
    one = 280                                                    # one 4号 character
    assert indent(full_doc, copy) == {"left": 4 * one, "right": one, "first_line": -3 * one, "left_chars": 0,
                                      "right_chars": 0, "first_line_chars": 0}
    assert indent(full_doc, issue)["left"] == one
    tab = issue._p.pPr.find(w("tabs")).find(w("tab"))
    assert (tab.get(w("val")), int(tab.get(w("pos")))) == ("right", TEXT_WIDTH - one)
    assert space_before(full_doc, copy) == 0


def test_imprint_sits_at_the_foot_of_the_text_block(full_doc):
    """§7.4.1: 末条分隔线与公文最后一页的版心下边缘重合 — the box floats to the bottom margin."""
    table, pos, rows, anchor = imprint_box(full_doc)
    assert (pos["vertAnchor"], pos["tblpYSpec"]) == ("margin", "bottom")
    # from the page's left edge at the left margin: exactly over the text block
    assert pos["horzAnchor"] == "page" and int(pos["tblpX"]) == round(28 * TWIPS_PER_MM)
    tbl_pr = table._tbl.tblPr
    assert tbl_pr.find(w("tblOverlap")).get(w("val")) == "never"
    assert int(tbl_pr.find(w("tblW")).get(w("w"))) == TEXT_WIDTH
    assert all(int(m.get(w("w"))) == 0 for m in tbl_pr.find(w("tblCellMar")))            # rules reach both edges
    assert {b.get(w("val")) for b in tbl_pr.find(w("tblBorders"))} == {"nil"}            # the rules are the paragraphs'
    # the gap under the body: box and gap fill three lines of the grid, less 5 pt
    height = 3 * 20 + 2 * LINE
    assert int(pos["topFromText"]) + height == 3 * LINE - 100
    # the box is anchored to a 1 pt paragraph that ends the document, after everything else
    assert anchor._p is full_doc.paragraphs[-1]._p and anchor.text == ""
    assert int(par_prop(full_doc, anchor, "spacing", "line")) == 20 and border(full_doc, anchor, "bottom") is None
    assert full_doc.paragraphs[-2].style.name == "成文日期"


def imprint_rows(doc):
    """The 版记's paragraphs in its box, the rules (empty paragraphs with a bottom border) among them."""
    return imprint_box(doc)[2]


def rule_size(doc, paragraph):
    found = border(doc, paragraph, "bottom") if not paragraph.text else None
    return found[0] if found else None


def test_imprint_with_only_a_printer_has_both_thick_rules():
    doc = open_docx(render_docx(make_paper(copy_to=None)))
    assert [rule_size(doc, p) for p in imprint_rows(doc)] == [8, None, 8]
    assert imprint_rows(doc)[1].text.startswith("示例市人民政府办公室\t")
    assert "抄送" not in all_text(doc)
    assert int(imprint_box(doc)[1]["topFromText"]) + 2 * 20 + LINE == 2 * LINE - 100     # two lines of the grid


def test_imprint_with_only_a_copy_line_has_both_thick_rules():
    doc = open_docx(render_docx(make_paper(printer=None, print_date=None)))
    assert [rule_size(doc, p) for p in imprint_rows(doc)] == [8, None, 8]
    assert imprint_rows(doc)[1].text.startswith("抄送：")


def test_no_imprint_without_copy_to_and_printer():
    doc = open_docx(render_docx(make_paper(copy_to=None, printer=None, print_date=None)))
    assert imprint_box(doc) is None
    assert doc.paragraphs[-1].style.name == "成文日期"
    assert not [p for p in doc.paragraphs if p._p.pPr is not None and p._p.pPr.find(w("pBdr")) is not None
                and border(doc, p, "bottom")[1] != "FF0000"]


def test_table_contents_header_and_widths(full_doc):
    table, _imprint = full_doc.tables          # the statistics table, then the 版记's box
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["单位", "总数", "按期办结"], ["市交通局", "3", "2"], ["市水利局", "5", "85.7%"]]
    header = table.rows[0].cells
    for cell in header:
        paragraph = cell.paragraphs[0]
        assert is_bold(full_doc, paragraph)
        assert par_prop(full_doc, paragraph, "jc") == "center"
    body_row = table.rows[1].cells
    assert not is_bold(full_doc, body_row[0].paragraphs[0])
    assert par_prop(full_doc, body_row[0].paragraphs[0], "jc") == "both"     # text
    assert par_prop(full_doc, body_row[1].paragraphs[0], "jc") == "center"   # number
    assert par_prop(full_doc, table.rows[2].cells[2].paragraphs[0], "jc") == "center"   # "85.7%"
    for row in table.rows:
        for cell in row.cells:
            paragraph = cell.paragraphs[0]
            assert east_asia_font(full_doc, paragraph) == "仿宋_GB2312"
            assert size_pt(full_doc, paragraph) == 12
    grid = [int(c.get(w("w"))) for c in table._tbl.tblGrid.iter(w("gridCol"))]
    assert sum(grid) == TEXT_WIDTH
    borders = table._tbl.tblPr.find(w("tblBorders"))
    assert {b.tag.split("}")[1] for b in borders} == {"top", "left", "bottom", "right", "insideH", "insideV"}
    assert table.rows[0]._tr.trPr.find(w("tblHeader")) is not None


def test_table_widths_scale_to_the_text_block_and_size_is_honoured():
    doc = open_docx(render_docx(Paper(title="标题", blocks=[
        Table(header=["单位", "事项"], rows=[["市交通局", None]], col_widths_mm=[1, 3], font_size_pt=10.5)])))
    (table,) = doc.tables
    grid = [int(c.get(w("w"))) for c in table._tbl.tblGrid.iter(w("gridCol"))]
    assert sum(grid) == TEXT_WIDTH and grid[1] == pytest.approx(3 * grid[0], abs=3)
    cell = table.rows[0].cells[0].paragraphs[0]
    assert size_pt(doc, cell) == 10.5
    assert table.rows[1].cells[1].text == ""


def test_a_long_document_renders():
    blocks = []
    for n in range(1, 41):
        blocks.append(Heading(2, f"（{n}）第{n}项督办事项"))
        blocks.append(Para("承办单位要对照任务清单逐项抓好落实，明确责任人和完成时限，按时报送办理情况。" * 3))
    blocks.append(Table(header=["序号", "单位", "事项", "状态"],
                        rows=[[i, "市交通局", f"督办事项{i}", "办理中"] for i in range(1, 61)]))
    doc = open_docx(render_docx(make_paper(blocks=blocks)))
    assert len([p for p in doc.paragraphs if p.text.startswith("（")]) == 40
    assert len(doc.tables[0].rows) == 61
    assert all_text(doc).count("承办单位要对照任务清单") == 120
