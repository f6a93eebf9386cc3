"""Real layout, checked by converting to PDF with LibreOffice (skipped where it is not installed).

Page counts prove the 22 × 28 grid: a body that fills the last line of page 1 exactly stays on one
page, one character more opens page 2.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from zhongshu.paper import FREE_FONTS, Heading, Paper, Para, render_docx

from .conftest import make_paper

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice/libreoffice) is not installed")

# Plain form: title (line 1), blank (line 2), then 20 lines of 28, less the 2-character indent.
PLAIN_FULL = 20 * 28 - 2
# With 版头 the title begins on line 11 (see test_docx_head): 10 body lines are left on page 1.
HEAD_FULL = 10 * 28 - 2


def _long_paper() -> Paper:
    blocks = []
    for n in range(1, 31):
        blocks.append(Heading(2, f"（{n}）第{n}项督办事项"))
        blocks.append(Para("承办单位要对照任务清单逐项抓好落实，明确责任人和完成时限，按时报送办理情况。" * 4))
    return make_paper(blocks=blocks)


def _head(n: int) -> Paper:
    return Paper(title="关于督办事项的通知", issuer="示例市人民政府办公室", number="示政办〔2026〕1号",
                 blocks=[Para("国" * n)])


DOCUMENTS = {
    "sample": make_paper(),
    "sample_signer": make_paper(signer="张三", classification="秘密★1年", urgency="特急"),
    "plain_full": Paper(title="标题", blocks=[Para("国" * PLAIN_FULL)]),
    "plain_over": Paper(title="标题", blocks=[Para("国" * (PLAIN_FULL + 1))]),
    "head_full": _head(HEAD_FULL),
    "head_over": _head(HEAD_FULL + 1),
    "long": _long_paper(),
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
