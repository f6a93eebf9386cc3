"""Account lockout (登录失败锁定) on top of django-axes.

axes counts failed logins per username (AXES_LOCKOUT_PARAMETERS = ["username"]) in
AccessAttempt rows; an account is locked when a row for it has at least AXES_FAILURE_LIMIT
failures and its last attempt lies within AXES_COOLOFF_TIME. The 安全管理员 unlocks by
deleting those rows (axes' own reset).
"""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.utils import timezone


def _locked_rows():
    rows = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    cooloff = settings.AXES_COOLOFF_TIME
    if cooloff:
        rows = rows.filter(attempt_time__gt=timezone.now() - timedelta(hours=float(cooloff)))
    return rows


def locked_usernames() -> set[str]:
    """Usernames currently locked (one query)."""
    return set(_locked_rows().values_list("username", flat=True))


def is_locked(username: str) -> bool:
    return _locked_rows().filter(username=username).exists()


def unlock(username: str) -> int:
    """Forget the failed attempts of `username`; returns how many records were removed."""
    return reset(username=username)
