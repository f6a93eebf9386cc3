"""The signed-in user's inbox: count, list, mark read. Every function takes the user and only
ever touches that user's own notices (another user's notice id gives NotFound)."""

from __future__ import annotations

from django.utils import timezone

from zhongshu.core.errors import NotFound

from .models import Notice


def unread_count(user) -> int:
    """Unread notices of `user`: one COUNT over the partial index of unread notices."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notices_for(user, *, unread_only: bool = False):
    qs = Notice.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def get_own(user, notice_id) -> Notice:
    try:
        return Notice.objects.get(pk=int(notice_id), recipient_id=user.pk)
    except (Notice.DoesNotExist, TypeError, ValueError):
        raise NotFound("消息不存在或无权访问") from None


def mark_read(user, notice_id) -> Notice:
    """Mark one of `user`'s notices read (idempotent: the first read time is kept)."""
    notice = get_own(user, notice_id)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


def mark_all_read(user) -> int:
    """Mark every unread notice of `user` read; return how many changed."""
    return Notice.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())
