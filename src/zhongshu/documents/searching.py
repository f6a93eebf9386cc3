"""What the search (zhongshu.search) holds of 公文: a 收文's 登记 facts, 摘要 and opinions; a 发文's
facts and the text of its latest version."""

from __future__ import annotations

from django.utils import timezone

from zhongshu import search

from .models import DraftVersion, IncomingDocument, OutgoingDocument


def _names(*units) -> str:
    return "、".join(dict.fromkeys(u.name for u in units if u is not None))


def incoming_entry(doc: IncomingDocument):
    return search.Entry(title=doc.title, day=doc.received_on, number=" ".join(filter(None, [doc.doc_number, doc.number])),
                        unit_names=_names(doc.lead_unit, *doc.co_units.all()) + f" {doc.issuer}",
                        body="\n".join(filter(None, [doc.summary, doc.proposal, doc.direction, doc.result])))


def outgoing_entry(doc: OutgoingDocument):
    latest = doc.latest_version()
    return search.Entry(title=doc.title, day=timezone.localdate(doc.drafted_at), number=doc.number,
                        unit_names=_names(doc.drafting_unit, *doc.countersign_units.all()),
                        body="\n".join(filter(None, [doc.main_to, latest.text if latest else ""])))


def register() -> None:
    search.register(IncomingDocument, kind="收文", build=incoming_entry)
    search.register(OutgoingDocument, kind="发文", build=outgoing_entry,
                    parts={DraftVersion: lambda v: v.document_id})
