"""Page set-up, line grid, page numbers, package metadata."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from docx.shared import Mm

from zhongshu.paper import render_docx

from .conftest import make_paper
from .docx_inspect import east_asia_font, open_docx, size_pt, w


def mm(length) -> float:
    return length / Mm(1)


def test_a4_with_gbt_9704_margins(full_doc):
    section = full_doc.sections[0]
    for got, want in [(section.page_width, 210), (section.page_height, 297), (section.top_margin, 37),
                      (section.bottom_margin, 35), (section.left_margin, 28), (section.right_margin, 26)]:
        assert mm(got) == pytest.approx(want, abs=0.1)
    assert mm(section.page_width - section.left_margin - section.right_margin) == pytest.approx(156, abs=0.1)
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == pytest.approx(225, abs=0.1)


def test_line_grid_has_the_22_line_pitch(full_doc):
    grid = full_doc.sections[0]._sectPr.find(w("docGrid"))
    assert grid.get(w("type")) == "lines"
    assert int(grid.get(w("linePitch"))) == 579


def test_odd_and_even_footers_are_enabled(full_doc):
    assert full_doc.settings.odd_and_even_pages_header_footer is True
    assert full_doc.settings.element.find(w("evenAndOddHeaders")) is not None


def _footer(doc, kind):
    section = doc.sections[0]
    footer = section.footer if kind == "odd" else section.even_page_footer
    assert footer.is_linked_to_previous is False
    return footer.paragraphs[0]


@pytest.mark.parametrize("kind, align, side", [("odd", "right", "right"), ("even", "left", "left")])
def test_page_numbers_have_dashes_and_a_page_field(full_doc, kind, align, side):
    paragraph = _footer(full_doc, kind)
    xml = paragraph._p
    instructions = [t.text.strip() for t in xml.iter(w("instrText"))]
    assert instructions == ["PAGE"]
    assert [f.get(w("fldCharType")) for f in xml.iter(w("fldChar"))] == ["begin", "separate", "end"]
    assert paragraph.text == "— 1 —"
    assert paragraph._p.pPr.find(w("jc")).get(w("val")) == align
    ind = paragraph._p.pPr.find(w("ind"))
    assert int(ind.get(w(side))) == 280                    # one 4号 character (14 pt)
    other = "left" if side == "right" else "right"
    assert int(ind.get(w(other))) == 0
    assert east_asia_font(full_doc, paragraph) == "宋体"
    assert size_pt(full_doc, paragraph) == 14


def test_page_numbers_sit_about_7_mm_below_the_text_block(full_doc):
    footer_mm = full_doc.sections[0].footer_distance / Mm(1)
    # the dashes are mid-height of a 14 pt line: ≈ 3 mm above the footer's bottom edge
    assert 35 - (footer_mm + 3) == pytest.approx(7, abs=1)


def test_core_properties_are_fixed():
    props = open_docx(render_docx(make_paper())).core_properties
    assert props.author == props.last_modified_by == "中枢"
    assert props.title == "关于加快推进城市道路积水点整治工作的督办通知"
    assert props.created.date() == props.modified.date() == date(2026, 3, 5)
    assert props.comments == ""


def test_the_template_preview_image_is_left_out():
    import zipfile
    from io import BytesIO

    names = zipfile.ZipFile(BytesIO(render_docx(make_paper()))).namelist()
    assert not [n for n in names if "thumbnail" in n]


def test_same_paper_same_bytes_at_any_time():
    with time_machine.travel("2026-03-05 09:00:00", tick=False):
        first = render_docx(make_paper())
    with time_machine.travel("2027-11-20 17:45:13", tick=False):
        second = render_docx(make_paper())
    assert first == second
    assert render_docx(make_paper(title="另一个标题")) != first


def test_east_asian_language_is_chinese(full_doc):
    rpr = full_doc.styles.element.find(w("docDefaults")).find(w("rPrDefault")).find(w("rPr"))
    assert rpr.find(w("lang")).get(w("eastAsia")) == "zh-CN"
    assert rpr.find(w("rFonts")).get(w("eastAsia")) == "仿宋_GB2312"
    assert rpr.find(w("rFonts")).get(w("eastAsiaTheme")) is None


def test_header_distance_is_inside_the_top_margin(full_doc):
    section = full_doc.sections[0]
    assert section.header_distance < section.top_margin
