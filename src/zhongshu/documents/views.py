"""/documents/check/: paste a draft or upload it, and see its problems with their places."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhongshu.core.errors import UserError

from . import drafts
from .forms import DraftCheckForm
from .permissions import REFUSED, may_check


@login_required
def check_page(request):
    if not may_check(request.user):
        return render(request, "documents/forbidden.html", {"reason": REFUSED}, status=403)
    report, text = None, ""
    if request.method == "POST":
        form = DraftCheckForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                upload = form.cleaned_data.get("file")
                text = drafts.text_of_upload(upload) if upload else form.cleaned_data["text"]
                report = drafts.check(text, kind=form.cleaned_data["kind"], number=form.cleaned_data["number"])
            except UserError as exc:
                form.add_error("file" if form.cleaned_data.get("file") else "text", exc.message)
    else:
        form = DraftCheckForm()
    return render(request, "documents/check.html", {
        "form": form, "report": report, "text": text, "lines": _numbered(text, report) if report else [],
        "max_chars": drafts.max_chars(), "density_limit": drafts.density_limit()})


def _numbered(text: str, report) -> list[dict]:
    """The draft's lines with the findings on each, for the annotated copy beside the list."""
    marked: dict[int, list] = {}
    for f in report.findings:
        marked.setdefault(f.line, []).append(f)
    return [{"n": i, "text": line, "findings": marked.get(i, [])} for i, line in enumerate(text.split("\n"), start=1)]
