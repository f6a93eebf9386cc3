"""Who is acting, from where, in which request: one place for the whole process.

The web middleware fills it for each request; commands and the worker use `acting_as`.
The audit trail and notifications read it, so no function needs the request passed down.
"""

from __future__ import annotations

import contextlib
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class ActionContext:
    user_id: int | None = None
    user_label: str = "系统"
    ip: str | None = None
    request_id: str = ""
    channel: str = "system"  # web, api, cli, worker, system


_current: ContextVar[ActionContext] = ContextVar("zhongshu_action_context", default=ActionContext())  # noqa: B039 (frozen)


def current() -> ActionContext:
    ctx = _current.get()
    if not ctx.request_id:
        ctx = replace(ctx, request_id=new_request_id())
        _current.set(ctx)
    return ctx


def new_request_id() -> str:
    return uuid.uuid4().hex


def set_context(ctx: ActionContext):
    return _current.set(ctx)


def reset_context(token) -> None:
    _current.reset(token)


@contextlib.contextmanager
def acting_as(user=None, *, label: str | None = None, channel: str = "cli", ip: str | None = None):
    """Run a block as `user` (or as the system with `label`), e.g. in a command or the sweeper."""
    if user is not None:
        ctx = ActionContext(user_id=user.pk, user_label=label or user_label(user), ip=ip,
                            request_id=new_request_id(), channel=channel)
    else:
        ctx = ActionContext(user_label=label or "系统", ip=ip, request_id=new_request_id(), channel=channel)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


def user_label(user) -> str:
    name = getattr(user, "full_name", "") or ""
    return f"{name}（{user.get_username()}）" if name else user.get_username()
