"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) at /open311/v2/.

    GET  services.json                 one service per active category (service_code = category id)
    GET  services/{code}.json          its definition: attributes request_type (诉求类型), urgency (紧急程度)
    POST requests.json                 file a request (api_key required; form-encoded or JSON)
    GET  requests.json                 requests: service_request_id (comma list), service_code,
                                       start_date, end_date (ISO 8601; default the last 90 days, at most
                                       90 days apart), status (open | closed); at most 1000 rows
    GET  requests/{id}.json            one request (a list of one, as the spec says)
    GET  tokens/{token}.json           token → service_request_id

`.xml` instead of `.json` gives the spec's XML. `?extensions=true` adds `extended_attributes`
({"state": "办理中", "steps": [...]}: our state and the public steps).

POST: service_code; a location (lat + long, address_string or address_id; none → 400); description;
first_name, last_name, phone (the caller: kept for the hotline office, never returned); email,
device_id, account_id (account_id is echoed back; email is not stored); media_url (kept as a line
of the description); attribute[request_type], attribute[urgency] (keys or the Chinese names).
The request is filed with the ApiClient's channel. An `Idempotency-Key` header (or the
`idempotency_key` field) makes a retry safe: the first POST answers 201, a replay of the same key
from the same system answers 200 with the same service_request_id and nothing new is filed.
The answer is a list of one {service_request_id (our 工单编号), token, service_notice, account_id}.
With ZHONGSHU_OPEN311_QUEUE on (the busy door, intake_queue.py) the request is checked the same
way but filed by a worker: the answer is 202 with only the token, and tokens/{token}.json gives the
number once it is filed.

