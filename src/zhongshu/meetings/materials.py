"""The materials (会议材料) of a 议题: checked before anything is stored.

    names = check_materials(request.FILES.getlist("materials"))   # UserError with the Chinese reason

core.files.validate_upload first (a name, a kind offices exchange, not empty, at most
ZHONGSHU_ATTACHMENT_MAX_MB), then the kinds a 议题 carries — Word (.docx, .doc, .wps), PDF, OFD,
Excel (.xlsx, .xls, .et) and images — and the bytes must be what the name says: a program
(Windows MZ, Linux ELF, a script) under any name is refused as disguised; a .docx must be a
package with word/document.xml that python-docx opens (the same rule as documents.drafts), an
.xlsx one with xl/workbook.xml; .doc/.wps/.xls/.et must carry the OLE header; PDF, OFD and images
are checked by core.scans (their signature and their end marker).
"""

from __future__ import annotations

import io
import zipfile

from zhongshu.core.errors import UserError
from zhongshu.core.files import validate_upload

ALLOWED = {"docx": "Word 文档", "doc": "Word 文档", "wps": "WPS 文档", "pdf": "PDF", "ofd": "OFD",
           "xlsx": "Excel 表格", "xls": "Excel 表格", "et": "WPS 表格", "jpg": "JPEG 图片", "jpeg": "JPEG 图片",
           "png": "PNG 图片"}
ALLOWED_TEXT = "Word（.docx/.doc/.wps）、PDF、OFD、Excel（.xlsx/.xls/.et）或图片（JPG、PNG）"
MAX_FILES = 20
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PROGRAMS = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")


def _ext(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _disguised(name: str, what: str) -> UserError:
    return UserError(f"文件内容与扩展名不符：{name} 不是{what}（可能是改了扩展名的程序或其他文件），未保存",
                     code="disguised_material")


def _damaged(name: str, what: str) -> UserError:
    return UserError(f"文件已损坏或不完整：{name}（不是可以打开的{what}），请重新保存后上传", code="damaged_material")


def _package(data: bytes, name: str, what: str, part: str) -> None:
    if not data.startswith(b"PK"):
        raise _disguised(name, what)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if part not in archive.namelist() or archive.testzip() is not None:
                raise _damaged(name, what)
        if part == "word/document.xml":
            import docx

            docx.Document(io.BytesIO(data))
    except UserError:
        raise
    except Exception:  # BadZipFile, lxml errors, KeyError from python-docx …
        raise _damaged(name, what) from None


def check_material(upload) -> str:
    """The clean file name of one material, or UserError saying what is wrong with it."""
    name = validate_upload(upload)
    ext = _ext(name)
    if ext not in ALLOWED:
        raise UserError(f"会议材料只能是 {ALLOWED_TEXT}：{name}", code="invalid_material")
    what = ALLOWED[ext]
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if data.startswith(PROGRAMS):
        raise _disguised(name, what)
    if ext == "docx":
        _package(data, name, what, "word/document.xml")
    elif ext == "xlsx":
        _package(data, name, what, "xl/workbook.xml")
    elif ext in ("doc", "wps", "xls", "et"):
        if not data.startswith(OLE):
            # WPS also saves .wps/.et as packages; accept those when they open
            if data.startswith(b"PK") and ext in ("wps", "et"):
                try:
                    with zipfile.ZipFile(io.BytesIO(data)) as archive:
                        if archive.testzip() is None:
                            return name
                except Exception:
                    raise _damaged(name, what) from None
            raise _disguised(name, what)
        if len(data) < 512:
            raise _damaged(name, what)
    else:
        from zhongshu.core.scans import check_scan

        try:
            check_scan(upload)
        except UserError as exc:
            if exc.code == "disguised_scan":
                raise _disguised(name, what) from None
            raise _damaged(name, what) from None
    return name


def check_materials(uploads, *, required: bool = True) -> list[str]:
    uploads = [u for u in (uploads or []) if u]
    if required and not uploads:
        raise UserError(f"请上传议题材料（汇报材料、代拟文件等，{ALLOWED_TEXT}）", code="material_required")
    if len(uploads) > MAX_FILES:
        raise UserError(f"一次最多上传 {MAX_FILES} 个文件", code="too_many_materials")
    return [check_material(u) for u in uploads]
