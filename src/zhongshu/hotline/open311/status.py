"""The citizen's status page (/open311/status/): ticket number + 查询码 → where the request stands.

Anonymous (no login); shows the title, when it was received, the state in plain words, the
public steps (the unit's name, never the person), the expected time and, once closed, the reply.
A wrong number or code gets one message that does not say which was wrong; after
ZHONGSHU_HOTLINE_STATUS_TRIES failures (default 10) from one address within
ZHONGSHU_HOTLINE_STATUS_WINDOW seconds (default 600, counted from the first failure) every further
query from it is refused with 429 until the window passes.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..choices import DONE_STATES
from ..models import Ticket
from . import serialize as s

WRONG = "工单编号或查询码不正确，请核对后重试。"
TOO_MANY = "查询失败次数过多，请 10 分钟后再试。"

PLAIN = {
    "received": "已受理，正在分派承办单位",
    "dispatched": "已派至承办单位，等待签收",
    "handling": "承办单位正在办理",
    "returned": "正在重新确定承办单位",
    "disputed": "正在重新确定承办单位",
    "replied": "承办单位已答复，热线办审核中",
    "suspended": "暂停办理",
    "closed": "已办结",
    "finished": "已办结（已回访）",
    "merged": "与相同诉求的工单一并办理",
}


def _tries() -> int:
    return int(getattr(settings, "ZHONGSHU_HOTLINE_STATUS_TRIES", 10))


def _window() -> int:
    return int(getattr(settings, "ZHONGSHU_HOTLINE_STATUS_WINDOW", 600))


def _ip(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def _failed(ip: str) -> int:
    key = f"hotline.status.fail:{ip}"
    if cache.add(key, 1, _window()):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, _window())
        return 1


def _lookup(number: str, code: str) -> Ticket | None:
    ticket = Ticket.objects.filter(number=number).select_related("unit").first()
    if ticket is None or not code or not hmac.compare_digest(ticket.retrieval_code.upper(), code.upper()):
        return None
    return ticket


@require_GET
def status_page(request):
    number = (request.GET.get("number") or "").strip()[:20]
    code = (request.GET.get("code") or "").strip()[:12]
    ctx = {"number": number, "code": code, "ticket": None, "error": ""}
    status = 200
    if number or code:
        ip = _ip(request)
        if (cache.get(f"hotline.status.fail:{ip}") or 0) >= _tries():
            ctx["error"], status = TOO_MANY, 429
        else:
            ticket = _lookup(number, code)
            if ticket is None:
                _failed(ip)
                ctx["error"], status = WRONG, 404
            else:
                ctx.update(ticket=ticket, plain=PLAIN.get(ticket.state, ticket.get_state_display()),
                           closed=s.is_closed(ticket), steps=ticket.steps.filter(public=True).select_related("unit").order_by("at", "id"),
                           expected=s.expected(ticket), unit=ticket.unit.name if ticket.unit_id else "",
                           reply=ticket.reply if ticket.state in DONE_STATES else "")
    response = render(request, "hotline/status.html", ctx, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
