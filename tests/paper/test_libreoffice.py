"""Real layout, checked by converting to PDF with LibreOffice (skipped where it is not installed).

Page counts prove the 22 × 28 grid: a body that fills the last line of page 1 exactly stays on one
page, one character more opens page 2.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from zhongshu.paper import FREE_FONTS, Heading, Paper, Para, render_docx

from . import pdf_inspect
from .conftest import make_paper
from .test_docx_forms import make_letter, make_minutes

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice/libreoffice) is not installed")

# Plain form: title (line 1), blank (line 2), then 20 lines of 28, less the 2-character indent.
PLAIN_FULL = 20 * 28 - 2
# With 版头 the title begins on line 11 (see test_docx_head): 10 body lines are left on page 1.
HEAD_FULL = 10 * 28 - 2
# 信函格式 with a 发文字号: the title is on line 5 of the text block (test_docx_forms), a blank line
# under it, 16 body lines on page 1, then 22 lines of 28 on page 2.
LETTER_FULL = (16 + 22) * 28 - 2


def _long_paper() -> Paper:
    blocks = []
    for n in range(1, 31):
        blocks.append(Heading(2, f"（{n}）第{n}项督办事项"))
        blocks.append(Para("承办单位要对照任务清单逐项抓好落实，明确责任人和完成时限，按时报送办理情况。" * 4))
    return make_paper(blocks=blocks)


def _head(n: int) -> Paper:
    return Paper(title="关于督办事项的通知", issuer="示例市人民政府办公室", number="示政办〔2026〕1号",
                 blocks=[Para("国" * n)])


def _signed(n: int) -> Paper:
    """Plain form, a body of ``n`` characters, 署名 and 成文日期 (sealed: two blank lines above) and a
    版记 of one 抄送 line and one 印发 line."""
    return Paper(title="标题", blocks=[Para("国" * n)], signature="示例市人民政府办公室", date=date(2026, 3, 5),
                 copy_to="市委督查室，市人大常委会办公室", printer="示例市人民政府办公室", print_date=date(2026, 3, 5))


# Title, blank, 13 body lines, 2 blank lines, 署名, 成文日期 = 19 lines: the 版记 takes lines 20–22.
IMPRINT_FITS = 13 * 28 - 2


def _letter(n: int) -> Paper:
    return Paper(form="letter", title="关于商请支持有关工作的函", issuer="示例市人民政府办公室",
                 number="示政办函〔2026〕5号", blocks=[Para("国" * n)])


DOCUMENTS = {
    "sample": make_paper(),
    "sample_signer": make_paper(signer="张三", classification="秘密★1年", urgency="特急"),
    "plain_full": Paper(title="标题", blocks=[Para("国" * PLAIN_FULL)]),
    "plain_over": Paper(title="标题", blocks=[Para("国" * (PLAIN_FULL + 1))]),
    "head_full": _head(HEAD_FULL),
    "head_over": _head(HEAD_FULL + 1),
    "long": _long_paper(),
    "letter": make_letter(classification="秘密★1年", urgency="特急"),
    "letter_full": _letter(LETTER_FULL),
    "letter_over": _letter(LETTER_FULL + 1),
    "minutes": make_minutes(),
    "imprint_fits": _signed(IMPRINT_FITS),
    "imprint_no_room": _signed(IMPRINT_FITS + 1),
}


def pdf_pages(data: bytes) -> int:
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)]
    counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)]
    if counts:
        return max(counts)
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("paper_pdf")
    paths = []
    for name, paper in DOCUMENTS.items():
        path = folder / f"{name}.docx"
        path.write_bytes(render_docx(paper, fonts=FREE_FONTS))
        paths.append(str(path))
    profile = (folder / "profile").as_uri()
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(folder), *paths], capture_output=True, timeout=300, check=False)
    out = {}
    for name in DOCUMENTS:
        pdf = folder / f"{name}.pdf"
        assert pdf.exists(), f"LibreOffice made no {pdf.name}: {result.stderr.decode(errors='replace')[-500:]}"
        out[name] = pdf.read_bytes()
    return out


@pytest.mark.parametrize("name", ["sample", "sample_signer"])
def test_papers_convert_to_pdf(pdfs, name):
    assert pdfs[name].startswith(b"%PDF")
    assert pdf_pages(pdfs[name]) >= 1


def test_plain_page_holds_22_lines_of_28_characters(pdfs):
    assert pdf_pages(pdfs["plain_full"]) == 1
    assert pdf_pages(pdfs["plain_over"]) == 2


def test_first_page_with_head_keeps_whole_lines(pdfs):
    assert pdf_pages(pdfs["head_full"]) == 1
    assert pdf_pages(pdfs["head_over"]) == 2


def test_long_document_runs_over_many_pages(pdfs):
    assert pdf_pages(pdfs["long"]) >= 8


@pytest.fixture(scope="module")
def drawn(pdfs):
    return {name: pdf_inspect.pages(data) for name, data in pdfs.items()}


def _page_numbers(page):
    """Runs of 4号 text under the text block (which ends 262 mm from the top): the page number."""
    return [t for t in page.texts if t.size_pt == 14 and t.baseline > 262]


def test_letter_double_lines_are_where_the_standard_puts_them(drawn):
    page = drawn["letter"][0]
    rules = sorted(page.red("fill"), key=lambda s: s.top)
    assert len(rules) == 4
    for rule in rules:
        assert rule.length == pytest.approx(170, abs=0.2)
        assert rule.left == pytest.approx(21, abs=0.2)
    top_thick, top_thin, bottom_thin, bottom_thick = rules
    assert top_thick.top == pytest.approx(30 + 36 * 25.4 / 72 + 4, abs=0.3)      # 标志下 4 mm
    assert (top_thick.bottom - top_thick.top) > (top_thin.bottom - top_thin.top)       # 上粗下细
    assert (bottom_thick.bottom - bottom_thick.top) > (bottom_thin.bottom - bottom_thin.top)  # 上细下粗
    assert page.height_mm - bottom_thick.bottom == pytest.approx(20, abs=0.3)         # 距下页边 20 mm
    assert len(drawn["letter_over"][0].red("fill")) == 4
    assert not drawn["letter_over"][1].red() and not drawn["letter_over"][2].red()   # page 1 only


def test_letter_mark_is_set_like_the_document_mark(drawn):
    """The 标志 is 30 mm from the paper's edge in a 信函, 72 mm (37 + 35) in a 文件: LibreOffice puts
    both the same way, within a millimetre or two of the em box's top (the fonts' metrics differ)."""
    def mark_top(page):
        mark = max((t for t in page.texts if t.color == (1.0, 0.0, 0.0)), key=lambda t: t.size_pt)
        return mark.baseline - 0.88 * mark.size_pt * 25.4 / 72
    letter, document = mark_top(drawn["letter"][0]), mark_top(drawn["sample"][0])
    assert letter == pytest.approx(30, abs=2)
    assert letter - 30 == pytest.approx(document - 72, abs=0.3)


def test_letter_page_one_has_no_page_number_then_even_left_odd_right(drawn):
    first, second, third = drawn["letter_over"]
    assert _page_numbers(first) == []
    assert max(t.x for t in _page_numbers(second)) < 105            # even page: left
    assert min(t.x for t in _page_numbers(third)) > 105             # odd page: right


def test_letter_keeps_whole_lines_on_page_one_and_22_by_28_after(pdfs):
    assert pdf_pages(pdfs["letter_full"]) == 2
    assert pdf_pages(pdfs["letter_over"]) == 3


def test_red_separators_span_the_text_block(drawn):
    for name in ("sample", "sample_signer", "minutes"):
        lines = drawn[name][0].red("stroke")
        assert lines, name
        for line in lines:
            assert (line.left, line.right) == (pytest.approx(28, abs=0.2), pytest.approx(184, abs=0.2)), name


def _head_lines(page):
    """(red separator, baselines of the 3号 lines above it, the title's first baseline)."""
    line = page.red("stroke")[0]
    head = sorted({round(t.baseline, 1) for t in page.texts if t.size_pt == 16 and t.baseline < line.top})
    return line, head, min(t.baseline for t in page.texts if t.size_pt == 22)


def test_minutes_separator_lies_between_the_head_and_the_title(drawn):
    page = drawn["minutes"][0]
    line, head, title = _head_lines(page)
    mark = max((t for t in page.texts if t.color == (1.0, 0.0, 0.0)), key=lambda t: t.size_pt)
    assert mark.baseline < head[0] and len(head) == 2                          # 期数, then office and date
    assert head[1] - head[0] == pytest.approx(579 / 20 * 25.4 / 72, abs=0.1)   # on the next line
    # the separator sits under the date line as it sits under the 发文字号 of a 文件格式 document
    doc_line, doc_head, doc_title = _head_lines(drawn["sample"][0])
    assert line.top - head[-1] == pytest.approx(doc_line.top - doc_head[-1], abs=0.2)
    # two lines under it, both less the part of a line that puts the title on the grid (< ½ line)
    assert title - line.top == pytest.approx(doc_title - doc_line.top, abs=579 / 40 * 25.4 / 72)
    assert _page_numbers(page)                                                  # 纪要 page 1 is numbered


def test_imprint_rules_span_the_text_block(drawn):
    last = drawn["sample"][-1]
    rules = {(round(s.top, 2), round(s.left, 2), round(s.right, 2), s.width_pt): s for s in last.shapes
             if s.kind == "stroke" and s.color == (0.0, 0.0, 0.0) and s.bottom - s.top < 0.1 and s.length > 100}
    rules = list(rules.values())                                    # LibreOffice draws each border twice
    assert len(rules) == 3                                          # first, between 抄送 and 印发, last
    for rule in rules:
        assert (rule.left, rule.right) == (pytest.approx(28, abs=0.2), pytest.approx(184, abs=0.2))
    assert sorted(r.width_pt for r in rules) == [0.75, 1, 1]


TEXT_BOTTOM = 297 - 35          # the text block's lower edge, mm from the top


def _rules(page):
    found = {round(s.top, 1): s for s in page.shapes
             if s.kind == "stroke" and s.color == (0.0, 0.0, 0.0) and s.length > 100 and s.width_pt >= 0.75}
    return [found[top] for top in sorted(found)]


@pytest.mark.parametrize("name", ["sample", "minutes", "long", "imprint_fits"])
def test_imprint_last_rule_lies_on_the_lower_edge_of_the_last_page(drawn, name):
    """§7.4.1: 末条分隔线与公文最后一页的版心下边缘重合; nothing of the body runs into the 版记."""
    *earlier, last = drawn[name]
    first, *_, final = _rules(last)
    assert final.top == pytest.approx(TEXT_BOTTOM, abs=0.4)
    assert final.top - first.top == pytest.approx((3 * 20 + 2 * 579) / 1440 * 25.4, abs=0.5)
    body = [t for t in last.texts if t.baseline < first.top]
    imprint = [t for t in last.texts if first.top < t.baseline < TEXT_BOTTOM]
    assert body or name == "minutes"
    assert all(t.size_pt == 14 for t in imprint) and len({round(t.baseline) for t in imprint}) == 2
    assert all(not _rules(page) for page in earlier)


def test_imprint_fills_the_last_three_lines_when_they_are_free(drawn):
    (page,) = drawn["imprint_fits"]
    first = _rules(page)[0]
    body = max(t.baseline for t in page.texts if t.baseline < first.top)        # the 成文日期, on line 19
    assert (body - 37) / (579 / 1440 * 25.4) == pytest.approx(18.7, abs=0.3)


def test_imprint_without_room_goes_to_the_foot_of_a_page_of_its_own(drawn):
    one, two = drawn["imprint_no_room"]
    assert not _rules(one)
    assert _rules(two)[-1].top == pytest.approx(TEXT_BOTTOM, abs=0.4)
    words = [t for t in two.texts if t.baseline < TEXT_BOTTOM]
    assert words and all(t.size_pt == 14 and t.baseline > _rules(two)[0].top for t in words)    # only the 版记
    assert _page_numbers(two)


def test_letter_copy_line_sits_on_the_last_line(drawn):
    """§10.1: 信函格式的版记位于公文最后一页版心内最下方 (no rules)."""
    page = drawn["letter"][-1]
    copy_line = max((t for t in page.texts if t.size_pt == 14 and t.baseline < TEXT_BOTTOM), key=lambda t: t.baseline)
    assert TEXT_BOTTOM - 579 / 1440 * 25.4 < copy_line.baseline < TEXT_BOTTOM
