"""REST API of the audit trail (审计管理员 only, like the page): records and chain verification.

GET /api/v1/audit/records — newest first, keyset pages: pass `before` = the `next_before` of
the previous answer. Filters as on the page. POST /api/v1/audit/verify — check the chain.
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Router, Schema

from zhongshu.core.errors import PermissionDenied, UserError

from . import trail
from .forms import AuditFilterForm
from .models import Action

router = Router(tags=["审计"])

MAX_LIMIT = 200


class ChangeOut(Schema):
    field: str
    label: str
    before: str
    after: str


class RecordOut(Schema):
    seq: int
    at: datetime
    actor_label: str
    actor_id: int | None
    ip: str | None
    request_id: str
    channel: str
    action: str
    action_label: str
    object_type: str | None
    object_id: str
    object_repr: str
    changes: dict
    change_lines: list[ChangeOut]
    note: str
    hash: str


class RecordPage(Schema):
    items: list[RecordOut]
    next_before: int | None


class VerifyOut(Schema):
    ok: bool
    count: int
    first: int | None
    last: int | None
    message: str
    broken_seq: int | None
    head_hash: str


def _require_auditadmin(user) -> None:
    from zhongshu.org.roles import Role

    if not user.has_role(Role.AUDITADMIN):
        raise PermissionDenied("审计记录仅限审计管理员查阅")


@router.get("/records", response=RecordPage, summary="审计记录（新到旧）")
def list_records(request, start: date | None = None, end: date | None = None, actor: str = "", action: str = "",
                 object_type: str = "", object_id: str = "", request_id: str = "", before: int | None = None,
                 limit: int = 50):
    from .chain import type_label
    from .display import with_change_lines

    _require_auditadmin(request.auth)
    form = AuditFilterForm({"start": start or "", "end": end or "", "actor": actor, "action": action,
                            "object_type": object_type, "object_id": object_id, "request_id": request_id})
    if not form.is_valid():
        problems = "；".join(f"{form.fields[k].label if k in form.fields else ''}{'：' if k in form.fields else ''}{e}"
                            for k, errs in form.errors.items() for e in errs)
        raise UserError(f"筛选条件有误：{problems}", code="validation_error", status=422)
    limit = max(1, min(limit, MAX_LIMIT))
    qs = form.filter().order_by("-seq")
    if before is not None:
        qs = qs.filter(seq__lt=before)
    rows = list(qs[: limit + 1])
    page = with_change_lines(rows[:limit])
    labels = dict(Action.choices)
    items = [{
        "seq": r.seq, "at": r.at, "actor_label": r.actor_label, "actor_id": r.actor_id, "ip": r.ip,
        "request_id": r.request_id, "channel": r.channel, "action": r.action,
        "action_label": str(labels.get(r.action, r.action)), "object_type": type_label(r.content_type_id),
        "object_id": r.object_id, "object_repr": r.object_repr, "changes": r.changes, "change_lines": r.lines,
        "note": r.note, "hash": r.hash,
    } for r in page]
    return {"items": items, "next_before": page[-1].seq if len(rows) > limit else None}


@router.post("/verify", response=VerifyOut, summary="校验审计链")
def verify_chain(request):
    from .verification import verify

    _require_auditadmin(request.auth)
    result = verify()
    trail.record(Action.VERIFY, note=result.message)
    return {"ok": result.ok, "count": result.count, "first": result.first, "last": result.last,
            "message": result.message, "broken_seq": result.broken_seq, "head_hash": result.head_hash}
