"""Likely duplicates of a ticket (same problem, same place), found before 派单 so the agent can 并单.

The ticket stores its content signature (topics.signature) in `sig` and four 16-bit bands in
sig_b0…sig_b3, each indexed: any earlier ticket whose signature differs in at most 3 bits
shares at least one band (pigeonhole), so candidates come from four index lookups over the
recent window (ZHONGSHU_HOTLINE_DUPLICATE_DAYS, default 30), plus tickets of the same place and
category; topics.likely_duplicates then ranks them and says why.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from . import topics
from .choices import TicketState

CANDIDATES = 50


def signature_fields(text: str) -> dict:
    sig = topics.signature(text)
    b0, b1, b2, b3 = topics.band_keys(sig)
    return dict(sig=sig, sig_b0=b0, sig_b1=b1, sig_b2=b2, sig_b3=b3)


def place_of(location: str, text: str) -> str:
    return (topics.extract_place(location) if location else "") or topics.extract_place(text) or ""


def window_days() -> int:
    return int(getattr(settings, "ZHONGSHU_HOTLINE_DUPLICATE_DAYS", 30))


def likely_duplicates(ticket, *, limit: int = 5) -> list:
    """[(Ticket, Match)] best first: earlier open or recent tickets that look like the same problem."""
    from .models import Ticket

    since = ticket.received_at - timedelta(days=window_days())
    near = Q()
    for n in range(4):
        value = getattr(ticket, f"sig_b{n}")
        if value is not None:
            near |= Q(**{f"sig_b{n}": value})
    if ticket.place and ticket.category_id:
        near |= Q(place=ticket.place, category_id=ticket.category_id)
    if not near:
        return []
    rows = list(Ticket.objects.filter(near, received_at__gte=since, received_at__lte=ticket.received_at)
                .exclude(pk=ticket.pk).exclude(state=TicketState.MERGED)
                .only("id", "number", "title", "description", "place", "state", "received_at", "unit_id",
                      "caller_phone", "sig")
                .order_by("-received_at")[:CANDIDATES])
    if not rows:
        return []
    by_id = {t.pk: t for t in rows}
    candidates = [topics.Candidate(id=t.pk, text=f"{t.title} {t.description}", place=t.place, sig=t.sig)
                  for t in rows]
    matches = topics.likely_duplicates(f"{ticket.title} {ticket.description}", ticket.place, candidates)
    return [(by_id[m.id], m) for m in matches[:limit] if m.id in by_id]
