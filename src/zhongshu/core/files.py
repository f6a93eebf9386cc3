"""Attachments: validate and store an uploaded file on a record; list a record's files.

    attach(matter, request.FILES["file"], by=user, purpose="material")   # -> Attachment
    attachments_for(matter)                                               # queryset, oldest first

Rules: at most ZHONGSHU_ATTACHMENT_MAX_MB (default 20 MB) per file; only the kinds offices
exchange (ALLOWED_EXTENSIONS); an empty file is refused. The file is stored by its SHA-256;
the name the user gave is kept for display and download, and the same bytes attached again (a
scan on several records, a re-upload) are stored once. Refusals raise UserError with a
Chinese message and store nothing.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from .errors import UserError
from .models import Attachment

ALLOWED_EXTENSIONS = frozenset({
    "pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "ppt", "pptx", "txt", "rtf",
    "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "zip", "rar", "7z", "mp3", "mp4",
})


def max_bytes() -> int:
    return int(getattr(settings, "ZHONGSHU_ATTACHMENT_MAX_MB", 20)) * 1024 * 1024


def validate_upload(upload) -> str:
    """Check an uploaded file; returns its clean display name."""
    name = PurePath(str(getattr(upload, "name", "") or "")).name.strip()
    if not name:
        raise UserError("附件缺少文件名", code="invalid_attachment")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_EXTENSIONS:
        raise UserError(f"不支持的附件类型：{name}（可上传 PDF、OFD、Word、WPS、Excel、图片、压缩包等）",
                        code="invalid_attachment")
    size = getattr(upload, "size", None)
    if size is None:
        raise UserError(f"无法读取附件大小：{name}", code="invalid_attachment")
    if size == 0:
        raise UserError(f"附件为空文件：{name}", code="invalid_attachment")
    if size > max_bytes():
        raise UserError(f"附件过大：{name}（{size / 1024 / 1024:.1f} MB，上限 {max_bytes() // 1024 // 1024} MB）",
                        code="attachment_too_large")
    return name[:200]


def attach(owner, upload, *, by=None, purpose: str = "") -> Attachment:
    name = validate_upload(upload)
    digest = hashlib.sha256()
    chunks = []
    for chunk in upload.chunks():
        digest.update(chunk)
        chunks.append(chunk)
    sha = digest.hexdigest()
    mime = getattr(upload, "content_type", "") or mimetypes.guess_type(name)[0] or ""
    item = Attachment(content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk, purpose=purpose,
                      name=name, size=upload.size, sha256=sha, mime=mime[:100], uploaded_by=by)
    stored = Attachment.objects.filter(sha256=sha).exclude(file="").values_list("file", flat=True).first()
    if stored and item.file.storage.exists(stored):
        item.file.name = stored          # the same bytes are stored once (nothing deletes a stored file)
    else:
        item.file.save(sha, ContentFile(b"".join(chunks)), save=False)
    item.save()
    return item


def attachments_for(owner, purpose: str | None = None):
    qs = Attachment.objects.filter(content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk)
    if purpose is not None:
        qs = qs.filter(purpose=purpose)
    return qs.select_related("uploaded_by")
