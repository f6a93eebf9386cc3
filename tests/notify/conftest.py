"""Fixtures for notify: a local webhook server that records requests, and robot channels."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass
class Recorded:
    path: str
    query: dict
    body: dict
    at: float


@dataclass
class WebhookServer:
    """A robot endpoint on 127.0.0.1 with a random port. Set `reply` (dict) and `delay` (seconds)."""

    host: str = "127.0.0.1"
    port: int = 0
    reply: dict = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})
    delay: float = 0.0
    requests: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path="/robot/send", query="access_token=test-token") -> str:
        return f"http://{self.host}:{self.port}{path}?{query}"


@pytest.fixture
def webhook_server():
    server_state = WebhookServer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server API
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            parts = urlsplit(self.path)
            with server_state.lock:
                server_state.requests.append(Recorded(parts.path, parse_qs(parts.query), json.loads(raw or b"{}"),
                                                      time.time()))
            if server_state.delay:
                time.sleep(server_state.delay)
            data = json.dumps(server_state.reply).encode()
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client gave up (timeout)
                pass

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    server_state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield server_state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def allow_http_webhooks(settings):
    settings.ZHONGSHU_ALLOW_HTTP_WEBHOOKS = True
    settings.ZHONGSHU_WEBHOOK_TIMEOUT_SECONDS = 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 makes creating dozens of test users slow; these tests never check passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
