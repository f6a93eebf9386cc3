"""`send`: tell people something. Writes rows only; never touches the network.

Algorithm:
1. Recipients are de-duplicated by id; inactive users are skipped.
2. With a `dedupe_key`, recipients who already hold a notice with that key are dropped
   (a repeated send is a no-op); the unique constraint plus `ignore_conflicts` covers the race
   of two concurrent sends with the same key, so the caller's transaction is never aborted.
3. One `Notice` per remaining recipient (one `bulk_create`).
4. One queued email `Delivery` per remaining recipient with an email address.
5. For each unit of the remaining recipients, one queued `Delivery` per active robot channel
   of that unit (one robot message per unit per send, naming the people it concerns).
Everything runs inside the caller's transaction: if the caller rolls back, nothing is sent.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .models import ChannelKind, Delivery, Notice, UnitChannel


def send(recipients: Iterable, *, title: str, body: str, link: str = "", kind: str = "", source=None,
         dedupe_key: str | None = None) -> int:
    """Create in-app notices (and queue email / robot deliveries); return the number of notices."""
    users = _unique_active(recipients)
    dedupe_key = _fit_key(dedupe_key)
    kind = (kind or "")[:50]
    if dedupe_key:
        seen = set(Notice.objects.filter(recipient__in=[u.pk for u in users], dedupe_key=dedupe_key)
                   .values_list("recipient_id", flat=True))
        users = [u for u in users if u.pk not in seen]
    if not users:
        return 0
    title = (title or "").strip()[:200] or "（无标题）"
    link = (link or "")[:500]
    source_type, source_id = _source_ref(source)
    now = timezone.now()
    with transaction.atomic(savepoint=False):  # no extra SAVEPOINT round trips inside the caller's
        Notice.objects.bulk_create(
            [Notice(recipient=u, title=title, body=body, link=link, kind=kind, source_type=source_type,
                    source_id=source_id, dedupe_key=dedupe_key) for u in users],
            ignore_conflicts=bool(dedupe_key),
        )
        deliveries = [
            Delivery(channel=ChannelKind.EMAIL, recipient=u, target=u.email, title=title, body=body, link=link,
                     kind=kind, dedupe_key=dedupe_key, next_attempt_at=now)
            for u in users if u.email
        ]
        deliveries += _robot_deliveries(users, title=title, body=body, link=link, kind=kind,
                                        dedupe_key=dedupe_key, now=now)
        if deliveries:
            Delivery.objects.bulk_create(deliveries, ignore_conflicts=bool(dedupe_key))
    return len(users)


def _fit_key(key: str | None) -> str | None:
    """Keys longer than the column keep their start and get a digest of the whole (still unique)."""
    if not key:
        return None
    if len(key) <= 200:
        return key
    return f"{key[:135]}#{hashlib.sha256(key.encode()).hexdigest()}"


def _unique_active(recipients: Iterable) -> list:
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


def _robot_deliveries(users: list, *, title, body, link, kind, dedupe_key, now) -> list[Delivery]:
    """One delivery per active robot channel of each recipient unit, naming that unit's recipients."""
    by_unit: dict[int, list] = defaultdict(list)
    for user in users:
        if user.unit_id:
            by_unit[user.unit_id].append(user)
    if not by_unit:
        return []
    channels = UnitChannel.objects.filter(unit_id__in=by_unit, is_active=True).select_related("unit")
    result = []
    for channel in channels:
        names = "、".join(str(u) for u in by_unit[channel.unit_id])
        result.append(Delivery(channel=channel.kind, unit_channel=channel, target=str(channel)[:300], title=title,
                               body=body, link=link, kind=kind, mentions=names[:500], dedupe_key=dedupe_key,
                               next_attempt_at=now))
    return result
