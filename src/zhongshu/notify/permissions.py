"""Who may run the notification plumbing: the 系统管理员 (sysadmin role) only."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from zhongshu.org.roles import Role


def is_sysadmin(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.SYSADMIN))


def sysadmin_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_sysadmin(request.user):
            raise PermissionDenied("仅系统管理员可以管理通知渠道和投递记录")
        return view(request, *args, **kwargs)

    return wrapper
