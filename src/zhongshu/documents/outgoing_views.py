"""发文 pages: the list (/documents/outgoing/), 拟稿 (new/), a document's page with its facts, its
versions, the 会签 table, the checks' findings on the current version, the steps taken and the
steps the user may take now, and the comparison of two versions (<id>/compare/?a=1&b=2).

Each step is a POST to /documents/outgoing/<id>/<step>/; the form is parsed, outgoing.py decides
(role, unit, signer, state) and on a refusal the page comes back with the form as typed and the
reason in Chinese (status 400).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.clocks.lights import light, light_title
from zhongshu.core.errors import UserError
from zhongshu.core.files import attachments_for
from zhongshu.org.models import OrgUnit
from zhongshu.org.roles import Role
from zhongshu.org.scope import get_visible_or_404, unit_q, unit_range
from zhongshu.web.forms import form_errors
from zhongshu.web.steps import post_step

from . import outgoing as og
from . import outgoing_forms as f
from .choices import EDITABLE_STATES, OUTGOING_OPEN_STATES, OutgoingState
from .compare import compare
from .models import Countersign, OutgoingDocument
from .permissions import OUTGOING, countersign_units_of, may_outgoing, may_see_outgoing
from .todo import listed

S = OutgoingState
PAGE_SIZE = 50
REFUSED = "发文供业务人员使用；系统管理员、安全管理员、审计管理员不处理公文"


def _forbidden(request, reason: str, title: str = "发文"):
    return render(request, "documents/forbidden.html", {"reason": reason, "title": title}, status=403)


def _visible(request, pk):
    return get_visible_or_404(OutgoingDocument.objects.select_related(
        "drafting_unit", "series", "drafted_by", "reviewed_by", "signer", "checked_by", "numbered_by", "issued_by",
        "archived_by", "issued_number"), request.user, pk=pk)




# --- the list ---------------------------------------------------------------------------------------
def filtered(user, params):
    """The 发文 `user` sees, filtered as the list's form says (also used by the API)."""
    form = f.OutgoingFilterForm(params or None)
    qs = OutgoingDocument.objects.restrict(user)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("state") == "open":
            qs = qs.filter(state__in=OUTGOING_OPEN_STATES)
        elif data.get("state"):
            qs = qs.filter(state=data["state"])
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        if data.get("year"):
            qs = qs.filter(drafted_at__year=data["year"])
        if data.get("q"):
            q = data["q"].strip()
            qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q) | Q(main_to__icontains=q)
                           | Q(drafting_unit__name__icontains=q))
    return form, qs


@login_required
def outgoing_list(request):
    user = request.user
    if not may_see_outgoing(user):
        return _forbidden(request, REFUSED, "发文")
    form, qs = filtered(user, request.GET)
    todo = listed(user, request.GET.get("todo", ""), qs)
    if todo:
        qs = todo[1]
    qs = qs.select_related("drafting_unit", "drafted_by", "signer")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "documents/outgoing_list.html", {
        "form": form, "page": page, "query": query.urlencode(), "can_draft": _draft_units(user).exists(),
        "todo": todo[0] if todo else ""})


# --- 拟稿 -------------------------------------------------------------------------------------------
def _draft_units(user):
    """The units `user` may draft for: every unit for a 文秘, his own range for a 经办人."""
    units = OrgUnit.objects.filter(is_active=True).order_by("path")
    if not may_outgoing(user, "draft", unit=None):
        return units.none()
    if user.has_role(Role.DOC_CLERK):
        return units
    rng = unit_range(user)
    return units.none() if rng.nothing else units.filter(unit_q("self", rng))


