"""受理: a new ticket from an agent's form, a web or app message, or another system (Open311).

    data = TicketInput(title=…, description=…, caller_phone=…, category=…, request_type=…)
    ticket = receive(data, by=agent)                       # or api_client=client, idempotency_key=…

One function, one transaction, for every channel:
1. validate everything (validation.py); any error stops the intake with every reason at once;
2. the same idempotency key from the same system returns the ticket already filed (no double);
3. learned suggestions (suggest.py) for category and unit — above the model's threshold the
   suggested category is taken when none was given; below it a person decides;
4. the duplicate signature (topics) is stored with the ticket, so a later ticket finds it by an
   indexed lookup (duplicates.py);
5. the number (year + 8 digits, consecutive per year), the 派单 clock (hotline.dispatch: the
   hotline office dispatches within ZHONGSHU_HOTLINE_DISPATCH_HOURS working hours), the step and
   the audit record.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhongshu import clocks
from zhongshu.core import numbering
from zhongshu.core.errors import UserError

from . import duplicates, suggest
from .choices import Channel, RequestType, StepKind, Urgency
from .models import Category, Ticket
from .transitions import step
from .validation import clean_choice, clean_moment, clean_phone, clean_text, clean_title_and_description

DISPATCH_KIND = "hotline.dispatch"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass
class TicketInput:
    description: str
    title: str = ""
    channel: str = Channel.PHONE
    caller_name: str = ""
    caller_phone: str = ""
    confidential: bool = False
    category: Category | int | str | None = None
    request_type: str = RequestType.CONSULT
    urgency: str = Urgency.NORMAL
    location: str = ""
    lat: float | None = None
    long: float | None = None
    received_at: datetime | str | None = None
    votes: int = 0


def _category(value, errors):
    if value in (None, ""):
        return None
    if isinstance(value, Category):
        return value
    qs = Category.objects.filter(active=True)
    found = None
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        found = qs.filter(pk=int(value)).first()
    if found is None and isinstance(value, str):
        name = value.strip()
        found = qs.filter(full_name=name).first() or qs.filter(name=name).order_by("-level").first()
    if found is None:
        errors.append(f"分类不存在：{str(value)[:40]}")
    return found


def validate(data: TicketInput, now: datetime) -> dict:
    """The cleaned fields of a ticket, or UserError with every problem."""
    errors: list[str] = []
    title, description = clean_title_and_description(data.title, data.description, errors)
    fields = dict(
        title=title, description=description,
        channel=clean_choice(data.channel, Channel, "来源渠道", errors, Channel.PHONE),
        caller_name=clean_text(data.caller_name)[:60],
        caller_phone=clean_phone(data.caller_phone, errors),
        confidential=bool(data.confidential),
        category=_category(data.category, errors),
        request_type=clean_choice(data.request_type, RequestType, "诉求类型", errors, RequestType.CONSULT),
        urgency=clean_choice(data.urgency, Urgency, "紧急程度", errors, Urgency.NORMAL),
        location=clean_text(data.location)[:200],
        received_at=clean_moment(data.received_at, errors, now),
        votes=max(0, int(data.votes or 0)),
    )
    for name, low, high in (("lat", -90, 90), ("long", -180, 180)):
        value = getattr(data, name)
        if value in (None, ""):
            fields[name] = None
            continue
        try:
            value = float(value)
        except (TypeError, ValueError):
            errors.append(f"{'纬度' if name == 'lat' else '经度'}须为数字")
            continue
        if not low <= value <= high:
            errors.append(f"{'纬度' if name == 'lat' else '经度'}超出范围（{low} 到 {high}）")
        fields[name] = value
    if errors:
        raise UserError("；".join(errors), code="invalid_ticket", details=errors)
    return fields


def receive(data: TicketInput, *, by=None, api_client=None, idempotency_key: str | None = None,
            at: datetime | None = None) -> Ticket:
    now = at or timezone.now()
    if by is not None:
        from .permissions import check

        check(by, "receive")
    idempotency_key = clean_key(idempotency_key)
    if idempotency_key:
        same = _filed(api_client, idempotency_key)
        if same is not None:
            return same
    fields = validate(data, now)
    hints = suggest.suggest(ticket_text(fields))
    try:
        with transaction.atomic():
            year = timezone.localtime(fields["received_at"]).year
            number = f"{year}{numbering.next_number('hotline.ticket', year):08d}"
            ticket = build(fields, hints, Names(), number=number, by=by, api_client=api_client,
                           idempotency_key=idempotency_key)
            ticket.save()
            step(ticket, StepKind.RECEIVE, by, now, receive_text(ticket), unit=None)
            clocks.start_clock(ticket, kind=DISPATCH_KIND, unit=dispatch_unit(), title=clock_title(ticket),
                               limit=dispatch_limit(), started_at=now, start_reason="受理", assigned_by=by,
                               tracks_progress=False)
    except IntegrityError:
        if idempotency_key:  # the same key filed at the same moment by a parallel request
            same = _filed(api_client, idempotency_key)
            if same is not None:
                return same
        raise
    ticket.replayed = False
    return ticket


def clean_key(idempotency_key: str | None) -> str | None:
    if idempotency_key is None:
        return None
    return clean_text(idempotency_key)[:80] or None


def _filed(api_client, idempotency_key) -> Ticket | None:
    same = Ticket.objects.filter(api_client=api_client, idempotency_key=idempotency_key).first()
    if same is not None:
        same.replayed = True
    return same


def ticket_text(fields: dict) -> str:
    """The text the models and the duplicate signature read: title and description."""
    return f"{fields['title']} {fields['description']}"


def receive_text(ticket: Ticket) -> str:
    return f"{ticket.get_channel_display()}受理"


def clock_title(ticket: Ticket) -> str:
    return f"{ticket.number} {ticket.title}"[:300]


def dispatch_limit():
    return clocks.Limit.work_hours(dispatch_hours())


class Names:
    """Categories and units looked up by a model's label, memoised for one intake or one batch."""

    def __init__(self):
        self._categories: dict[str, Category | None] = {}
        self._units: dict[str, object] = {}

    def category(self, label: str) -> Category | None:
        if label not in self._categories:
            qs = Category.objects.filter(active=True)
            self._categories[label] = qs.filter(full_name=label).first() \
                or qs.filter(name=label).order_by("-level").first()
        return self._categories[label]

    def unit(self, label: str):
        if label not in self._units:
            from zhongshu.org.models import OrgUnit

            self._units[label] = OrgUnit.objects.filter(is_active=True, name=label).first()
        return self._units[label]


