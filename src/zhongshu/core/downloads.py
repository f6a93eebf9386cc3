"""A file download with its Chinese name, for every export of 中枢 (.xlsx, .docx, .pdf).

    return download(render_docx(paper), "批示办理情况月报（2026年3月）.docx", DOCX)
    header = content_disposition("台账", suffix=".xlsx")

The name is made safe first (no path, no characters Windows refuses, the suffix ensured), then
the Content-Disposition follows RFC 6266 / RFC 5987: an ASCII fallback for old clients, the real
(Chinese) name percent-encoded for every other.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.http import HttpResponse

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def safe_filename(filename: str, suffix: str) -> str:
    """`filename` safe to offer for download: no path, no characters Windows refuses, ends with `suffix`."""
    name = re.split(r"[\\/]", str(filename))[-1]
    name = re.sub(r'[\x00-\x1f\x7f<>:"|?*]', "_", name).strip(" .") or "导出"
    return name if name.lower().endswith(suffix) else f"{name}{suffix}"


def content_disposition(filename: str, *, suffix: str) -> str:
    """'attachment; filename="…"; filename*=UTF-8''…' for the safe form of `filename`."""
    name = safe_filename(filename, suffix)
    fallback = name if name.isascii() else f"download{suffix}"
    fallback = fallback.replace("\\", "_").replace('"', "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """`data` as an attachment named `filename` (its own suffix kept)."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, suffix=suffix)
    return response