Errors are the spec's: a list of {"code": <HTTP status>, "description": "中文说明"} with that
status — 400 missing or invalid fields (each reason of the intake's validation one entry),
403 missing, unknown or disabled api_key, 404 unknown service_code (definition) or request.

Reading needs no key (as in the spec) unless ZHONGSHU_OPEN311_READ_NEEDS_KEY is set; confidential
(保密) tickets are never listed, and nothing of the caller is shown. Text is returned as text
(HTML a citizen typed stays characters inside a JSON string).
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from zhongshu.core.context import acting_as
from zhongshu.core.errors import UserError
from zhongshu.core.expiring import Expiring

from .. import intake_queue
from ..choices import DONE_STATES, TicketState
from ..intake import TicketInput, receive
from ..models import DESCRIPTION_MAX, Category, IntakeState, Ticket, TicketStep
from ..validation import clean_text
from . import form
from . import serialize as s
from .keys import client_for_key, number_for_token, token_for

MAX_ROWS = 1000
# the services a POST may name, kept for a few seconds per process (cleared on every change here)
active_categories = Expiring(lambda: Category.objects.filter(active=True).in_bulk(), ttl=5.0)
MAX_RANGE = timedelta(days=90)
MEDIA_MAX = 500


class Open311Error(Exception):
    def __init__(self, status: int, *descriptions: str):
        super().__init__(descriptions[0] if descriptions else "")
        self.status, self.descriptions = status, list(descriptions)


def _respond(fmt: str, root: str, data, status: int = 200):
    if fmt == "xml":
        return HttpResponse(s.to_xml(root, data), status=status, content_type="application/xml; charset=utf-8")
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _errors(fmt: str, exc: Open311Error):
    return _respond(fmt, "errors", [{"code": exc.status, "description": d} for d in exc.descriptions], exc.status)


def open311(view):
    """Open311Error → the spec's error list; `fmt` is json or xml."""
    def wrapped(request, *args, fmt="json", **kwargs):
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            return _errors(fmt, exc)
    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def _flag(value) -> bool:
    return str(value or "").strip().lower() in ("1", "true", "yes", "on")


def _read_guard(request):
    if getattr(settings, "ZHONGSHU_OPEN311_READ_NEEDS_KEY", False):
        _client(request.GET.get("api_key"))


def _client(key):
    if not key:
        raise Open311Error(403, "缺少 api_key：提交诉求须提供接入密钥")
    client = client_for_key(key)
    if client is None:
        raise Open311Error(403, "api_key 无效")
    if not client.active:
        raise Open311Error(403, "api_key 已停用，请联系 12345 热线办")
    return client


def _visible():
    return Ticket.objects.filter(number__isnull=False, confidential=False).select_related("category", "unit", "master")


# --- services ---------------------------------------------------------------------------------
@require_GET
@open311
def services(request, fmt):
    cats = Category.objects.filter(active=True).select_related("parent", "parent__parent").order_by("level", "sort", "id")
    return _respond(fmt, "services", [s.service(c) for c in cats])


@require_GET
@open311
def service_definition(request, code, fmt):
    cat = Category.objects.filter(pk=int(code), active=True).first() if code.isdigit() else None
    if cat is None:
        raise Open311Error(404, f"服务代码不存在：{code[:20]}")
    return _respond(fmt, "service_definition", s.definition(cat))


# --- requests ---------------------------------------------------------------------------------
@csrf_exempt
@transaction.non_atomic_requests  # a POST writes in its own transaction (intake) or one INSERT (queue)
@require_http_methods(["GET", "POST"])
@open311
def requests(request, fmt):
    if request.method == "POST":
        return _post_request(request, fmt)
    return _list_requests(request, fmt)


def _payload(request) -> dict:
    """Form fields or a JSON object (attributes as attribute[code] or {"attribute": {code: value}})."""
    try:
        ctype = request.content_type or ""
        if ctype.startswith("application/json"):
            try:
                data = json.loads(request.body or b"{}")
            except (ValueError, UnicodeDecodeError):
                raise Open311Error(400, "JSON 格式错误") from None
            if not isinstance(data, dict):
                raise Open311Error(400, "JSON 须为对象（字段名与值）")
            attrs = data.pop("attribute", None)
            if isinstance(attrs, dict):
                for k, v in attrs.items():
                    data[f"attribute[{k}]"] = v
            return data
        if ctype.startswith("application/x-www-form-urlencoded"):
            return form.fields(request.body, request.encoding)
        return {k: request.POST.get(k) for k in request.POST}
    except RequestDataTooBig:
        raise Open311Error(400, "提交内容过大") from None
    except (form.TooManyFields, TooManyFieldsSent):
        raise Open311Error(400, f"字段过多（不超过 {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} 个）") from None


def _float(data, name, what, errors):
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        errors.append(f"{what}须为数字：{str(value)[:20]}")
        return None


def _post_request(request, fmt):
    data = _payload(request)
    client = _client(data.get("api_key") or request.headers.get("X-Api-Key"))
    errors: list[str] = []
    code = clean_text(data.get("service_code"))
    category = None
    if not code:
        errors.append("缺少 service_code（服务代码，见 services.json）")
    else:
        category = active_categories.get().get(int(code)) if code.isdigit() else None
        if category is None:
            errors.append(f"服务代码不存在：{code[:20]}（见 services.json）")
    lat, long = _float(data, "lat", "纬度 lat", errors), _float(data, "long", "经度 long", errors)
    address = clean_text(data.get("address_string"))[:200]
    address_id = clean_text(data.get("address_id"))[:60]
    if (lat is None) != (long is None):
        errors.append("经纬度须同时提供 lat 和 long")
    if lat is None and long is None and not address and not address_id:
        errors.append("缺少位置：须提供 lat 和 long、address_string 或 address_id 之一")
    description = clean_text(data.get("description"))
    if len(description) > DESCRIPTION_MAX:
        errors.append(f"诉求内容过长：{len(description)} 字（不超过 {DESCRIPTION_MAX} 字）")
    media = clean_text(data.get("media_url"))
    if media:
        if not media.lower().startswith(("http://", "https://")) or len(media) > MEDIA_MAX:
            errors.append(f"media_url 须为 http(s) 地址，且不超过 {MEDIA_MAX} 字符")
        elif description:
            description = f"{description}\n附图：{media}"
    if errors:
        raise Open311Error(400, *errors)
    name = (clean_text(data.get("last_name")) + clean_text(data.get("first_name")))[:60]
    ticket_input = TicketInput(
        description=description, channel=client.channel, caller_name=name, caller_phone=data.get("phone") or "",
        category=category, request_type=data.get("attribute[request_type]") or "consult",
        urgency=data.get("attribute[urgency]") or "normal",
        location=address or (f"地址编号：{address_id}" if address_id else ""), lat=lat, long=long)
    key = request.headers.get("Idempotency-Key") or data.get("idempotency_key") or None
    actor, ip = f"Open311：{client.name}", request.META.get("REMOTE_ADDR")
    account = clean_text(data.get("account_id"))[:80] or None
    try:
        if intake_queue.enabled():
            return _queue_request(fmt, ticket_input, client, key, actor, ip, account)
        with acting_as(None, label=actor, channel="api", ip=ip):
            ticket = receive(ticket_input, api_client=client, idempotency_key=key)
    except UserError as exc:
        raise Open311Error(400, *(exc.details or [exc.message])) from None
    body = [{"service_request_id": ticket.number, "token": token_for(ticket.number),
             "service_notice": _filed_notice(ticket), "account_id": account}]
    return _respond(fmt, "service_requests", body, status=200 if ticket.replayed else 201)


def _filed_notice(ticket) -> str:
    return (f"12345 热线已受理，工单编号 {ticket.number}，查询码 {ticket.retrieval_code}。"
            f"凭编号和查询码可查询办理进度。")


QUEUED_NOTICE = "12345 热线已收到诉求，正在登记；凭 token 查询工单编号（GET tokens/{token}.json）。"


def _queue_request(fmt, ticket_input, client, key, actor, ip, account):
    """The queue's answer (intake_queue.py): 202 with the token; a replay 200 with the same token,
    and the number once filed."""
    queued, replayed = intake_queue.enqueue(ticket_input, api_client=client, idempotency_key=key, actor=actor, ip=ip)
    row = {"token": queued.token, "service_notice": QUEUED_NOTICE, "account_id": account}
    if replayed and queued.ticket is not None:
        row = {"service_request_id": queued.ticket.number, **row, "service_notice": _filed_notice(queued.ticket)}
    return _respond(fmt, "service_requests", [row], status=200 if replayed else 202)


def _moment(value, what) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        text = re.sub(r" (\d{2}:?\d{2})$", r"+\1", str(value).strip())  # a "+" sent unescaped in a URL
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Open311Error(400, f"{what}格式不正确：{str(value)[:30]}（ISO 8601，如 2026-03-01T00:00:00+08:00）") \
            from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _list_requests(request, fmt):
    _read_guard(request)
    q = request.GET
    qs = _visible()
    ids = [i.strip() for i in (q.get("service_request_id") or "").split(",") if i.strip()]
    if ids:
        # the spec: with service_request_id the other filters are ignored
        qs = qs.filter(number__in=ids[:MAX_ROWS])
    else:
        start, end = _moment(q.get("start_date"), "start_date"), _moment(q.get("end_date"), "end_date")
        if start and end and end < start:
            raise Open311Error(400, "end_date 不能早于 start_date")
        if start and end and end - start > MAX_RANGE:
            raise Open311Error(400, "start_date 与 end_date 相隔不能超过 90 天")
        if end is None:
            end = start + MAX_RANGE if start else timezone.now()
        if start is None:
            start = end - MAX_RANGE
        qs = qs.filter(received_at__gte=start, received_at__lte=end)
        codes = [c.strip() for c in (q.get("service_code") or "").split(",") if c.strip()]
        if codes:
            if not all(c.isdigit() for c in codes):
                raise Open311Error(400, "service_code 须为服务代码（见 services.json）")
            qs = qs.filter(category_id__in=[int(c) for c in codes])
        status = (q.get("status") or "").strip().lower()
        closed = [*DONE_STATES, TicketState.MERGED]
        if status == "open":
            qs = qs.exclude(state__in=closed)
        elif status == "closed":
            qs = qs.filter(state__in=closed)
        elif status:
            raise Open311Error(400, f"status 只能是 open 或 closed：{status[:20]}")
    ext = _flag(q.get("extensions"))
    qs = qs.order_by("-received_at", "-id")
    if ext:
        qs = qs.prefetch_related(Prefetch("steps", to_attr="public_steps", queryset=TicketStep.objects.filter(
            public=True).select_related("unit").order_by("at", "id")))
    page = list(qs[:MAX_ROWS])
    known = s.latest_clocks(page, (s.HANDLE_KIND, s.DISPATCH_KIND))
    return _respond(fmt, "service_requests", [s.request(t, extensions=ext, clocks=known) for t in page])


@require_GET
@open311
def request_detail(request, number, fmt):
    _read_guard(request)
    ticket = _visible().filter(number=number).first()
    if ticket is None:
        raise Open311Error(404, f"诉求不存在：{number[:30]}")
    return _respond(fmt, "service_requests", [s.request(ticket, extensions=_flag(request.GET.get("extensions")))])


@require_GET
@open311
def token(request, token, fmt):
    """A ticket's token gives its number; a queued request's token (intake_queue) gives the number
    and the notice with the 查询码 once it is filed, null while it waits (with a notice saying
    so), and the spec's error when filing failed."""
    number = number_for_token(token)
    if number is not None and Ticket.objects.filter(number=number).exists():
        return _respond(fmt, "tokens", [{"service_request_id": number, "token": token}])
    queued = intake_queue.lookup(token)
    if queued is None:
        raise Open311Error(404, "token 不存在")
    if queued.state == IntakeState.FAILED:
        raise Open311Error(400, f"诉求登记失败：{queued.error}，请重新提交")
    if queued.ticket is None:
        row = {"service_request_id": None, "token": token, "service_notice": "正在登记，请稍后再查询"}
    else:
        row = {"service_request_id": queued.ticket.number, "token": token,
               "service_notice": _filed_notice(queued.ticket)}
    return _respond(fmt, "tokens", [row])
