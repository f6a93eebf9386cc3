"""Download of an attachment, allowed exactly when its record is visible (org.scope)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from zhongshu.org.scope import get_visible_or_404

from .models import Attachment


@login_required
def download(request, pk: int):
    item = Attachment.objects.select_related("content_type").filter(pk=pk).first()
    if item is None:
        raise Http404("记录不存在或无权访问")
    model = item.content_type.model_class()
    if model is None:
        raise Http404("记录不存在或无权访问")
    get_visible_or_404(model, request.user, pk=item.object_id)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("附件文件已丢失，请联系系统管理员")
    return FileResponse(handle, as_attachment=True, filename=item.name,
                        content_type=item.mime or "application/octet-stream")
