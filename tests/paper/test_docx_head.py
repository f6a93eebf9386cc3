"""版头: 密级, 紧急程度, 发文机关标志, 发文字号, 签发人, red separator; 标题."""

from __future__ import annotations

import pytest

from zhongshu.paper import FREE_FONTS, Paper, render_docx

from .conftest import make_paper
from .docx_inspect import (
    border,
    east_asia_font,
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
TWIPS_PER_MM = 1440 / 25.4


def test_mark_is_red_xiaobiaosong_centred(full_doc):
    mark = full_doc.paragraphs[0]
    assert mark.text == "示例市人民政府办公室文件"
    assert east_asia_font(full_doc, mark) == "方正小标宋简体"
    assert run_prop(full_doc, mark, "rFonts", "ascii") == "方正小标宋简体"
    assert run_prop(full_doc, mark, "color") == "FF0000"
    assert size_pt(full_doc, mark) == 36
    assert par_prop(full_doc, mark, "jc") == "center"


HEAD_VARIANTS = {
    "number": {},
    "long issuer": {"issuer": "示例市全面深化改革委员会办公室"},
    "signer": {"signer": "张三", "issuer_suffix": ""},
    "no number": {"number": None},
    "labels": {"classification": "秘密★1年", "urgency": "特急"},
}


@pytest.mark.parametrize("variant", HEAD_VARIANTS)
def test_mark_top_is_35_mm_below_the_text_block(variant):
    doc = open_docx(render_docx(make_paper(**HEAD_VARIANTS[variant])))
    labels = len([p for p in doc.paragraphs[:2] if p.style.name == "密级和紧急程度"])
    mark = doc.paragraphs[labels]
    line = int(par_prop(doc, mark, "spacing", "line"))
    assert par_prop(doc, mark, "spacing", "lineRule") == "exact"
    glyph_top = labels * LINE + space_before(doc, mark) + line - size_pt(doc, mark) * 20   # slack sits on top
    assert glyph_top / TWIPS_PER_MM == pytest.approx(35, abs=0.1)


@pytest.mark.parametrize("variant", HEAD_VARIANTS)
def test_title_is_two_lines_under_the_separator_on_the_line_grid(variant):
    paper = make_paper(**HEAD_VARIANTS[variant])
    doc = open_docx(render_docx(paper))
    title = paragraph_starting(doc, "关于")
    head = []
    for paragraph in doc.paragraphs:
        if paragraph.text == title.text:
            break
        head.append(paragraph)
    height = sum(space_before(doc, p) + int(par_prop(doc, p, "spacing", "line")) for p in head)
    height += (border(doc, head[-1], "bottom")[2] + 1) * 20            # separator: gap + 1 pt rule
    before = space_before(doc, title)
    assert (height + before) % LINE == 0
    assert abs(before - 2 * LINE) <= LINE / 2
    if paper.number:
        assert 2 * LINE - before < 1 / 25.4 * 1440                    # less than 1 mm off


def test_label_lines_come_out_of_the_space_above_the_mark():
    doc = open_docx(render_docx(make_paper(classification="秘密★1年", urgency="特急")))
    labels, mark = doc.paragraphs[:2], doc.paragraphs[2]
    assert [p.text for p in labels] == ["秘密★1年", "特急"]
    for label in labels:
        assert east_asia_font(doc, label) == "黑体"
        assert size_pt(doc, label) == 16
        assert par_prop(doc, label, "jc") == "left"
        assert indent(doc, label)["first_line"] == 0
    plain_doc = open_docx(render_docx(make_paper()))
    assert space_before(doc, mark) == space_before(plain_doc, plain_doc.paragraphs[0]) - 2 * LINE


def test_long_marks_shrink():
    doc = open_docx(render_docx(make_paper(issuer="示例市全面深化改革委员会办公室")))
    mark = doc.paragraphs[0]
    assert size_pt(doc, mark) * len(mark.text) <= 156 / 25.4 * 72


def test_number_is_centred_two_lines_under_the_mark(full_doc):
    number = full_doc.paragraphs[1]
    assert number.text == "示政办督〔2026〕3号"
    assert par_prop(full_doc, number, "jc") == "center"
    assert east_asia_font(full_doc, number) == "仿宋_GB2312"
    assert size_pt(full_doc, number) == 16
    assert space_before(full_doc, number) == 2 * LINE
    assert indent(full_doc, number)["first_line"] == 0


def test_red_separator_is_4_mm_under_the_number(full_doc):
    number = full_doc.paragraphs[1]
    size, colour, space = border(full_doc, number, "bottom")
    assert colour == "FF0000"
    assert size == 8                                  # 1 pt
    assert space * 25.4 / 72 == pytest.approx(4, abs=0.2)
    assert border(full_doc, number, "top") is None
    assert border(full_doc, full_doc.paragraphs[0], "bottom") is None


def test_signer_goes_right_of_a_left_number():
    doc = open_docx(render_docx(make_paper(signer="张三", issuer_suffix="")))
    line = doc.paragraphs[1]
    assert line.text == "\t示政办督〔2026〕3号\t签发人：张三"
    assert par_prop(doc, line, "jc") == "left"
    # no indent, so the separator (the paragraph's bottom border) keeps the full 156 mm
    assert indent(doc, line)["left"] == indent(doc, line)["right"] == 0
    tabs = [(t.get(w("val")), int(t.get(w("pos")))) for t in line._p.pPr.find(w("tabs")).findall(w("tab"))]
    assert tabs == [("left", 315), ("right", 8845 - 315)]       # 居左空一字, 居右空一字
    name = line.runs[-1]
    assert name.text == "张三"
    assert east_asia_font(doc, line, name) == "楷体_GB2312"
    assert east_asia_font(doc, line, line.runs[-2]) == "仿宋_GB2312"
    assert border(doc, line, "bottom")[1] == "FF0000"


def test_title_is_erhao_xiaobiaosong_centred(full_doc):
    title = paragraph_starting(full_doc, "关于加快推进")
    assert east_asia_font(full_doc, title) == "方正小标宋简体"
    assert size_pt(full_doc, title) == 22
    assert par_prop(full_doc, title, "jc") == "center"
    assert not is_bold(full_doc, title)
    assert run_prop(full_doc, title, "color") is None


def test_a_newline_in_the_title_is_a_line_break():
    doc = open_docx(render_docx(make_paper(title="关于加快推进城市道路积水点\n整治工作的督办通知")))
    title = paragraph_starting(doc, "关于")
    assert len(list(title._p.iter(w("br")))) == 1


def test_plain_form_starts_with_the_title():
    doc = open_docx(render_docx(Paper(title="关于一季度督查情况的通报", blocks=["正文。"])))
    title = doc.paragraphs[0]
    assert title.text == "关于一季度督查情况的通报"
    assert space_before(doc, title) == 0
    assert not [p for p in doc.paragraphs if run_prop(doc, p, "color") == "FF0000" and p.runs]
    assert not [p for p in doc.paragraphs if p._p.pPr is not None and p._p.pPr.find(w("pBdr")) is not None]


def test_font_roles_can_be_substituted():
    doc = open_docx(render_docx(make_paper(), fonts={"mark": "Noto Serif CJK SC", "body": "AR PL UMing CN"}))
    mark, number = doc.paragraphs[:2]
    assert east_asia_font(doc, mark) == "Noto Serif CJK SC"
    assert run_prop(doc, mark, "rFonts", "hAnsi") == "Noto Serif CJK SC"
    assert east_asia_font(doc, number) == "AR PL UMing CN"
    assert east_asia_font(doc, paragraph_starting(doc, "关于")) == "方正小标宋简体"   # not mapped: office font


def test_free_fonts_replace_every_office_font():
    xml = render_docx(make_paper(signer="张三", classification="秘密", urgency="特急"), fonts=FREE_FONTS)
    doc = open_docx(xml)
    names = {f.get(w("eastAsia")) for part in (doc.styles.element, doc.element)
             for f in part.iter(w("rFonts"))}
    names.discard(None)
    assert names <= set(FREE_FONTS.values())
