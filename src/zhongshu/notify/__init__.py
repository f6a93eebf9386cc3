"""Notifications: the in-app inbox, email and units' group robots (钉钉, 企业微信).

    from zhongshu import notify
    notify.send(users, title="催办通知", body="…", link="/supervision/tasks/12/", kind="clock.remind",
                source=task, dedupe_key=f"clock:{clock.pk}:remind:3")

`send` only writes rows in the caller's transaction; the worker delivers them
(`zhongshu.notify.delivery.deliver_pending`).
"""


def send(recipients, *, title: str, body: str, link: str = "", kind: str = "", source=None,
         dedupe_key: str | None = None) -> int:
    from .service import send as _send

    return _send(recipients, title=title, body=body, link=link, kind=kind, source=source, dedupe_key=dedupe_key)


def send_many(messages) -> int:
    """Several sends at once (a list of `zhongshu.notify.Message`): a constant number of queries."""
    from .service import send_many as _send_many

    return _send_many(messages)


def __getattr__(name):
    if name == "Message":
        from .service import Message

        return Message
    raise AttributeError(name)


__all__ = ["Message", "send", "send_many"]
