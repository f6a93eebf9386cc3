"""Getting an uploaded spreadsheet's bytes safely, and refusing what is not an .xlsx file.

`load_bytes(source, max_bytes)` accepts a path (str or PathLike), bytes, or a binary file
object (a Django UploadedFile, an open file, BytesIO). The size is checked BEFORE anything
is read: from `.size` when the object has one (Django's UploadedFile), from the file
system for a path, otherwise by seeking to the end. At most max_bytes + 1 bytes are read
even if `.size` was wrong.

`check_package(data, max_unpacked_bytes)` looks at the first bytes, in this order:
empty → "文件是空的"; the OLE2 signature D0 CF 11 E0 A1 B1 1A E1 → an encrypted .xlsx when
the container holds an "EncryptedPackage" stream, else a legacy .xls (or WPS .et); a zip
→ it must open, list [Content_Types].xml declaring a spreadsheet main part (Word, PowerPoint
and OpenDocument packages get a hint), and its members must not unpack to more than
max_unpacked_bytes (a zip bomb would exhaust memory in openpyxl); anything else that decodes
as text is a CSV/HTML/XML file renamed to .xlsx; the rest is "not a valid Excel file".

`open_workbook(data, ...)` runs openpyxl with its warnings silenced (they speak of
unsupported extensions and mean nothing to the user); any failure inside openpyxl means a
damaged file and becomes a TableError.
"""

from __future__ import annotations

import io
import os
import warnings
import zipfile

import openpyxl

from .errors import TableError

MB = 1024 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
NOT_XLSX = "文件不是有效的 Excel（.xlsx）文件"
RESAVE = "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"


def format_size(n: int) -> str:
    """52.3 MB, 10 MB, 800 KB."""
    if n >= MB:
        value = n / MB
        return f"{value:.0f} MB" if n % MB == 0 else f"{value:.1f} MB"
    return f"{max(n, 1) / 1024:.0f} KB" if n % 1024 == 0 else f"{n / 1024:.1f} KB"


def _too_large(size: int | None, max_bytes: int) -> TableError:
    shown = format_size(size) if size is not None else f"超过 {format_size(max_bytes)}"
    return TableError(f"文件过大：{shown}，上限 {format_size(max_bytes)}", code="file_too_large")


def _declared_size(fileobj) -> int | None:
    size = getattr(fileobj, "size", None)
    if isinstance(size, int) and not isinstance(size, bool):
        return size
    seekable = getattr(fileobj, "seekable", None)
    if seekable is not None and seekable():
        position = fileobj.tell()
        end = fileobj.seek(0, io.SEEK_END)
        fileobj.seek(position)
        return end - position
    return None


def load_bytes(source, max_bytes: int) -> bytes:
    """The file's bytes; TableError when larger than max_bytes (checked before reading)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > max_bytes:
            raise _too_large(len(data), max_bytes)
        return data
    if isinstance(source, (str, os.PathLike)):
        size = os.path.getsize(source)
        if size > max_bytes:
            raise _too_large(size, max_bytes)
        with open(source, "rb") as handle:
            data = handle.read(max_bytes + 1)
    elif hasattr(source, "read"):
        size = _declared_size(source)
        if size is not None and size > max_bytes:
            raise _too_large(size, max_bytes)
        if hasattr(source, "seek") and (getattr(source, "seekable", None) is None or source.seekable()):
            source.seek(0)
        data = source.read(max_bytes + 1)
        if not isinstance(data, bytes):
            raise TypeError("read_xlsx needs a binary file object (opened with 'rb')")
    else:
        raise TypeError(f"read_xlsx cannot read a {type(source).__name__}")
    if len(data) > max_bytes:
        raise _too_large(None, max_bytes)
    return data


def _text_kind(head: bytes) -> str | None:
    """'html', 'xml' or 'text' when the head of the file is text; None for binary."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 "Unicode text" saved by Excel
    if b"\x00" in head:
        return None
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a character cut at the end of the sample
                text = head[: exc.start].decode(encoding, errors="ignore")
                break
    else:
        return None
    if any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text):
        return None
    lowered = text.lstrip("\ufeff \t\r\n").lower()
    if lowered.startswith(("<html", "<!doctype html", "<table", "<meta")) or "<html" in lowered[:1000]:
        return "html"
    if lowered.startswith("<?xml"):
        return "xml"
    return "text"


def _zip_refusal(archive: zipfile.ZipFile) -> str | None:
    names = set(archive.namelist())
    if "[Content_Types].xml" in names:
        types = archive.read("[Content_Types].xml")
        if b"spreadsheetml.sheet.main" in types or b"ms-excel.sheet.macroEnabled.main" in types \
                or b"spreadsheetml.template.main" in types:
            return None
    if "word/document.xml" in names:
        return f"{NOT_XLSX}（这是 Word 文档）"
    if "ppt/presentation.xml" in names:
        return f"{NOT_XLSX}（这是 PowerPoint 文稿）"
    if "mimetype" in names and archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument"):
        return f"{NOT_XLSX}（这是 OpenDocument（.ods）格式）：{RESAVE}"
    return f"{NOT_XLSX}（这是一个普通压缩包，不是 Excel 表格）"


def check_package(data: bytes, max_unpacked_bytes: int) -> None:
    """TableError unless `data` looks like an .xlsx package (rules in the module docstring)."""
    if not data:
        raise TableError("文件是空的（0 字节）", code="empty_file")
    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTED_STREAM in data:
            raise TableError("文件设置了打开密码：请在 Excel 或 WPS 中取消密码后再导入", code="encrypted")
        raise TableError("文件是旧版 Excel（.xls）格式：请将 .xls 文件另存为 .xlsx 后再导入", code="legacy_xls")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                refusal = _zip_refusal(archive)
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, NotImplementedError) as exc:
            raise TableError(f"{NOT_XLSX}（文件已损坏或不完整）", code="not_xlsx") from exc
        if refusal:
            raise TableError(refusal, code="not_xlsx")
        if unpacked > max_unpacked_bytes:
            raise TableError(f"文件解压后过大：{format_size(unpacked)}，上限 {format_size(max_unpacked_bytes)}",
                             code="unpacked_too_large")
        return
    kind = _text_kind(data[:4096])
    if kind == "html":
        raise TableError(f"文件是网页（HTML）格式，只是扩展名像 Excel：{RESAVE}", code="text_file")
    if kind == "xml":
        raise TableError(f"文件是 XML 格式，不是 .xlsx：{RESAVE}", code="text_file")
    if kind == "text":
        raise TableError(f"文件是文本（CSV 等）格式，不是 Excel 文件：{RESAVE}", code="text_file")
    raise TableError(NOT_XLSX, code="not_xlsx")


def open_workbook(data: bytes, *, data_only: bool, read_only: bool = False):
    """openpyxl's workbook for `data`; TableError when openpyxl cannot read it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(data), read_only=read_only, data_only=data_only,
                                          keep_links=False, keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, ValueError, XML errors…)
        raise TableError(f"{NOT_XLSX}（无法读取，文件可能已损坏）", code="not_xlsx") from exc
