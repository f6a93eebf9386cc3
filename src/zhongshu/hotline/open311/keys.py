"""Open311 api_keys: only the SHA-256 of a key is stored (ApiClient.key_hash)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

from ..models import ApiClient


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_client(name: str, *, channel: str = "api") -> tuple[ApiClient, str]:
    """A new ApiClient and its key (shown once; only the hash is kept)."""
    key = secrets.token_urlsafe(32)
    client = ApiClient.objects.create(name=name, key_hash=hash_key(key), key_hint=key[-4:], channel=channel)
    return client, key


def client_for_key(key: str | None) -> ApiClient | None:
    """The ApiClient of `key` (active or not), or None."""
    if not key:
        return None
    return ApiClient.objects.filter(key_hash=hash_key(str(key).strip())).first()


def token_for(number: str) -> str:
    """The Open311 token of a ticket number: the number and a short HMAC (not guessable)."""
    mac = hmac.new(settings.SECRET_KEY.encode(), f"open311-token:{number}".encode(), hashlib.sha256).hexdigest()
    return f"{number}-{mac[:16]}"


def number_for_token(token: str) -> str | None:
    number, _, mac = (token or "").partition("-")
    if number and mac and hmac.compare_digest(token_for(number), token):
        return number
    return None