@login_required
def outgoing_new(request):
    user = request.user
    units = _draft_units(user)
    if not units.exists():
        return _forbidden(request, "只有单位经办人、文秘（公文管理）可以拟稿", "拟稿")
    errors: list[str] = []
    initial = {"drafting_unit": user.unit} if user.unit_id and units.filter(pk=user.unit_id).exists() else {}
    form = f.OutgoingForm(request.POST or None, request.FILES or None, units=units, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            data = og.Draft(kind=d["kind"], title=d["title"], drafting_unit=d["drafting_unit"], series=d["series"],
                            text=d["text"], main_to=d["main_to"], copy_to=d["copy_to"], secrecy=d["secrecy"],
                            urgency=d["urgency"], countersign_units=list(d["countersign_units"] or []))
            try:
                doc = og.draft(user, data, upload=d.get("file"))
                messages.success(request, f"已拟稿《{doc.title}》（第1稿）")
                return redirect(doc.get_absolute_url())
            except UserError as exc:
                errors = list(exc.details) if isinstance(exc.details, list) else [exc.message]
        else:
            errors = [form_errors(form)]
    return render(request, "documents/outgoing_new.html", {"form": form, "errors": errors},
                  status=400 if errors else 200)


# --- a document's page and its steps -------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    label: str
    form: type
    permission: str
    states: tuple
    run: Callable  # run(doc, user, cleaned_data)


def _review(doc, u, d):
    return og.review(doc, u, accept=d["decision"] == "accept", opinion=d.get("opinion", ""), signer=d.get("signer"),
                     countersign_units=list(d.get("countersign_units") or []))


STEPS = {
    "revise": Step("修改文稿（存为新版本）", f.ReviseForm, "revise", EDITABLE_STATES,
                   lambda doc, u, d: og.revise(doc, u, text=d.get("text", ""), upload=d.get("file"),
                                               note=d.get("note", ""))),
    "submit": Step("送核稿", f.SubmitForm, "submit", (S.DRAFTING,),
                   lambda doc, u, d: og.submit(doc, u, note=d.get("note", ""))),
    "review": Step("核稿", f.OutgoingReviewForm, "review", (S.REVIEWING,), _review),
    "countersign": Step("会签", f.CountersignForm, "countersign", (S.COUNTERSIGNING,),
                        lambda doc, u, d: og.countersign(doc, u, agree=d["decision"] == "agree",
                                                         opinion=d.get("opinion", ""))),
    "sign": Step("签发", f.SignForm, "sign", (S.SIGNING,),
                 lambda doc, u, d: og.sign(doc, u, approve=d["decision"] == "approve", opinion=d.get("opinion", ""))),
    "recheck": Step("复核", f.RecheckForm, "recheck", (S.SIGNED,),
                    lambda doc, u, d: og.recheck(doc, u, accept=d["decision"] == "accept", note=d.get("note", ""))),
    "number": Step("编号", f.NumberForm, "number", (S.CHECKED,),
                   lambda doc, u, d: og.number(doc, u, typed=d.get("typed", ""))),
    "issue": Step("印发", f.IssueForm, "issue", (S.NUMBERED,),
                  lambda doc, u, d: og.issue(doc, u, printer=d.get("printer", ""), print_date=d.get("print_date"))),
    "cancel_number": Step("作废文号", f.CancelNumberForm, "cancel_number", (S.NUMBERED,),
                          lambda doc, u, d: og.cancel_number(doc, u, reason=d["reason"])),
    "archive": Step("归档", f.ArchiveForm, "archive", (S.ISSUED,),
                    lambda doc, u, d: og.archive(doc, u, retention=d["retention"], note=d.get("note", ""))),
}
assert all(s.permission in OUTGOING for s in STEPS.values())


def _initial(name, doc, version) -> dict:
    if name == "revise":
        return {"text": version.text if version else ""}
    if name == "review":
        return {"signer": doc.signer, "countersign_units": list(doc.countersign_units.all())}
    return {}


def detail_context(request, doc, bound: dict | None = None, error: str = "") -> dict:
    user, bound = request.user, bound or {}
    versions = list(doc.versions.select_related("author").order_by("number"))
    version = versions[-1] if versions else None
    steps = []
    for name, step in STEPS.items():
        if doc.state not in step.states or not may_outgoing(user, step.permission, doc):
            continue
        form = bound.get(name) or step.form(prefix=name, initial=_initial(name, doc, version))
        steps.append({"name": name, "label": step.label, "form": form, "open": name in bound})
    # the main step first (the page opens it), 修改文稿 and 作废文号 after the rest
    steps.sort(key=lambda s: s["name"] in ("revise", "cancel_number"))
    report, check_error = None, ""
    if version is not None and doc.state not in (S.ISSUED, S.ARCHIVED):
        try:
            report = og.check_report(doc, version)
        except UserError as exc:
            check_error = exc.message
    rounds: dict[int, list] = {}
    now = timezone.now()
    for row in doc.countersigns.select_related("unit", "by", "version", "clock").order_by("-round", "id"):
        row.light = light(row.clock, now) if row.clock_id else "none"
        row.light_words = light_title(row.clock, now) if row.clock_id and row.state == "pending" else ""
        rounds.setdefault(row.round, []).append(row)
    mine = countersign_units_of(user, doc) if doc.state == S.COUNTERSIGNING else []
    return {
        "doc": doc, "steps": steps, "error": error, "versions": versions, "version": version,
        "report": report, "check_error": check_error,
        "sign_problems": og.sign_problems(doc, version) if doc.state == S.SIGNING and version else [],
        "rounds": sorted(rounds.items(), reverse=True), "my_units": [r.unit for r in mine],
        "countersign_units": list(doc.countersign_units.all()),
        "history": doc.steps.select_related("by"), "papers": attachments_for(doc, og.ISSUED_PURPOSE),
    }


@login_required
def outgoing_detail(request, pk: int):
    doc = _visible(request, pk)
    return render(request, "documents/outgoing_detail.html", detail_context(request, doc))


@login_required
@require_POST
def outgoing_step(request, pk: int, step: str):
    doc = _visible(request, pk)
    spec = STEPS.get(step)
    if spec is None:
        raise Http404
    form = spec.form(request.POST, request.FILES, prefix=step)
    return post_step(request, label=spec.label, form=form, run=lambda d: spec.run(doc, request.user, d),
                     done_url=doc.get_absolute_url(),
                     page=lambda error, status: render(request, "documents/outgoing_detail.html", detail_context(
                         request, _visible(request, pk), bound={step: form}, error=error), status=status))


@login_required
def countersign_link(request, pk: int):
    """Where a 会签 reminder leads (the clock is on the unit's row): the 发文's page, if visible."""
    row = get_visible_or_404(Countersign.objects.all(), request.user, pk=pk)
    return redirect(reverse("documents:outgoing_detail", args=[row.document_id]) + "#zs-countersigns")


# --- versions -----------------------------------------------------------------------------------------
def _number(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
def outgoing_compare(request, pk: int):
    """Two versions side by side as one marked text: what was taken out struck through (<del>),
    what was put in underlined (<ins>); ?a=&b= the version numbers (default the last two)."""
    doc = _visible(request, pk)
    versions = list(doc.versions.select_related("author").order_by("number"))
    last = versions[-1].number
    b = _number(request.GET.get("b"), last)
    a = _number(request.GET.get("a"), max(1, b - 1))
    by_number = {v.number: v for v in versions}
    if a not in by_number or b not in by_number:
        raise Http404("没有这一稿")
    old, new = by_number[a], by_number[b]
    return render(request, "documents/outgoing_compare.html", {
        "doc": doc, "versions": versions, "old": old, "new": new, "result": compare(old.text, new.text)})
