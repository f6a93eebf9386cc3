"""排版: a draft as typed (the text the checks read) laid out as a GB/T 9704 document.

    paper = paper_from_draft(text, kind="notice", issuer="示例市人民政府办公室", number="示政办发〔2026〕3号")
    data = zhongshu.paper.render_docx(paper)          # .docx with the fonts offices have
    pdf = to_pdf(data)                                # PdfUnavailable without LibreOffice

Reading the draft (the same lines the checks see):
- the title is the first line that reads like one (关于…… / ends with a 文种), the 主送机关 the
  short line ending with a colon after it;
- the last line that is a 成文日期 (Arabic numerals: 2026年3月5日; other forms are refused with
  the reason, as the checks report them) and the line above it, the 署名 — the same two rules as
  the checks (checks.is_date_line, checks.is_signature);
- "附件：1.…" and the numbered lines under it, the 附件说明;
- everything between, the body: "一、" 一级, "（一）" 二级, "1." / "1．" 三级, "（1）" 四级 headings
  (for the lower three, what follows the heading's first full stop continues in body text),
  other lines paragraphs.
The 版头 (发文机关标志, 发文字号, 签发人 for 请示 and 报告) and the 版记 (抄送, 印发机关 and date)
come from the form.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from zhongshu.core.errors import UserError
from zhongshu.paper import Heading, Paper, PaperError, Para

from .checks import DraftText, addressee_line, is_date_line, is_signature, title_line

DATE = re.compile(r"^\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$")
HEADINGS = [(1, re.compile(r"^[一二三四五六七八九十]{1,3}、")), (2, re.compile(r"^（[一二三四五六七八九十]{1,3}）")),
            (3, re.compile(r"^\d{1,2}[.．]")), (4, re.compile(r"^（\d{1,2}）"))]
ATTACHMENT = re.compile(r"^附件[:：]\s*(?:1[.．、]\s*)?(.+)$")
MORE_ATTACHMENT = re.compile(r"^\d{1,2}[.．、]\s*(.+)$")
UPWARD = {"request", "report"}
SOFFICE_TIMEOUT = 120


class PdfUnavailable(Exception):
    """No LibreOffice on this server: the PDF cannot be made (the .docx can)."""


def paper_from_draft(text: str, *, kind: str, issuer: str = "", number: str = "", signer: str = "",
                     copy_to: str = "", printer: str = "", print_date: date | None = None) -> Paper:
    lines = list(DraftText(text or "").lines())
    if not lines:
        raise UserError("文稿为空：请粘贴正文", code="empty_draft")
    title_at, title = title_line(lines)
    index = next(i for i, (o, _) in enumerate(lines) if o == title_at)
    rest = lines[index + 1:]
    addressee = None
    found = addressee_line(lines[index:])
    if found is not None:
        addressee = found[1]
        rest = [row for row in rest if row[0] > found[0]]
    date_rows = [i for i, (_, line) in enumerate(rest) if is_date_line(line)]
    if not date_rows:
        raise UserError("未找到成文日期：正文最后一行应为成文日期，如 2026年3月5日", code="no_date")
    last = date_rows[-1]
    m = DATE.match(rest[last][1])
    if m is None:
        raise UserError(f"成文日期无法排版：“{rest[last][1]}”，应写作“2026年3月5日”（阿拉伯数字、不编虚位）",
                        code="bad_date")
    try:
        written = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise UserError(f"成文日期不存在：“{rest[last][1]}”", code="bad_date") from None
    signature = rest[last - 1][1] if last > 0 and is_signature(rest[last - 1][1]) else None
    body = rest[:last - 1] if signature else rest[:last]
    body, attachments = _attachments([line for _, line in body])
    upward = kind in UPWARD
    try:
        return Paper(title=title, issuer=issuer.strip() or None, issuer_suffix="文件" if issuer.strip() else "",
                     number=number.strip() or None, signer=(signer.strip() or None) if upward else None,
                     addressee=addressee, blocks=[_block(line) for line in body], attachments=attachments,
                     signature=signature, date=written, copy_to=copy_to.strip() or None,
                     printer=printer.strip() or None, print_date=print_date)
    except PaperError as exc:
        raise UserError(str(exc), code="invalid_paper") from None


def _attachments(body: list[str]) -> tuple[list[str], list[str]]:
    for i, line in enumerate(body):
        m = ATTACHMENT.match(line)
        if m:
            names = [m.group(1)]
            for more in body[i + 1:]:
                n = MORE_ATTACHMENT.match(more)
                if n is None:
                    break
                names.append(n.group(1))
            return body[:i] + body[i + len(names):], names
    return body, []


def _block(line: str):
    for level, pattern in HEADINGS:
        if pattern.match(line):
            if level == 1:
                return Heading(1, line)
            head, dot, tail = line.partition("。")
            return Heading(level, head + dot, tail=tail) if dot and tail else Heading(level, line)
    return Para(line)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes) -> bytes:
    """The same document as PDF, by LibreOffice (headless, its own profile per call)."""
    exe = soffice()
    if exe is None:
        raise PdfUnavailable("本服务器未安装 LibreOffice，无法生成 PDF；请下载 Word 文件（.docx）")
    with tempfile.TemporaryDirectory(prefix="zs-pdf-") as tmp:
        src = Path(tmp) / "paper.docx"
        src.write_bytes(docx)
        try:
            subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
                            "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=SOFFICE_TIMEOUT)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise PdfUnavailable(f"PDF 转换失败（{type(exc).__name__}）；请下载 Word 文件（.docx）") from None
        out = Path(tmp) / "paper.pdf"
        if not out.exists():
            raise PdfUnavailable("PDF 转换未生成文件；请下载 Word 文件（.docx）")
        return out.read_bytes()