def build(fields: dict, hints: dict, names: Names, *, number: str, by=None, api_client=None,
          idempotency_key: str | None = None) -> Ticket:
    """The unsaved ticket of validated `fields` with its suggestions (above the model's threshold
    the suggested category is taken when none was given), place, duplicate signature, number and
    retrieval code."""
    fields = dict(fields)
    text = ticket_text(fields)
    category_hint, unit_hint = hints.get("category"), hints.get("unit")
    if fields["category"] is None and category_hint is not None and not category_hint.needs_person:
        fields["category"] = names.category(category_hint.label)
    ticket = Ticket(**fields, **duplicates.signature_fields(text), number=number,
                    place=duplicates.place_of(fields["location"], text), received_by=by, api_client=api_client,
                    idempotency_key=idempotency_key, retrieval_code=new_code(),
                    suggestion={k: v.as_dict() for k, v in hints.items()})
    if unit_hint is not None:
        ticket.suggested_unit = names.unit(unit_hint.label)
        if category_hint is not None:
            ticket.suggested_category = names.category(category_hint.label)
    return ticket


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def dispatch_hours() -> float:
    return float(getattr(settings, "ZHONGSHU_HOTLINE_DISPATCH_HOURS", 2))


def dispatch_unit():
    """The unit that owns the hotline office's own clocks (ZHONGSHU_HOTLINE_UNIT_CODE, else the
    top unit)."""
    from zhongshu.org.models import OrgUnit

    code = getattr(settings, "ZHONGSHU_HOTLINE_UNIT_CODE", "")
    unit = OrgUnit.objects.filter(code=code).first() if code else None
    return unit or OrgUnit.objects.order_by("depth", "sort", "id").first()
