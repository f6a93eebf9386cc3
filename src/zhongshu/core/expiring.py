"""A value loaded from the database and kept in the process for a few seconds.

    clients = Expiring(lambda: {c.key_hash: c for c in ApiClient.objects.all()}, ttl=5)
    clients.get()      # loaded at most once per `ttl` seconds per process (thread-safe)
    clients.clear()    # after a change in this process (connect it to post_save)

For data that is read on every request of a busy door and changes rarely (API clients, the
category tree): another process sees a change after at most `ttl` seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Expiring(Generic[T]):
    def __init__(self, load: Callable[[], T], ttl: float):
        self._load, self._ttl = load, ttl
        self._value: T | None = None
        self._loaded_at = 0.0
        self._lock = threading.Lock()

    def get(self) -> T:
        with self._lock:
            now = time.monotonic()
            if self._value is None or now - self._loaded_at > self._ttl:
                self._value = self._load()
                self._loaded_at = now
            return self._value

    def clear(self, *args, **kwargs) -> None:
        """Forget the value (usable as a signal receiver)."""
        with self._lock:
            self._value = None
