"""/api/v1/documents/: 拟稿检查 for other systems (an OA's drafting module, a script).

    POST /checks   {"kind": "request", "number": "示政发〔2026〕3号", "text": "…"}
                   → {"ok", "chars", "max_chars", "phrase_count", "phrase_density", "findings": [...]}

Same rules and 套话 list as the page; the three separated administrators are refused (403).
"""

from __future__ import annotations

from ninja import Router, Schema

from zhongshu.core.errors import UserError

from . import drafts
from .permissions import REFUSED, may_check

router = Router(tags=["公文"])


class DraftIn(Schema):
    kind: str
    text: str
    number: str = ""


class FindingOut(Schema):
    code: str
    title: str
    reason: str
    start: int
    end: int
    line: int
    excerpt: str
    subject: str
    severity: str


class ReportOut(Schema):
    ok: bool
    chars: int
    max_chars: int
    phrase_count: int
    phrase_density: float
    findings: list[FindingOut]


@router.post("/checks", response=ReportOut, summary="拟稿检查")
def check_draft(request, payload: DraftIn):
    if not may_check(request.user):
        raise UserError(REFUSED, code="forbidden", status=403)
    report = drafts.check(payload.text, kind=payload.kind, number=payload.number)
    return {"ok": report.ok, "chars": report.chars, "max_chars": report.max_chars,
            "phrase_count": report.phrase_count, "phrase_density": report.phrase_density,
            "findings": [f.as_dict() for f in report.findings]}
