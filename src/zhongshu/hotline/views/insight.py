"""研判 page: hot topics of a period ranked by heat, the daily volume, risk keywords; and the
one action that turns a hot topic into a 督办 matter."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.core.errors import UserError
from zhongshu.org.models import OrgUnit

from ..permissions import allowed, reason_refused


def _forbidden(request, reason):
    return render(request, "hotline/insight_forbidden.html", {"reason": reason}, status=403)


@login_required
def insight_page(request):
    from .. import insight, topics  # topics (clustering) loads scikit-learn: only when the page is asked for

    reason = reason_refused(request.user, "insight")
    if reason:
        return _forbidden(request, reason)
    today = timezone.localdate()
    error = ""
    try:
        period = insight.parse_period(request.GET.get("from"), request.GET.get("to"), today)
    except UserError as exc:
        error, period = exc.message, insight.parse_period(None, None, today)
    hot, items, capped = insight.hot_topics(request.user, period)
    context = {
        "period": period, "error": error, "hot": hot, "capped": capped, "total": len(items),
        "max_items": insight.MAX_ITEMS, "heat_formula": topics.HEAT_FORMULA,
        "daily": insight.daily_counts(items, period), "risks": insight.risk_tickets(items),
        "can_to_matter": allowed(request.user, "to_matter"),
        "units": OrgUnit.objects.filter(is_active=True).order_by("path") if allowed(request.user, "to_matter") else [],
        "default_deadline": today.replace(day=min(today.day, 28)).isoformat(),
    }
    return render(request, "hotline/insight.html", context)


@login_required
@require_POST
def insight_to_matter(request):
    from .. import insight

    back = reverse("hotline:insight")
    try:
        ids = [int(x) for x in request.POST.getlist("ticket")]
        unit = OrgUnit.objects.filter(pk=request.POST.get("lead_unit") or 0, is_active=True).first()
        if unit is None:
            raise UserError("请选择牵头单位", code="unit_required")
        try:
            deadline = date.fromisoformat(request.POST.get("deadline", ""))
        except ValueError:
            raise UserError("请填写完成时限（如 2026-12-31）", code="invalid_date")
        matter = insight.to_matter(request.user, ids, title=request.POST.get("title", "").strip(), lead_unit=unit,
                                   deadline=deadline, basis=request.POST.get("basis", "").strip())
    except ValueError:
        messages.error(request, "工单编号不正确")
        return redirect(back)
    except UserError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, f"已转为督办事项 {matter.number}，请在督查台账中交办。")
    return redirect(matter.get_absolute_url())


urlpatterns = [path("insight/", insight_page, name="insight"),
               path("insight/to-matter/", insight_to_matter, name="insight_to_matter")]
