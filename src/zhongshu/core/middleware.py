"""Request context: request id, client address and the acting user (see core.context)."""

from __future__ import annotations

import re

from . import context

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_ip(request) -> str | None:
    # Behind a reverse proxy set ZHONGSHU_TRUST_X_FORWARDED_FOR=1 (see settings) and the
    # first address of X-Forwarded-For is used; otherwise the socket address.
    from django.conf import settings

    if getattr(settings, "ZHONGSHU_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    """Gives every request an id (kept from X-Request-ID when well formed) and records its IP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else context.new_request_id()
        request.request_id = request_id
        channel = "api" if request.path.startswith(("/api/", "/open311/")) else "web"
        token = context.set_context(context.ActionContext(ip=client_ip(request), request_id=request_id, channel=channel))
        try:
            response = self.get_response(request)
        finally:
            context.reset_context(token)
        response["X-Request-ID"] = request_id
        return response


class ActorMiddleware:
    """After authentication: the logged-in user becomes the actor of everything in this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            bind_user(user)
        return self.get_response(request)


def bind_user(user) -> None:
    """Make `user` the actor of the current request (also used by API token authentication)."""
    from dataclasses import replace

    ctx = context.current()
    context.set_context(replace(ctx, user_id=user.pk, user_label=context.user_label(user)))
