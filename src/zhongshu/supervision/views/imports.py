"""Excel pages: export what the ledger shows, download the import template, import the annual table."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from zhongshu import audit
from zhongshu.core.errors import UserError
from zhongshu.core.tabular import TableError, xlsx_response

from .. import excel
from ..forms import ImportForm
from ..ledger import LedgerFilter
from ..permissions import reason_refused


@login_required
def export(request):
    """The ledger as .xlsx, with the page's filters (the one scoping rule applies)."""
    try:
        flt = LedgerFilter.from_params(request.GET)
    except UserError as exc:
        messages.error(request, exc.message)
        return redirect("supervision:ledger")
    now = timezone.now()
    layout = "table" if request.GET.get("layout") == "table" else "ledger"
    view = "tasks" if request.GET.get("view") == "tasks" else "matters"
    sheets = excel.export_sheets(flt, request.user, now, layout=layout, view=view)
    name = "督查事项任务表" if layout == "table" else "督查事项台账"
    audit.record("export", None, note=f"导出{name}（{flt.as_params().urlencode() or '全部'}）")
    return xlsx_response(f"{name}_{timezone.localtime(now):%Y%m%d}.xlsx", sheets)


@login_required
def template(request):
    return xlsx_response("督查事项年度任务表（导入模板）.xlsx", excel.template_sheets())


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request):
    refused = reason_refused(request.user, "import")
    if refused:
        return render(request, "supervision/forbidden.html", {"reason": refused}, status=403)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "max_mb": settings.ZHONGSHU_IMPORT_MAX_MB}
    if request.method == "POST" and form.is_valid():
        try:
            result, created = excel.import_task_table(
                form.cleaned_data["file"], request.user, max_bytes=settings.ZHONGSHU_IMPORT_MAX_MB * 1024 * 1024,
                dry_run=form.cleaned_data["dry_run"])
        except UserError as exc:  # TableError: the file as a whole is refused
            context["file_error"] = exc.message
            return render(request, "supervision/import.html", context, status=400)
        context.update(result=result, created=created, dry_run=form.cleaned_data["dry_run"])
        if not result.ok:
            context["errors"] = result.error_report()
            return render(request, "supervision/import.html", context, status=400)
        if created:
            messages.success(request, f"导入成功：共 {len(created)} 项事项（{created[0].number} 至 {created[-1].number}），"
                                      "已按牵头、配合单位和阶段目标分解任务，请核对后交办。")
            return redirect("/supervision/?state=draft")
        context["checked"] = len(result.rows)
    elif request.method == "POST":
        context["file_error"] = "请选择要导入的 .xlsx 文件"
    return render(request, "supervision/import.html", context, status=400 if request.method == "POST"
                  and "checked" not in context else 200)


__all__ = ["TableError", "export", "import_page", "template"]
