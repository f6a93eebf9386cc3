"""Security policy after login: expired or temporary passwords must be changed first."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

EXEMPT_PREFIXES = ("/static/", "/api/", "/open311/", "/accounts/")


def password_expired(user) -> bool:
    if getattr(user, "must_change_password", False):
        return True
    days = settings.ZHONGSHU_PASSWORD_EXPIRY_DAYS
    if days <= 0 or user.password_changed_at is None:
        return False
    return timezone.now() - user.password_changed_at > timedelta(days=days)


class SecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and not request.path.startswith(EXEMPT_PREFIXES)
                and password_expired(user)):
            return redirect(reverse("org:password_change") + "?expired=1")
        return self.get_response(request)
