"""The audit view (审计管理员 only): filter, keyset pages, verify the chain, CSV export.

Pages are keyset-paginated on seq (`?before=N` / `?after=N`, 50 rows), so every page is one
bounded index scan however large the table. The export streams in seq order in batches and
is itself recorded as an `export` audit record.
"""

from __future__ import annotations

import csv
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import trail
from .display import with_change_lines
from .forms import AuditFilterForm
from .models import Action

PAGE_SIZE = 50
EXPORT_LIMIT = 200_000
EXPORT_BATCH = 2000


def auditadmin_required(view):
    """Only the 审计管理员; the system administrator and everyone else get 403 (三员分立)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        from zhongshu.org.roles import Role

        if not request.user.has_role(Role.AUDITADMIN):
            return render(request, "audit/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def type_name(content_type_id) -> str:
    if not content_type_id:
        return ""
    ct = ContentType.objects.get_for_id(content_type_id)
    model = ct.model_class()
    return str(model._meta.verbose_name) if model else f"{ct.app_label}.{ct.model}"


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _filter_query(form) -> str:
    return urlencode({k: v for k, v in form.data.items() if k in form.fields and v})


@auditadmin_required
def record_list(request):
    form = AuditFilterForm(request.GET or None)
    records, newer, older = [], None, None
    if form.is_bound and not form.is_valid():
        qs = None
    else:
        if not form.is_bound:
            form = AuditFilterForm({})
            form.is_valid()
        qs = form.filter()
    if qs is not None:
        before, after = _int(request.GET.get("before")), _int(request.GET.get("after"))
        if after is not None:
            page = list(qs.filter(seq__gt=after).order_by("seq")[: PAGE_SIZE + 1])
            has_newer = len(page) > PAGE_SIZE
            records = list(reversed(page[:PAGE_SIZE]))
            has_older = True
        else:
            page = qs.order_by("-seq")
            if before is not None:
                page = page.filter(seq__lt=before)
            page = list(page[: PAGE_SIZE + 1])
            records = page[:PAGE_SIZE]
            has_older, has_newer = len(page) > PAGE_SIZE, before is not None
        records = with_change_lines(records)
        for r in records:
            r.type_name = type_name(r.content_type_id)
        if records:
            older = records[-1].seq if has_older else None
            newer = records[0].seq if has_newer else None
    query = _filter_query(form)
    return render(request, "audit/list.html", {
        "form": form, "records": records, "older": older, "newer": newer, "query": query,
        "export_url": "export.csv" + (f"?{query}" if query else ""),
    })


@auditadmin_required
@require_POST
def verify_chain(request):
    from .verification import verify

    result = verify()
    trail.record(Action.VERIFY, note=result.message)
    if request.headers.get("HX-Request"):
        return render(request, "audit/_verify_result.html", {"result": result})
    (messages.success if result.ok else messages.error)(request, result.message)
    return redirect("audit:list")


@auditadmin_required
def export_csv(request):
    form = AuditFilterForm(request.GET or {})
    if not form.is_valid():
        messages.error(request, "筛选条件有误：" + "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("audit:list")
    qs = form.filter()
    count = qs.count()
    if count > EXPORT_LIMIT:
        messages.error(request, f"符合条件的记录有 {count} 条，超过单次导出上限 {EXPORT_LIMIT} 条，请缩小时间范围")
        return redirect(f"/audit/?{_filter_query(form)}")
    trail.record(Action.EXPORT, note=f"导出审计记录 {count} 条（条件：{form.describe()}）")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(_csv_rows(qs), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response


class _Echo:
    def write(self, value):
        return value


def _csv_rows(qs):
    """Yield the CSV (with a BOM so that Excel reads UTF-8), in seq order, batch by batch."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(["序号", "时间", "操作人", "IP 地址", "渠道", "操作", "对象类型", "对象编号", "对象",
                           "变更内容", "说明", "请求编号", "哈希"])
    cursor = 0
    while True:
        batch = with_change_lines(qs.filter(seq__gt=cursor).order_by("seq")[:EXPORT_BATCH])
        if not batch:
            return
        for r in batch:
            changes = "；".join(f"{line['label']}：{line['before']} → {line['after']}" for line in r.lines)
            yield writer.writerow([
                r.seq, timezone.localtime(r.at).strftime("%Y-%m-%d %H:%M:%S"), r.actor_label, r.ip or "",
                r.get_channel_display(), r.get_action_display(), type_name(r.content_type_id), r.object_id,
                r.object_repr, changes, r.note, r.request_id, r.hash,
            ])
        cursor = batch[-1].seq
