"""API tokens: created by `zhongshu token create USERNAME`, sent as `Authorization: Bearer <token>`."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from .models import ApiToken


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_token(user, name: str = "", expires_at=None) -> tuple[ApiToken, str]:
    key = "zs_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=_hash(key), prefix=key[:8], expires_at=expires_at)
    return token, key


def user_for_token(key: str):
    """The active user behind `key`, or None."""
    if not key:
        return None
    token = ApiToken.objects.select_related("user", "user__unit").filter(key_hash=_hash(key), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at and token.expires_at <= now:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
