"""拟稿检查 as a service: the text of a draft (typed, or read from an uploaded .docx or .txt),
checked with this deployment's 套话 list and limits.

    report = check(text, kind="request", number="示政发〔2026〕3号")
    text = text_of_upload(request.FILES["file"])     # UserError with a Chinese reason when unreadable

Settings: ZHONGSHU_DOCUMENTS_MAX_CHARS (篇幅, default 5000 字), ZHONGSHU_DOCUMENTS_PHRASE_DENSITY
(套话 per 1,000 characters, default 3), ZHONGSHU_DOCUMENTS_UPLOAD_MAX_MB (default 20).
An upload is refused unless it really is what its name says: a .docx must be a ZIP holding
word/document.xml that python-docx can open (a renamed executable or a damaged file is refused),
a .txt must decode as UTF-8 or GB18030.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from django.conf import settings

from zhongshu.core.errors import UserError

from .checks import KINDS, Report, check_draft
from .models import EmptyPhrase

TEXT_MAX = 200_000


def max_chars() -> int:
    return int(getattr(settings, "ZHONGSHU_DOCUMENTS_MAX_CHARS", 5000))


def density_limit() -> float:
    return float(getattr(settings, "ZHONGSHU_DOCUMENTS_PHRASE_DENSITY", 3))


def upload_max_bytes() -> int:
    return int(getattr(settings, "ZHONGSHU_DOCUMENTS_UPLOAD_MAX_MB", 20)) * 1024 * 1024


def phrases() -> list[str]:
    return list(EmptyPhrase.objects.filter(active=True).values_list("phrase", flat=True))


def check(text: str, *, kind: str, number: str = "") -> Report:
    if kind not in KINDS:
        raise UserError(f"文种不正确：{str(kind)[:20]}（可选：{'、'.join(name for name, _ in KINDS.values())}）",
                        code="invalid_kind")
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UserError("文稿为空：请粘贴正文或上传 .docx / .txt 文件", code="empty_draft")
    if len(text) > TEXT_MAX:
        raise UserError(f"文稿过长：{len(text)} 字符（检查上限 {TEXT_MAX} 字符）", code="draft_too_long")
    return check_draft(text, kind=kind, number=(number or "").strip()[:60], phrases=phrases(),
                       max_chars=max_chars(), density_limit=density_limit())


def text_of_upload(upload) -> str:
    name = PurePath(str(getattr(upload, "name", "") or "")).name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ("docx", "txt"):
        raise UserError(f"只能检查 .docx 或 .txt 文件：{name[:60]}", code="invalid_upload")
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise UserError(f"文件为空：{name[:60]}", code="invalid_upload")
    if size > upload_max_bytes():
        raise UserError(f"文件过大：{name[:60]}（{size / 1024 / 1024:.1f} MB，上限 "
                        f"{upload_max_bytes() // 1024 // 1024} MB）", code="upload_too_large")
    data = upload.read()
    if ext == "txt":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise UserError(f"无法识别文件编码：{name[:60]}（请另存为 UTF-8）", code="invalid_upload")
    return _docx_text(data, name)


def _docx_text(data: bytes, name: str) -> str:
    bad = UserError(f"不是有效的 Word 文档（.docx）：{name[:60]}。文件可能已损坏，或并非 Word 文档"
                    f"（如改了扩展名的程序文件），未作检查", code="invalid_upload")
    if not data.startswith(b"PK"):
        raise bad
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise bad
        import docx

        document = docx.Document(io.BytesIO(data))
    except UserError:
        raise
    except Exception:  # zipfile.BadZipFile, lxml errors, KeyError from python-docx …
        raise bad from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)
