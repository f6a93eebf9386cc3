"""督查文书: the list of issued papers, their .docx, and the period 督查通报 (preview, then issue)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from zhongshu import audit
from zhongshu.core.downloads import DOCX, download
from zhongshu.core.errors import UserError
from zhongshu.org.scope import get_visible_or_404

from .. import bulletin, documents
from ..choices import DocKind
from ..forms import BulletinForm
from ..models import SupervisionDoc
from ..permissions import allowed, check


def docx_response(data: bytes, filename: str) -> HttpResponse:
    return download(data, filename, DOCX)


@login_required
def doc_list(request):
    qs = SupervisionDoc.objects.restrict(request.user).select_related("unit", "matter", "issued_by")
    kind = request.GET.get("kind", "")
    if kind in DocKind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "supervision/docs.html", {"page": page, "kind": kind, "kinds": DocKind.choices,
                                                     "can_bulletin": allowed(request.user, "bulletin")})


@login_required
def doc_download(request, pk: int):
    doc = get_visible_or_404(SupervisionDoc, request.user, pk=pk)
    data = documents.render(doc)
    audit.record("export", doc, note=f"下载{doc.get_kind_display()}", obj_repr=str(doc))
    return docx_response(data, documents.filename(doc))


def _quarter_bounds(today: date) -> tuple[date, date]:
    """The last finished quarter (the usual period of a 督查通报)."""
    q = (today.month - 1) // 3
    year = today.year if q else today.year - 1
    q = q or 4
    import calendar

    start = date(year, 3 * q - 2, 1)
    return start, date(year, 3 * q, calendar.monthrange(year, 3 * q)[1])


@login_required
@require_http_methods(["GET", "POST"])
def bulletin_page(request):
    try:
        check(request.user, "bulletin")
    except UserError as exc:
        return render(request, "supervision/forbidden.html", {"reason": exc.message}, status=403)
    start, end = _quarter_bounds(timezone.localdate())
    form = BulletinForm(request.POST or request.GET or None, initial={"start": start, "end": end})
    preview, error = None, None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        try:
            content = bulletin.build(start, end)
        except UserError as exc:
            error = exc.message
        else:
            if request.method == "POST":
                doc = documents.issue_bulletin(content, start=start, end=end, by=request.user)
                messages.success(request, f"已印发督查通报（{doc.number}）")
                return redirect("supervision:docs")
            preview = content
    elif form.is_bound:
        error = "；".join(e for errs in form.errors.values() for e in errs)
    return render(request, "supervision/bulletin.html", {"form": form, "preview": preview, "error": error})
