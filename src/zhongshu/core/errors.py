"""Errors a user or another system can cause, with a stable code and a Chinese message.

Raise `UserError` (or a subclass) from any service function; the web views show the message,
the API returns {"code": ..., "message": ...} with the status. Nothing is half-saved because
every request runs in one transaction (ATOMIC_REQUESTS) and services use transaction.atomic.
"""

from __future__ import annotations


class UserError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None, details=None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
        self.details = details

    def as_dict(self) -> dict:
        data = {"code": self.code, "message": self.message}
        if self.details is not None:
            data["details"] = self.details
        return data


class NotFound(UserError):
    status = 404
    code = "not_found"

    def __init__(self, message: str = "记录不存在或无权访问", **kw):
        super().__init__(message, **kw)


class PermissionDenied(UserError):
    status = 403
    code = "forbidden"

    def __init__(self, message: str = "无权执行此操作", **kw):
        super().__init__(message, **kw)


class TransitionRefused(UserError):
    """An action that the record's current state or the user's role does not allow."""

    status = 409
    code = "transition_refused"
