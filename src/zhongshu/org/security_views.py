"""Account security (安全管理员 only): unlock accounts locked by failed logins, reset a
user's TOTP second factor. The 安全管理员 sees names and units, never business data."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import lockout, totp
from .admin_views import role_required, search_users
from .models import OrgUnit, User
from .roles import Role

secadmin_required = role_required(Role.SECADMIN)


def audit_note(user, note: str) -> None:
    """Put a security action on a user into the audit trail (axes and django-otp rows are not audited)."""
    from zhongshu.audit.trail import record

    record("update", user, note=note)


@secadmin_required
def security_list(request):
    """Accounts with their lock and TOTP state; ?locked=1 shows locked accounts only."""
    users, q, unit = search_users(request.GET)
    locked = lockout.locked_usernames()
    only_locked = request.GET.get("locked") == "1"
    if only_locked:
        users = users.filter(username__in=locked)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    with_totp = set(TOTPDevice.objects.filter(user__in=[u.pk for u in page], confirmed=True)
                    .values_list("user_id", flat=True))
    return render(request, "org/security_list.html", {
        "page": page, "q": q, "unit": unit, "units": OrgUnit.objects.order_by("path"), "locked": locked,
        "with_totp": with_totp, "only_locked": only_locked,
    })


@secadmin_required
@require_POST
def security_unlock(request, pk: int):
    target = get_object_or_404(User, pk=pk)
    removed = lockout.unlock(target.get_username())
    if removed:
        audit_note(target, "解锁账户")
        messages.success(request, f"已解锁账户“{target}”")
    else:
        messages.info(request, f"账户“{target}”未被锁定")
    return redirect("org:security")


@secadmin_required
@require_POST
def security_totp_reset(request, pk: int):
    target = get_object_or_404(User, pk=pk)
    if totp.remove(target):
        audit_note(target, "重置动态口令")
        messages.success(request, f"已重置“{target}”的动态口令，其下次登录只需密码，可重新绑定")
    else:
        messages.info(request, f"“{target}”未启用动态口令")
    return redirect("org:security")
