"""Work off queued deliveries: claim, commit, send, record. Safe with several workers.

Algorithm of `deliver_pending(now, limit)`:
1. Give up on claims whose lease ran out with no attempts left (a worker died mid-send).
2. Claim, in one short transaction: pick up to `limit` due rows (pending with
   next_attempt_at <= now, or sending with an expired lease), on PostgreSQL with
   `SELECT … FOR UPDATE SKIP LOCKED` so concurrent workers take disjoint rows; then a
   conditional UPDATE (still due) sets state=sending, a fresh claim token, attempts+1 and a
   lease long enough for the whole batch to time out. Commit. Rows this worker owns are
   exactly those carrying its token, so no row is sent by two workers.
3. Outside any transaction, send each row through its channel module (network I/O here).
4. Record each outcome with an UPDATE guarded by the claim token: sent; or, on
   `DeliveryError`, the Chinese message and a retry at now + base · 2^(attempts-1) seconds,
   or failed once attempts reach ZHONGSHU_DELIVERY_MAX_ATTEMPTS.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from . import channels
from .channels import DeliveryError
from .models import Delivery, DeliveryState

log = logging.getLogger(__name__)


def max_attempts() -> int:
    return max(1, int(getattr(settings, "ZHONGSHU_DELIVERY_MAX_ATTEMPTS", 6)))


def backoff(attempts: int) -> timedelta:
    """Wait before the next try after `attempts` failed tries: base · 2^(attempts-1), ≤ 6 hours."""
    base = int(getattr(settings, "ZHONGSHU_DELIVERY_BACKOFF_SECONDS", 60))
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


def _due(now) -> Q:
    return Q(state=DeliveryState.PENDING, next_attempt_at__lte=now) | Q(state=DeliveryState.SENDING,
                                                                          lease_until__lte=now)


def _abandon_dead_claims(now) -> None:
    Delivery.objects.filter(state=DeliveryState.SENDING, lease_until__lte=now, attempts__gte=max_attempts()).update(
        state=DeliveryState.FAILED, claim_token="", lease_until=None,
        last_error="投递进程中断且已达最大尝试次数，未确认是否送达",
    )


def claim(now, limit: int) -> tuple[str, list[Delivery]]:
    """Claim up to `limit` due deliveries for this worker; returns (token, claimed rows)."""
    token = uuid.uuid4().hex
    timeout = int(getattr(settings, "ZHONGSHU_WEBHOOK_TIMEOUT_SECONDS", 5))
    with transaction.atomic():
        qs = Delivery.objects.filter(_due(now)).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        ids = list(qs.values_list("id", flat=True)[:limit])
        if not ids:
            return token, []
        lease = timedelta(seconds=len(ids) * (timeout + 2) + 60)
        Delivery.objects.filter(Q(pk__in=ids) & _due(now)).update(
            state=DeliveryState.SENDING, claim_token=token, lease_until=now + lease,
            attempts=F("attempts") + 1, last_attempt_at=now,
        )
    rows = list(Delivery.objects.filter(claim_token=token, state=DeliveryState.SENDING)
                .select_related("unit_channel", "unit_channel__unit").order_by("next_attempt_at", "id"))
    return token, rows


def send_one(delivery: Delivery) -> None:
    """Send through the channel module; raises DeliveryError with a Chinese message."""
    if delivery.unit_channel_id and not delivery.unit_channel.is_active:
        raise DeliveryError("该单位渠道已停用")
    try:
        channels.get(delivery.channel).send(delivery)
    except DeliveryError:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug in one channel must not stop the batch
        log.exception("投递 %s 时发生内部错误", delivery.pk)
        raise DeliveryError(f"投递时发生内部错误：{exc.__class__.__name__}") from None


def record_success(delivery: Delivery, token: str, now) -> None:
    Delivery.objects.filter(pk=delivery.pk, claim_token=token).update(
        state=DeliveryState.SENT, sent_at=now, last_error="", claim_token="", lease_until=None)


def record_failure(delivery: Delivery, token: str, message: str, now) -> None:
    if delivery.attempts >= max_attempts():
        changes = {"state": DeliveryState.FAILED}
    else:
        changes = {"state": DeliveryState.PENDING, "next_attempt_at": now + backoff(delivery.attempts)}
    Delivery.objects.filter(pk=delivery.pk, claim_token=token).update(
        last_error=message[:2000], claim_token="", lease_until=None, **changes)


def deliver_pending(now=None, limit: int = 200) -> int:
    """Send due deliveries; return how many were attempted (sent or failed)."""
    now = now or timezone.now()
    _abandon_dead_claims(now)
    token, batch = claim(now, limit)
    for delivery in batch:
        try:
            send_one(delivery)
        except DeliveryError as exc:
            log.warning("投递失败 #%s（第 %s 次）：%s", delivery.pk, delivery.attempts, exc.message)
            record_failure(delivery, token, exc.message, now)
        else:
            record_success(delivery, token, now)
    return len(batch)


def retry(delivery_ids, now=None) -> int:
    """Put failed or waiting deliveries back in the queue for an immediate fresh round of attempts."""
    now = now or timezone.now()
    return Delivery.objects.filter(pk__in=list(delivery_ids),
                                   state__in=[DeliveryState.FAILED, DeliveryState.PENDING]).update(
        state=DeliveryState.PENDING, next_attempt_at=now, attempts=0, claim_token="", lease_until=None)


def send_test(unit_channel) -> None:
    """Send a test message to a unit's robot right now (no queue, nothing stored).

    Raises DeliveryError with the Chinese reason; bounded by the webhook timeout."""
    now = timezone.localtime()
    probe = Delivery(channel=unit_channel.kind, unit_channel=unit_channel, target=str(unit_channel),
                     title="中枢测试消息",
                     body=f"这是一条来自中枢的测试消息（{now:%Y-%m-%d %H:%M}）。收到即表示“{unit_channel.name}”配置正确。",
                     next_attempt_at=now)
    channels.get(unit_channel.kind).send(probe)
