"""Template context for the page frame (every page that extends web/base.html).

For a signed-in user: name, unit, role labels, unread notice count, the module menus from
web.nav, and the URLs of the inbox and of the TOTP page when those pages exist. Pieces built
by other apps are looked up defensively, so the frame renders even while they are missing.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from .nav import menus


@lru_cache(maxsize=8)
def optional_url(name: str, fallback_path: str = "") -> str:
    """URL of a named route, or `fallback_path` if it resolves, or "" when neither exists."""
    try:
        return reverse(name)
    except NoReverseMatch:
        pass
    if fallback_path:
        try:
            resolve(fallback_path)
            return fallback_path
        except Resolver404:
            pass
    return ""


def unread_count(user) -> int:
    try:
        from zhongshu.notify.inbox import unread_count as count
    except ImportError:  # notify not installed
        return 0
    return count(user)


def frame(request):
    # The office's name for page headers (setting ZHONGSHU_SITE_NAME, optional).
    site = {"frame_site_name": getattr(settings, "ZHONGSHU_SITE_NAME", "")}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return site
    return site | {
        "frame_unread": unread_count(user),
        "frame_roles": user.role_labels(),
        "frame_menus": menus(user),
        "frame_inbox_url": optional_url("notify:inbox") or "/notify/inbox/",
        "frame_totp_url": optional_url("org:totp", "/accounts/totp/"),
    }
