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

The 文种 chooses the GB/T 9704 form (FORM_OF_KIND) once there is a 发文机关标志 to head it:
- 函 → 信函格式 (§10.1): the issuer's name alone (no “文件”), 发文字号 top right; the 版记 keeps
  抄送 but has no 印发机关 and 印发日期 (§10.1), so those two are left out for a 函;
- 纪要 → 纪要格式 (§10.3): the 标志 “XXXXX纪要” (“纪要” added unless the issuer ends with it), the
  期数 (``issue``, else the 发文字号) under it, the office in the 署名 line and the 成文日期 on the
  line above the red separator instead of a 署名 after the body; the draft's “出席：”, “请假：”
  and “列席：” lines become the attendance lists;
- 通知, 请示, 报告, 通报 → 文件格式 (§7), the issuer followed by “文件”.
Without an issuer every 文种 is laid out in the plain form that starts with the title (as 签发's
check lays drafts out, with no 版头 known yet).
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
FORM_OF_KIND = {"letter": "letter", "minutes": "minutes"}   # every other 文种: "document" (文件格式)
ATTENDANCE = re.compile(r"^(出席|请假|列席)[:：]\s*(.+)$")
SOFFICE_TIMEOUT = 120


class PdfUnavailable(Exception):
    """No LibreOffice on this server: the PDF cannot be made (the .docx can)."""


def form_of(kind: str, issuer: str = "") -> str:
    """The GB/T 9704 form a 文种 is laid out in: ``letter``, ``minutes`` or ``document``."""
    return FORM_OF_KIND.get(kind, "document") if (issuer or "").strip() else "document"


def paper_from_draft(text: str, *, kind: str, issuer: str = "", number: str = "", signer: str = "",
                     copy_to: str = "", printer: str = "", print_date: date | None = None,
                     issue: str = "") -> Paper:
    lines = list(DraftText(text or "").lines())
    if not lines:
        raise UserError("文稿为空：请粘贴正文", code="empty_draft")
    title_at, title = title_line(lines)
    index = next(i for i, (o, _) in enumerate(lines) if o == title_at)
    rest = lines[index + 1:]
    addressee = None
    # 纪要 have no 主送机关: their opening “……现纪要如下：” is body text
    found = addressee_line(lines[index:]) if kind != "minutes" else None
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
    body = [line for _, line in body]
    form = form_of(kind, issuer)
    issuer, number = issuer.strip(), number.strip()
    head = {"form": form, "issuer": issuer or None, "number": number or None}
    if form == "document":
        head["issuer_suffix"] = "文件" if issuer else ""
        head["signer"] = (signer.strip() or None) if kind in UPWARD else None
    elif form == "letter":
        printer, print_date = "", None          # §10.1: 信函格式的版记不加印发机关和印发日期
    else:
        head["issuer_suffix"] = "" if issuer.endswith("纪要") else "纪要"
        head["number"] = issue.strip() or number or None
        body, lists = _attendance(body)
        head.update(lists)
    body, attachments = _attachments(body)
    try:
        return Paper(title=title, addressee=addressee, blocks=[_block(line) for line in body],
                     attachments=attachments, signature=signature, date=written, copy_to=copy_to.strip() or None,
                     printer=printer.strip() or None, print_date=print_date, **head)
    except PaperError as exc:
        raise UserError(str(exc), code="invalid_paper") from None


def _attendance(body: list[str]) -> tuple[list[str], dict]:
    """The “出席：”, “请假：” and “列席：” lines of a 纪要, out of the body into the three lists."""
    fields = {"出席": "attendees", "请假": "absentees", "列席": "observers"}
    lists, rest = {}, []
    for line in body:
        m = ATTENDANCE.match(line)
        if m and fields[m.group(1)] not in lists:
            lists[fields[m.group(1)]] = m.group(2).strip()
        else:
            rest.append(line)
    return rest, lists


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
