"""REST API of the inbox: the caller's own notices only (another user's id gives 404)."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from . import inbox

router = Router(tags=["消息"])


class NoticeOut(Schema):
    id: int
    title: str
    body: str
    link: str
    kind: str
    created_at: datetime
    read_at: datetime | None
    is_read: bool


class UnreadCountOut(Schema):
    unread: int


class ReadAllOut(Schema):
    marked: int
    unread: int


@router.get("/inbox", response=list[NoticeOut], summary="我的消息（新到旧）")
@paginate(PageNumberPagination, page_size=20)
def list_inbox(request, unread: bool = False):
    """`unread=true` lists only unread notices. Paginated: `page` (from 1)."""
    return inbox.notices_for(request.auth, unread_only=unread)


@router.get("/unread-count", response=UnreadCountOut, summary="未读消息数")
def unread_count(request):
    return {"unread": inbox.unread_count(request.auth)}


@router.post("/inbox/read-all", response=ReadAllOut, summary="全部标为已读")
def read_all(request):
    marked = inbox.mark_all_read(request.auth)
    return {"marked": marked, "unread": inbox.unread_count(request.auth)}


@router.post("/inbox/{notice_id}/read", response=NoticeOut, summary="标为已读")
def read_one(request, notice_id: int):
    return inbox.mark_read(request.auth, notice_id)
