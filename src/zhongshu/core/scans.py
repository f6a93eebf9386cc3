"""A scan (扫描件) or electronic original — of a 收文, of a 批示 — checked before anything is stored.

    names = check_scans(request.FILES.getlist("scans"))   # UserError with the Chinese reason

core.files.validate_upload first (a name, a kind offices exchange, not empty, at most
ZHONGSHU_ATTACHMENT_MAX_MB), then the file must be a scan or an electronic document — PDF, OFD,
JPEG, PNG or TIFF — and its bytes must say so: a file whose content is of another kind than its
name (a renamed program, a Word file called .pdf) is refused as disguised, one that is cut off
or damaged (a PDF without its end-of-file marker, an OFD that does not open as a package with
OFD.xml, a JPEG or PNG without its end marker) as damaged.
"""

from __future__ import annotations

import io
import zipfile

from zhongshu.core.errors import UserError
from zhongshu.core.files import validate_upload

KINDS = {"pdf": "PDF", "ofd": "OFD", "jpg": "JPEG 图片", "jpeg": "JPEG 图片", "png": "PNG 图片", "tif": "TIFF 图片",
         "tiff": "TIFF 图片"}
ALLOWED_TEXT = "PDF、OFD 或图片（JPG、PNG、TIFF）"
MAX_FILES = 20


def _ext(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _looks(ext: str, data: bytes) -> bool:
    """The file's first bytes are those of its kind."""
    if ext == "pdf":
        return data[:1024].lstrip().startswith(b"%PDF-")
    if ext == "ofd":
        return data.startswith(b"PK\x03\x04")
    if ext in ("jpg", "jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if ext == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    return data.startswith((b"II*\x00", b"MM\x00*"))


def _whole(ext: str, data: bytes) -> bool:
    """The file is complete: its kind's end marker is there (or, for OFD, the package opens)."""
    tail = data[-2048:].rstrip(b"\x00\r\n\t ")
    if ext == "pdf":
        return b"%%EOF" in tail[-64:]
    if ext == "ofd":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = {n.lower() for n in package.namelist()}
                return "ofd.xml" in names and package.testzip() is None
        except (zipfile.BadZipFile, EOFError, ValueError, OSError):
            return False
    if ext in ("jpg", "jpeg"):
        return b"\xff\xd9" in tail[-32:]
    if ext == "png":
        return b"IEND" in tail[-16:]
    return len(data) > 8


def check_scan(upload) -> str:
    """The clean file name of one scan, or UserError saying what is wrong with it."""
    name = validate_upload(upload)
    ext = _ext(name)
    if ext not in KINDS:
        raise UserError(f"扫描件只能是 {ALLOWED_TEXT}：{name}", code="invalid_scan")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not _looks(ext, data):
        raise UserError(f"文件内容与扩展名不符：{name} 不是{KINDS[ext]}文件（可能是改了扩展名的其他文件），未登记",
                        code="disguised_scan")
    if not _whole(ext, data):
        raise UserError(f"文件已损坏或不完整：{name}（{KINDS[ext]}文件不完整），请重新扫描或重新下载后上传",
                        code="damaged_scan")
    return name


def check_scans(uploads, *, required: bool = True) -> list[str]:
    uploads = [u for u in (uploads or []) if u]
    if required and not uploads:
        raise UserError(f"请上传来文的扫描件或电子文件（{ALLOWED_TEXT}）", code="scan_required")
    if len(uploads) > MAX_FILES:
        raise UserError(f"一次最多上传 {MAX_FILES} 个文件", code="too_many_scans")
    return [check_scan(u) for u in uploads]
