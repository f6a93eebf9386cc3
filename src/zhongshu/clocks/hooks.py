"""The clock engine's doors to other apps: audit trail, notifications, document actions.

Imports of zhongshu.audit and zhongshu.notify are done at call time, so the clocks app loads
even while those apps are being built.

`register_action(kind_prefix, action_name, handler)` lets a domain app react when a rung with
that action fires for a clock whose kind starts with `kind_prefix` — e.g. generate a
督办通知单 for "supervision" when the 督办 rung (action "document") fires. The handler is
called inside the sweeper's transaction as handler(clock=..., rung=..., firing=..., now=...)
and returns an optional short Chinese note for the audit record. The most specific prefix
wins; without a registered handler, "document" only records that a document is due.

`register_link(kind_prefix, builder)` tells where a reminder about such a clock leads (the
record's page instead of the clock's).
"""

from __future__ import annotations

from collections.abc import Callable

_handlers: dict[tuple[str, str], Callable] = {}


_links: dict[str, Callable] = {}


def register_link(kind_prefix: str, builder: Callable) -> None:
    """Where a notice about a clock of this kind should lead: builder(clock) -> URL (no query:
    it is called for every notice of a sweep). Without one, notices lead to the clock's page."""
    _links[kind_prefix] = builder


def link_for(clock) -> str:
    best, best_len = None, -1
    for prefix, builder in _links.items():
        if (clock.kind == prefix or clock.kind.startswith(prefix + ".")) and len(prefix) > best_len:
            best, best_len = builder, len(prefix)
    return best(clock) if best else f"/clocks/{clock.pk}/"


_jobs: dict[str, Callable] = {}


def register_job(name: str, job: Callable) -> None:
    """A periodic job of a domain app, run by the worker once a round: `job(now)` decides itself
    whether it is due (so several workers agree through the state the job keeps, e.g. a file's
    age) and returns a short Chinese summary or "" when it did nothing."""
    _jobs[name] = job


def jobs() -> dict[str, Callable]:
    return dict(_jobs)


def run_jobs(now=None, write: Callable[[str], object] | None = None) -> None:
    """Run every registered job once (the worker's round and `zhongshu serve`'s embedded worker).
    A failing job is logged and never stops the others; `write` gets each non-empty summary."""
    import logging

    for name, job in jobs().items():
        try:
            summary = job(now)
            if summary and write is not None:
                write(f"{name}：{summary}")
        except Exception:
            logging.getLogger("zhongshu.worker").exception("定时任务 %s 失败", name)


def register_action(kind_prefix: str, action_name: str, handler: Callable) -> None:
    _handlers[(kind_prefix, action_name)] = handler


def unregister_action(kind_prefix: str, action_name: str) -> None:
    _handlers.pop((kind_prefix, action_name), None)


def handler_for(kind: str, action_name: str) -> Callable | None:
    best, best_len = None, -1
    for (prefix, name), handler in _handlers.items():
        if name != action_name:
            continue
        if (prefix == "" or kind == prefix or kind.startswith(prefix + ".")) and len(prefix) > best_len:
            best, best_len = handler, len(prefix)
    return best


def audit(action: str, obj=None, *, changes=None, note: str = "", obj_repr=None) -> None:
    from zhongshu import audit as _audit

    _audit.record(action, obj, changes=changes, note=note, obj_repr=obj_repr)


def audit_many(entries: list[dict]) -> None:
    if not entries:
        return
    from zhongshu import audit as _audit

    _audit.record_many(entries)


def notify_many(messages: list[dict]) -> int:
    """Send several messages (dicts with the keyword arguments of `notify`) in a constant number of
    queries when notify offers send_many; else one send per message."""
    if not messages:
        return 0
    from zhongshu import notify as _notify

    send_many = getattr(_notify, "send_many", None)
    if send_many is None:
        return sum(notify(**m) for m in messages)
    from zhongshu.notify import Message

    return send_many([Message(**m) for m in messages])


def notify(recipients, *, title: str, body: str, link: str = "", kind: str = "", source=None,
           dedupe_key: str | None = None) -> int:
    from zhongshu import notify as _notify

    return _notify.send(recipients, title=title, body=body, link=link, kind=kind, source=source,
                        dedupe_key=dedupe_key)
