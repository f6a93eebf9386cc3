"""/documents/check/: paste a draft or upload it, see its problems with their places, and lay it
out as a GB/T 9704 document (.docx, or PDF where LibreOffice is installed).
/documents/numbers/: the 发文登记簿 (numbers.py)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from zhongshu.core.errors import UserError

from . import drafts, numbers
from . import layout as layout_module
from .forms import CancelNumberForm, DraftCheckForm, LayoutForm, TakeNumberForm
from .models import IssuedNumber, NumberSeries
from .permissions import BOOK_REFUSED, REFUSED, may_check, may_number, may_read_book


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


@login_required
def number_book(request):
    """发文登记簿: the numbers of a series and year; the 文秘 takes and cancels numbers here."""
    user = request.user
    if not may_read_book(user):
        return render(request, "documents/forbidden.html", {"reason": BOOK_REFUSED, "title": "发文登记簿"}, status=403)
    clerk = may_number(user)
    all_series = list(NumberSeries.objects.all())
    chosen = next((x for x in all_series if str(x.pk) == request.GET.get("series")), all_series[0] if all_series else None)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    take_form, cancel_error = TakeNumberForm(initial={"series": chosen}), ""
    if request.method == "POST":
        if not clerk:
            return render(request, "documents/forbidden.html", {"reason": "只有文秘（公文管理）可以取号或作废文号",
                                                                 "title": "发文登记簿"}, status=403)
        if "cancel" in request.POST:
            issued = get_object_or_404(IssuedNumber, pk=request.POST.get("cancel"))
            form = CancelNumberForm(request.POST)
            try:
                if not form.is_valid():
                    raise UserError("请填写作废原因")
                numbers.cancel(issued, reason=form.cleaned_data["reason"], by=user)
                messages.success(request, f"{issued.text} 已作废（{form.cleaned_data['reason']}）")
                return redirect(f"{reverse('documents:numbers')}?series={issued.series_id}&year={issued.year}")
            except UserError as exc:
                cancel_error, chosen, year = f"{issued.text}：{exc.message}", issued.series, issued.year
        else:
            take_form = TakeNumberForm(request.POST)
            if take_form.is_valid():
                data = take_form.cleaned_data
                try:
                    issued = numbers.take(data["series"], title=data["title"], typed=data["typed"], by=user)
                    messages.success(request, f"已取号：{issued.text}《{issued.title}》")
                    return redirect(f"{reverse('documents:numbers')}?series={issued.series_id}&year={issued.year}")
                except UserError as exc:
                    take_form.add_error("typed" if data["typed"] else "title", exc.message)
    rows = list(numbers.book(chosen, year)) if chosen else []
    return render(request, "documents/numbers.html", {
        "all_series": all_series, "chosen": chosen, "year": year, "rows": rows, "clerk": clerk,
        "take_form": take_form, "cancel_error": cancel_error,
        "used": sum(1 for r in rows if r.state == "used"), "cancelled": sum(1 for r in rows if r.state != "used")})
