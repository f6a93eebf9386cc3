"""A file download with its Chinese name: Content-Disposition after RFC 6266 / RFC 5987 (an ASCII
fallback for old clients, the real name percent-encoded for every other).

    return download(render_docx(paper), "批示办理情况月报（2026年3月）.docx", DOCX)
"""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import quote

from django.http import HttpResponse

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def disposition(filename: str) -> str:
    name = PurePath(filename.replace("\\", "/")).name or "download"
    suffix = PurePath(name).suffix if PurePath(name).suffix.isascii() else ""
    fallback = name if name.isascii() else f"download{suffix}"
    fallback = fallback.replace('"', "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = disposition(filename)
    return response
