"""What Open311 shows of our categories and tickets, with the spec's field names.

Never the caller: no name, phone or email leaves through a GET (intake keeps them for the
hotline office only)."""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree as ET

from django.utils import timezone

from zhongshu.clocks.models import ClockState

from ..choices import DONE_STATES, RequestType, TicketState, Urgency
from ..models import Category, Ticket

HANDLE_KIND, DISPATCH_KIND = "hotline.handle", "hotline.dispatch"
NOTES_MAX = 500


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in local time with its offset (+08:00)."""
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def root_of(category: Category) -> Category:
    node, seen = category, set()
    while node.parent_id and node.pk not in seen:
        seen.add(node.pk)
        node = node.parent
    return node


def service(category: Category) -> dict:
    root = root_of(category)
    words = [w for w in category.full_name.replace("/", " ").replace("＞", " ").replace(">", " ").split() if w]
    return {
        "service_code": str(category.pk),
        "service_name": category.name,
        "description": category.full_name or category.name,
        "metadata": False,
        "type": "realtime",
        "keywords": ",".join(dict.fromkeys(words or [category.name])),
        "group": root.name,
    }


ATTRIBUTES = (
    ("request_type", "诉求类型", RequestType, RequestType.CONSULT),
    ("urgency", "紧急程度", Urgency, Urgency.NORMAL),
)


def definition(category: Category) -> dict:
    attrs = []
    for order, (code, label, choices, default) in enumerate(ATTRIBUTES, start=1):
        attrs.append({
            "variable": True,
            "code": code,
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": f"{label}，不填为“{choices(default).label}”",
            "order": order,
            "description": label,
            "values": [{"key": key, "name": name} for key, name in choices.choices],
        })
    return {"service_code": str(category.pk), "attributes": attrs}


def is_closed(ticket: Ticket) -> bool:
    return ticket.state in DONE_STATES or ticket.state == TicketState.MERGED


def status_notes(ticket: Ticket) -> str:
    label = ticket.get_state_display()
    unit = ticket.unit.name if ticket.unit_id else ""
    state = ticket.state
    if state == TicketState.RECEIVED:
        text = "12345 热线已受理，正在分派承办单位"
    elif state == TicketState.DISPATCHED:
        text = f"已派至{unit}"
    elif state == TicketState.HANDLING:
        text = f"{unit}正在办理"
    elif state in (TicketState.RETURNED, TicketState.DISPUTED):
        text = "12345 热线正在重新确定承办单位"
    elif state == TicketState.REPLIED:
        text = f"{unit}已答复，12345 热线审核中"
    elif state == TicketState.SUSPENDED:
        text = "暂停办理，恢复后继续计时"
    elif state == TicketState.MERGED:
        master = ticket.master.number if ticket.master_id else ""
        text = f"与工单 {master} 一并办理答复" if master else "与相同诉求的工单一并办理答复"
    else:  # closed / finished
        text = ticket.reply or "已办结"
    return f"{label}：{text}"[:NOTES_MAX]


def latest_clocks(tickets, kinds) -> dict:
    """{(ticket pk, kind): the latest clock of that kind} for many tickets in one query (what
    clocks.clock_for gives for one)."""
    from django.contrib.contenttypes.models import ContentType

    from zhongshu.clocks.models import Clock

    pks = [t.pk for t in tickets]
    if not pks:
        return {}
    found: dict = {}
    rows = Clock.objects.filter(content_type=ContentType.objects.get_for_model(Ticket), object_id__in=pks,
                                kind__in=kinds).order_by("started_at", "id")
    for clock in rows:
        found[(int(clock.object_id), clock.kind)] = clock  # later rows win: the latest per pair
    return found


def expected(ticket: Ticket, known: dict | None = None) -> datetime | None:
    """The due moment of the running 办理 clock, else of the running 派单 clock."""
    known = known if known is not None else latest_clocks([ticket], (HANDLE_KIND, DISPATCH_KIND))
    for kind in (HANDLE_KIND, DISPATCH_KIND):
        clock = known.get((ticket.pk, kind))
        if clock is not None and clock.state == ClockState.RUNNING:
            return clock.due_at
    return None


def public_step_rows(ticket: Ticket):
    """The steps the citizen may see (prefetched as `public_steps` when a list asked for them)."""
    if hasattr(ticket, "public_steps"):
        return ticket.public_steps
    return list(ticket.steps.filter(public=True).select_related("unit").order_by("at", "id"))


def public_steps(ticket: Ticket) -> list[dict]:
    """The steps the citizen may see: time, what, the unit (never the person)."""
    return [{"at": iso(s.at), "kind": s.kind, "name": s.get_kind_display(), "unit": s.unit.name if s.unit_id else "",
             "text": s.text}
            for s in public_step_rows(ticket)]


def request(ticket: Ticket, *, extensions: bool = False, clocks: dict | None = None) -> dict:
    out = {
        "service_request_id": ticket.number,
        "status": "closed" if is_closed(ticket) else "open",
        "status_notes": status_notes(ticket),
        "service_name": ticket.category.name if ticket.category_id else None,
        "service_code": str(ticket.category_id) if ticket.category_id else None,
        "description": ticket.description,
        "agency_responsible": ticket.unit.name if ticket.unit_id else None,
        "service_notice": None,
        "requested_datetime": iso(ticket.received_at),
        "updated_datetime": iso(ticket.updated_at),
        "expected_datetime": iso(expected(ticket, clocks)),
        "address": ticket.location or None,
        "address_id": None,
        "zipcode": None,
        "lat": ticket.lat,
        "long": ticket.long,
        "media_url": None,
    }
    if extensions:
        out["extended_attributes"] = {"state": ticket.get_state_display(), "state_code": ticket.state,
                                      "request_type": ticket.get_request_type_display(),
                                      "urgency": ticket.get_urgency_display(), "steps": public_steps(ticket)}
    return out


# --- XML (the spec's second format) ---------------------------------------------------------------
XML_ROOTS = {"services": "service", "service_definition": None, "service_requests": "request",
             "errors": "error", "tokens": "token"}


def _xml_value(parent: ET.Element, key: str, value) -> None:
    el = ET.SubElement(parent, key)
    if isinstance(value, dict):
        for k, v in value.items():
            _xml_value(el, k, v)
    elif isinstance(value, list):
        child = {"attributes": "attribute", "values": "value", "steps": "step"}.get(key, "item")
        for item in value:
            _xml_value(el, child, item)
    elif isinstance(value, bool):
        el.text = "true" if value else "false"
    elif value is not None:
        el.text = str(value)


def to_xml(root: str, data) -> bytes:
    top = ET.Element(root)
    item = XML_ROOTS.get(root)
    if isinstance(data, list):
        for row in data:
            el = ET.SubElement(top, item or "item")
            for k, v in row.items():
                _xml_value(el, k, v)
    else:
        for k, v in data.items():
            _xml_value(top, k, v)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8", xml_declaration=False)
