"""`send` / `send_many`: tell people something. Write rows only; never touch the network.

Algorithm of `send_many(messages)` (`send` is the one-message case):
1. Per message, recipients are de-duplicated by id; inactive users are skipped.
2. Messages with a `dedupe_key` drop recipients who already hold a notice with that key
   (one query per 500 keys), and a (recipient, key) pair repeated inside the batch counts once:
   a repeated send is a no-op. The unique constraint plus `ignore_conflicts` covers the race of
   two concurrent sends with the same key, so the caller's transaction is never aborted.
3. One `Notice` per remaining recipient and message (one `bulk_create`).
4. One queued email `Delivery` per remaining recipient with an email address.
5. Per message, for each unit of its remaining recipients, one queued `Delivery` per active
   robot channel of that unit (one robot message per unit per send, naming the people it
   concerns). All robot channels are looked up in one query.
Everything runs inside the caller's transaction: if the caller rolls back, nothing is sent.
Queries: a constant handful per call, whatever the number of messages and recipients.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .models import ChannelKind, Delivery, Notice, UnitChannel

BATCH = 500


@dataclass(frozen=True)
class Message:
    """One send: the same arguments as `send`."""

    recipients: Any
    title: str
    body: str = ""
    link: str = ""
    kind: str = ""
    source: Any = None
    dedupe_key: str | None = None


def send(recipients: Iterable, *, title: str, body: str, link: str = "", kind: str = "", source=None,
         dedupe_key: str | None = None) -> int:
    """Create in-app notices (and queue email / robot deliveries); return the number of notices."""
    return send_many([Message(recipients, title=title, body=body, link=link, kind=kind, source=source,
                              dedupe_key=dedupe_key)])


def send_many(messages: Iterable[Message]) -> int:
    """Several sends in one go (e.g. every reminder of a sweep); returns the number of notices."""
    prepared = []
    for message in messages:
        users = _unique_active(message.recipients)
        if users:
            prepared.append((message, _fit_key(message.dedupe_key), users))
    if not prepared:
        return 0
    seen = _already_sent({key for _, key, _ in prepared if key})
    now = timezone.now()
    notices, emails, robot_wanted = [], [], []
    for message, key, users in prepared:
        if key:
            users = [u for u in users if (u.pk, key) not in seen]
            seen.update((u.pk, key) for u in users)
        if not users:
            continue
        fields = _fields(message, key)
        source_type, source_id = _source_ref(message.source)
        notices += [Notice(recipient=u, source_type=source_type, source_id=source_id, **fields) for u in users]
        emails += [Delivery(channel=ChannelKind.EMAIL, recipient=u, target=u.email[:300], next_attempt_at=now, **fields)
                   for u in users if u.email]
        robot_wanted.append((fields, users))
    if not notices:
        return 0
    with transaction.atomic(savepoint=False):  # no extra SAVEPOINT round trips inside the caller's
        Notice.objects.bulk_create(notices, batch_size=BATCH, ignore_conflicts=True)
        deliveries = emails + _robot_deliveries(robot_wanted, now)
        if deliveries:
            Delivery.objects.bulk_create(deliveries, batch_size=BATCH, ignore_conflicts=True)
    return len(notices)


def _fields(message: Message, key: str | None) -> dict:
    return {
        "title": (message.title or "").strip()[:200] or "（无标题）",
        "body": message.body or "",
        "link": (message.link or "")[:500],
        "kind": (message.kind or "")[:50],
        "dedupe_key": key,
    }


def _fit_key(key: str | None) -> str | None:
    """Keys longer than the column keep their start and get a digest of the whole (still unique)."""
    if not key:
        return None
    if len(key) <= 200:
        return key
    return f"{key[:135]}#{hashlib.sha256(key.encode()).hexdigest()}"


def _already_sent(keys: set[str]) -> set[tuple[int, str]]:
    """(recipient id, key) pairs that already have a notice."""
    found: set[tuple[int, str]] = set()
    keys = sorted(keys)
    for i in range(0, len(keys), BATCH):
        found.update(Notice.objects.filter(dedupe_key__in=keys[i:i + BATCH]).order_by()
                     .values_list("recipient_id", "dedupe_key"))
    return found


def _unique_active(recipients) -> list:
    if hasattr(recipients, "pk"):  # one user passed on its own
        recipients = [recipients]
    seen: set[int] = set()
    result = []
    for user in recipients or ():
        if user is None or user.pk is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        result.append(user)
    return result


def _source_ref(source) -> tuple[ContentType | None, str]:
    if source is None or getattr(source, "pk", None) is None:
        return None, ""
    return ContentType.objects.get_for_model(source), str(source.pk)


def _robot_deliveries(wanted: list[tuple[dict, list]], now) -> list[Delivery]:
    """Per send, one delivery per active robot channel of each recipient unit, naming its recipients."""
    unit_ids = {u.unit_id for _, users in wanted for u in users if u.unit_id}
    if not unit_ids:
        return []
    by_unit: dict[int, list[UnitChannel]] = defaultdict(list)
    for channel in UnitChannel.objects.filter(unit_id__in=unit_ids, is_active=True).select_related("unit").order_by():
        by_unit[channel.unit_id].append(channel)
    if not by_unit:
        return []
    result = []
    for fields, users in wanted:
        people: dict[int, list] = defaultdict(list)
        for user in users:
            if user.unit_id in by_unit:
                people[user.unit_id].append(user)
        for unit_id, members in people.items():
            names = "、".join(str(u) for u in members)[:500]
            for channel in by_unit[unit_id]:
                result.append(Delivery(channel=channel.kind, unit_channel=channel, target=str(channel)[:300],
                                       mentions=names, next_attempt_at=now, **fields))
    return result
