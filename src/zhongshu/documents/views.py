"""/documents/check/: paste a draft or upload it, see its problems with their places, and lay it
out as a GB/T 9704 document (.docx, or PDF where LibreOffice is installed)."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from zhongshu.core.errors import UserError

from . import drafts
from . import layout as layout_module
from .forms import DraftCheckForm, LayoutForm
from .permissions import REFUSED, may_check


@login_required
def check_page(request):
    """检查 (action=check, the default), or 排版 the same draft: action=docx / pdf answers the file."""
    if not may_check(request.user):
        return render(request, "documents/forbidden.html", {"reason": REFUSED}, status=403)
    report, text, layout_error = None, "", ""
    if request.method == "POST":
        form, layout = DraftCheckForm(request.POST, request.FILES), LayoutForm(request.POST)
        action = request.POST.get("action") or "check"
        if form.is_valid() and layout.is_valid():
            upload = form.cleaned_data.get("file")
            try:
                text = drafts.text_of_upload(upload) if upload else form.cleaned_data["text"]
                report = drafts.check(text, kind=form.cleaned_data["kind"], number=form.cleaned_data["number"])
            except UserError as exc:
                form.add_error("file" if upload else "text", exc.message)
            if report is not None and action in ("docx", "pdf"):
                try:
                    return _laid_out(form.cleaned_data, layout.cleaned_data, text, action)
                except (UserError, layout_module.PdfUnavailable) as exc:
                    layout_error = getattr(exc, "message", None) or str(exc)
    else:
        form, layout = DraftCheckForm(), LayoutForm()
    return render(request, "documents/check.html", {
        "form": form, "layout": layout, "layout_error": layout_error, "report": report, "text": text,
        "lines": _numbered(text, report) if report else [], "pdf_available": layout_module.soffice() is not None,
        "max_chars": drafts.max_chars(), "density_limit": drafts.density_limit()})


def _laid_out(draft: dict, head: dict, text: str, action: str) -> HttpResponse:
    from zhongshu.paper import FREE_FONTS, render_docx

    paper = layout_module.paper_from_draft(text, kind=draft["kind"], number=draft["number"], **head)
    name = re.sub(r'[\\/:*?"<>|\s]+', "", paper.title)[:60] or "公文"
    if action == "pdf":
        data = layout_module.to_pdf(render_docx(paper, fonts=FREE_FONTS))  # the fonts this server has
        content_type, name = "application/pdf", f"{name}.pdf"
    else:
        data = render_docx(paper)  # the font names offices have (方正小标宋简体, 仿宋_GB2312 …)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        name = f"{name}.docx"
    return HttpResponse(data, content_type=content_type,
                        headers={"Content-Disposition": content_disposition_header(True, name)})


def _numbered(text: str, report) -> list[dict]:
    """The draft's lines with the findings on each, for the annotated copy beside the list."""
    marked: dict[int, list] = {}
    for f in report.findings:
        marked.setdefault(f.line, []).append(f)
    return [{"n": i, "text": line, "findings": marked.get(i, [])} for i, line in enumerate(text.split("\n"), start=1)]
