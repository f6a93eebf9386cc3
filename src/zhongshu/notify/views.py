"""Pages: the inbox (everyone), deliveries and robot channels (系统管理员 only).

Buttons are plain forms that HTMX enhances: with HTMX the server answers with the changed
fragment (and the header's unread badge, out of band); without JS it redirects back.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhongshu.core.errors import NotFound

from . import inbox as inbox_service
from .channels import DeliveryError
from .delivery import retry, send_test
from .forms import UnitChannelForm
from .models import Delivery, DeliveryState, UnitChannel
from .permissions import sysadmin_required

PAGE_SIZE = 20


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _inbox_url(request) -> str:
    show = request.POST.get("show") or request.GET.get("show") or "all"
    page = request.POST.get("page") or request.GET.get("page") or ""
    url = reverse("notify:inbox") + f"?show={'unread' if show == 'unread' else 'all'}"
    return url + (f"&page={page}" if page.isdigit() else "")


# --- inbox ----------------------------------------------------------------
def _mark_read(request, pk):
    try:
        return inbox_service.mark_read(request.user, pk)
    except NotFound as exc:  # another user's notice: as if it did not exist
        raise Http404(exc.message) from None


@login_required
def inbox(request):
    """The signed-in user's notices, newest first; ?show=unread|all (default all)."""
    show = "unread" if request.GET.get("show") == "unread" else "all"
    qs = inbox_service.notices_for(request.user, unread_only=show == "unread")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "show": show, "unread": inbox_service.unread_count(request.user)}
    return render(request, "notify/inbox.html", context)


@login_required
def open_notice(request, pk):
    """Follow a notice's link and mark it read; links that leave the site fall back to the inbox."""
    notice = _mark_read(request, pk)
    target = notice.link
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(reverse("notify:inbox"))


@login_required
@require_POST
def read_one(request, pk):
    notice = _mark_read(request, pk)
    if _is_htmx(request):
        return render(request, "notify/_notice_read.html",
                      {"notice": notice, "unread": inbox_service.unread_count(request.user),
                       "show": request.POST.get("show", "all")})
    return redirect(_inbox_url(request))


@login_required
@require_POST
def read_all(request):
    changed = inbox_service.mark_all_read(request.user)
    messages.success(request, f"已将 {changed} 条消息标为已读" if changed else "没有未读消息")
    if _is_htmx(request):  # reload the page (XHR would follow a 302 silently)
        return HttpResponse(status=204, headers={"HX-Redirect": _inbox_url(request)})
    return redirect(_inbox_url(request))


# --- deliveries (系统管理员) -------------------------------------------------
DELIVERY_FILTERS = {
    "open": ("失败和待投递", [DeliveryState.FAILED, DeliveryState.PENDING, DeliveryState.SENDING]),
    "failed": ("失败", [DeliveryState.FAILED]),
    "pending": ("待投递", [DeliveryState.PENDING, DeliveryState.SENDING]),
    "sent": ("已投递", [DeliveryState.SENT]),
}


@sysadmin_required
def deliveries(request):
    state = request.GET.get("state") if request.GET.get("state") in DELIVERY_FILTERS else "open"
    qs = (Delivery.objects.filter(state__in=DELIVERY_FILTERS[state][1])
          .select_related("recipient", "unit_channel", "unit_channel__unit").order_by("-created_at", "-id"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    failed = Delivery.objects.filter(state=DeliveryState.FAILED).count()
    return render(request, "notify/deliveries.html",
                  {"page": page, "state": state, "filters": DELIVERY_FILTERS, "failed_count": failed})


@sysadmin_required
@require_POST
def retry_one(request, pk):
    delivery = get_object_or_404(Delivery, pk=pk)
    if retry([delivery.pk]):
        messages.success(request, f"已重新排队：{delivery}，后台进程将尽快投递")
    else:
        messages.info(request, "该投递已在进行或已完成，无需重试")
    return redirect(request.POST.get("next") or reverse("notify:deliveries"))


@sysadmin_required
@require_POST
def retry_failed(request):
    ids = Delivery.objects.filter(state=DeliveryState.FAILED).values_list("id", flat=True)
    count = retry(ids)
    messages.success(request, f"已将 {count} 条失败的投递重新排队" if count else "没有失败的投递")
    return redirect(reverse("notify:deliveries"))


# --- robot channels (系统管理员) ---------------------------------------------
@sysadmin_required
def channel_list(request):
    channels = UnitChannel.objects.select_related("unit").order_by("unit__path", "kind", "name")
    return render(request, "notify/channels.html", {"channels": channels})


@sysadmin_required
def channel_edit(request, pk=None):
    instance = get_object_or_404(UnitChannel, pk=pk) if pk else None
    form = UnitChannelForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        channel = form.save()
        messages.success(request, f"已保存通知渠道：{channel}")
        return redirect(reverse("notify:channels"))
    return render(request, "notify/channel_form.html", {"form": form, "channel": instance})


@sysadmin_required
@require_POST
def channel_toggle(request, pk):
    channel = get_object_or_404(UnitChannel, pk=pk)
    channel.is_active = not channel.is_active
    channel.save(update_fields=["is_active", "updated_at"])
    messages.success(request, f"已{'启用' if channel.is_active else '停用'}：{channel}")
    return redirect(reverse("notify:channels"))


@transaction.non_atomic_requests  # network I/O: hold no transaction (or SQLite write lock) meanwhile
@sysadmin_required
@require_POST
def channel_test(request, pk):
    """Send a test message synchronously; bounded by ZHONGSHU_WEBHOOK_TIMEOUT_SECONDS."""
    channel = get_object_or_404(UnitChannel.objects.select_related("unit"), pk=pk)
    try:
        send_test(channel)
    except DeliveryError as exc:
        ok, text = False, f"测试消息发送失败：{exc.message}"
    else:
        ok, text = True, f"测试消息已发送到“{channel}”，请在群里查看"
    if _is_htmx(request):
        return render(request, "notify/_test_result.html", {"ok": ok, "text": text})
    (messages.success if ok else messages.error)(request, text)
    return redirect(reverse("notify:channels"))
