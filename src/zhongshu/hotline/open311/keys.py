"""Open311 api_keys: only the SHA-256 of a key is stored (ApiClient.key_hash).

The clients are kept in the process for CLIENT_TTL seconds (every POST needs its client): a key
disabled in the admin is refused at once by the process that saved it, by the others within
CLIENT_TTL seconds."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

from zhongshu.core.expiring import Expiring

from ..models import ApiClient

CLIENT_TTL = 5.0
clients = Expiring(lambda: {c.key_hash: c for c in ApiClient.objects.all()}, ttl=CLIENT_TTL)


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
    return clients.get().get(hash_key(str(key).strip()))


def token_for(number: str) -> str:
    """The Open311 token of a ticket number: the number and a short HMAC (not guessable)."""
    mac = hmac.new(settings.SECRET_KEY.encode(), f"open311-token:{number}".encode(), hashlib.sha256).hexdigest()
    return f"{number}-{mac[:16]}"


def number_for_token(token: str) -> str | None:
    number, _, mac = (token or "").partition("-")
    if number and mac and hmac.compare_digest(token_for(number), token):
        return number
    return None
