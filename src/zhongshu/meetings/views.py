"""会议 pages: the meeting list (/meetings/), planning (new/), a meeting's page (<id>/: agenda,
attendance with 回执 and sign-in, 纪要, 议定事项 with their matters, the 传达 table with lights) and its
steps (POST <id>/<step>/), the 纪要 as .docx (<id>/minutes.docx); 议题 (topics/, topics/new/,
topics/<id>/); 传达 (relays/: a unit's queue, relays/<id>/).

Every page reads through org.scope (get_visible_or_404, restrict); every step is a transitions.py
call, so the rules and the refusals (in Chinese, the form kept as typed, status 400) are theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.clocks.lights import light, light_title
from zhongshu.core.downloads import DOCX, download
from zhongshu.core.errors import UserError
from zhongshu.core.files import attachments_for
from zhongshu.core.tabular import Column, Sheet, xlsx_response
from zhongshu.org.scope import get_visible_or_404
from zhongshu.web.forms import form_errors
from zhongshu.web.steps import post_step

from . import forms as f
from . import transitions as tr
from .choices import MeetingState, RelayState, TopicState
from .models import Attendance, Decision, Meeting, Relay, Topic
from .permissions import USE_REFUSED, may, may_use, sees_draft

M, T, R = MeetingState, TopicState, RelayState


def _forbidden(request, reason: str, title: str = "会议"):
    return render(request, "meetings/forbidden.html", {"reason": reason, "title": title}, status=403)



def _exc_lines(exc: UserError) -> list[str]:
    return list(exc.details) if isinstance(exc.details, list) else [exc.message]


# --- the meeting list ------------------------------------------------------------------------------
@login_required
def meeting_list(request):
    user = request.user
    if not may_use(user):
        return _forbidden(request, USE_REFUSED, "会议")
    meetings = Meeting.objects.restrict(user).select_related("chair")
    state = request.GET.get("state", "")
    if state in M.values:
        meetings = meetings.filter(state=state)
    waiting = (Topic.objects.restrict(user).filter(state__in=[T.SUBMITTED, T.ACCEPTED]).select_related("unit")
               if may(user, "accept_topic") else None)
    return render(request, "meetings/meeting_list.html", {
        "meetings": meetings[:200], "states": M.choices, "state": state, "waiting": waiting,
        "can_plan": may(user, "plan"), "can_submit": may(user, "submit_topic", _own(user))})


class _Own:
    def __init__(self, unit):
        self.unit = unit


def _own(user):
    return _Own(getattr(user, "unit", None))


@login_required
def meeting_new(request):
    user = request.user
    if not may(user, "plan"):
        return _forbidden(request, "只有会务人员可以筹备会议", "筹备会议")
    form = f.PlanForm(request.POST or None)
    error = ""
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                meeting = tr.plan_meeting(user, kind=d["kind"], subject=d["subject"], starts_at=d["starts_at"],
                                          place=d["place"], chair=d["chair"])
                messages.success(request, f"已筹备{meeting.name}，请安排议题和参会人员")
                return redirect(meeting.get_absolute_url())
            except UserError as exc:
                error = exc.message
        else:
            error = form_errors(form)
    return render(request, "meetings/meeting_new.html", {"form": form, "error": error}, status=400 if error else 200)


# --- a meeting's page and its steps ----------------------------------------------------------------
def _item(model, meeting, data):
    try:
        return model.objects.get(meeting=meeting, pk=data["item"])
    except (model.DoesNotExist, KeyError, TypeError, ValueError):
        raise UserError("所选记录不存在", code="not_found", status=404) from None


def _draft(meeting, u, d):
    return tr.draft_minutes(meeting, u, title=d["title"], text=d["text"], relay_units=list(d.get("relay_units") or []))


@dataclass(frozen=True)
class Step:
    label: str
    form: type
    permission: str
    states: tuple
    run: Callable  # run(meeting, user, cleaned_data)


STEPS = {
    "schedule": Step("安排议题", f.ScheduleForm, "schedule", (M.PLANNED, M.NOTICED),
                     lambda m, u, d: tr.schedule(m, u, list(d["topics"]))),
    "unschedule": Step("撤出议程", f.ItemForm, "schedule", (M.PLANNED, M.NOTICED),
                       lambda m, u, d: tr.unschedule(_item(Topic, m, d), u)),
    "invite": Step("确定参会人员", f.InviteForm, "invite", (M.PLANNED, M.NOTICED),
                   lambda m, u, d: tr.invite(m, u, units=list(d.get("units") or []), people=list(d.get("people") or []),
                                             observer=d.get("observer", False))),
    "notice": Step("发送会议通知", f.NoticeForm, "notice", (M.PLANNED,), lambda m, u, d: tr.send_notice(m, u, text=d["text"])),
    "reply": Step("填报回执", f.ReplyForm, "reply", (M.NOTICED,),
                  lambda m, u, d: tr.reply(_item(Attendance, m, d), u, reply=d["reply"],
                                           leave_reason=d.get("leave_reason", ""), substitute=d.get("substitute", ""))),
    "sign_in": Step("签到", f.ItemForm, "sign_in", (M.NOTICED,), lambda m, u, d: tr.sign_in(_item(Attendance, m, d), u)),
    "hold": Step("登记会议召开", f.HoldForm, "hold", (M.NOTICED,), lambda m, u, d: tr.hold(m, u)),
    "draft": Step("起草纪要", f.MinutesForm, "draft", (M.HELD,), _draft),
    "decision": Step("增加议定事项", f.DecisionForm, "draft", (M.HELD,),
                     lambda m, u, d: tr.add_decision(m, u, text=d["text"], lead_unit=d["lead_unit"],
                                                     co_units=list(d.get("co_units") or []),
                                                     deadline=d.get("deadline"), leader=d.get("leader"))),
    "remove_decision": Step("删除议定事项", f.ItemForm, "draft", (M.HELD,),
                            lambda m, u, d: tr.remove_decision(_item(Decision, m, d), u)),
    "issue": Step("印发纪要", f.IssueForm, "issue", (M.HELD,), lambda m, u, d: tr.issue_minutes(m, u)),
    "register": Step("立项督办", f.ItemForm, "register", (M.MINUTES_ISSUED,),
                     lambda m, u, d: tr.register_decision(_item(Decision, m, d), u)),
    "remind": Step("催报", f.RemindForm, "remind", (M.MINUTES_ISSUED,),
                   lambda m, u, d: tr.remind_relay(_item(Relay, m, d), u, note=d.get("note", ""))),
}
# the steps offered in the side panel (the others are buttons on their rows)
PANEL = ("schedule", "invite", "notice", "hold", "issue")


def _next_step(meeting) -> str:
    """The step the 会务人员 usually take next (its form is shown open)."""
    if meeting.state == M.PLANNED:
        if not meeting.topics.exists():
            return "schedule"
        return "notice" if meeting.attendances.exists() else "invite"
    return {M.NOTICED: "hold", M.HELD: "issue"}.get(meeting.state, "")


def _visible_meeting(request, pk):
    return get_visible_or_404(Meeting.objects.select_related("chair", "created_by", "noticed_by"), request.user, pk=pk)


def meeting_context(request, meeting, bound: dict | None = None, error: str = "") -> dict:
    user, now, bound = request.user, timezone.now(), bound or {}
    nxt = _next_step(meeting) if not bound else ""
    steps = [{"name": n, "label": STEPS[n].label, "form": bound.get(n) or STEPS[n].form(prefix=n),
              "open": n in bound or n == nxt}
             for n in PANEL if meeting.state in STEPS[n].states and may(user, STEPS[n].permission)]
    minutes = getattr(meeting, "minutes", None) if hasattr(meeting, "minutes") else None
    draft_visible = meeting.state == M.MINUTES_ISSUED or sees_draft(user)
    if not draft_visible:
        minutes = None  # the 纪要 and its 议定事项 are drafts until issued
    from zhongshu.supervision import matters_for

    decisions = []
    for d in (meeting.decisions.select_related("lead_unit", "leader").prefetch_related("co_units")
              if draft_visible else ()):
        matters = list(matters_for(d).select_related("lead_unit"))
        decisions.append({"d": d, "matters": matters})
    relays = [_relay_row(r, now) for r in Relay.objects.restrict(user).filter(meeting=meeting)
              .select_related("unit", "relay_clock", "report_clock")]
    attendances = []
    for a in meeting.attendances.select_related("unit", "person", "replied_by"):
        attendances.append({"a": a, "can_reply": meeting.state == M.NOTICED and not a.signed_in_at
                            and may(user, "reply", a), "form": f.ReplyForm(prefix="reply", initial={"item": a.pk},
                                                                  auto_id=f"id_reply{a.pk}_%s")})
    minutes_form = bound.get("draft") or f.MinutesForm(prefix="draft", initial={
        "title": minutes.title if minutes else f"{meeting.name}纪要",
        "text": minutes.text if minutes else "",
        "relay_units": list(minutes.relay_units.all()) if minutes else []})
    from .minutes_docx import blocks

    shown = [{"level": getattr(b, "level", 0), "text": b.text, "tail": getattr(b, "tail", "")}
             for b in blocks(minutes.text)] if minutes else []
    return {
        "meeting": meeting, "now": now, "steps": steps, "error": error, "minutes": minutes, "minutes_blocks": shown,
        "relay_units": list(minutes.relay_units.all()) if minutes else [],
        "topics": meeting.topics.select_related("unit", "leader"), "attendances": attendances,
        "decisions": decisions, "relays": relays, "draft_visible": draft_visible,
        "signed": sum(1 for a in attendances if a["a"].signed_in_at),
        "can_sign_in": meeting.state == M.NOTICED and may(user, "sign_in"),
        "can_unschedule": meeting.state in (M.PLANNED, M.NOTICED) and may(user, "schedule"),
        "can_draft": meeting.state == M.HELD and may(user, "draft"), "minutes_form": minutes_form,
        "decision_form": bound.get("decision") or f.DecisionForm(prefix="decision"),
        "can_register": meeting.state == M.MINUTES_ISSUED and may(user, "register"),
        "can_remind": meeting.state == M.MINUTES_ISSUED and may(user, "remind"),
        "relays_done": sum(1 for r in relays if r["r"].state == R.REPORTED),
    }


@login_required
def meeting_detail(request, pk: int):
    meeting = _visible_meeting(request, pk)
    return render(request, "meetings/meeting_detail.html", meeting_context(request, meeting))


@login_required
@require_POST
def meeting_step(request, pk: int, step: str):
    meeting = _visible_meeting(request, pk)
    spec = STEPS.get(step)
    if spec is None:
        raise Http404
    form = spec.form(request.POST, request.FILES, prefix=step)
    return post_step(request, label=spec.label, form=form, run=lambda d: spec.run(meeting, request.user, d),
                     done_url=meeting.get_absolute_url(),
                     page=lambda error, status: render(request, "meetings/meeting_detail.html", meeting_context(
                         request, _visible_meeting(request, pk), bound={step: form}, error=error), status=status))


@login_required
def minutes_docx(request, pk: int):
    """The issued 纪要 for everyone who sees the meeting; before issue, the 送审稿 (no 期数, dated
    today) for those who draft it, to read in 纪要格式 before 印发."""
    meeting = _visible_meeting(request, pk)
    minutes = getattr(meeting, "minutes", None) if hasattr(meeting, "minutes") else None
    drafting = minutes is not None and not minutes.issued_at and may(request.user, "draft")   # a drafter sees drafts
    if minutes is None or not (minutes.issued_at or drafting):
        raise Http404("纪要尚未印发")
    from .minutes_docx import render as render_minutes

    label = "送审稿" if drafting else minutes.issue_text
    return download(render_minutes(meeting), f"{meeting.name}纪要（{label}）.docx", DOCX)


RELAY_COLUMNS = [Column("序号", width=6, kind="int"), Column("单位", width=28, wrap=True),
                 Column("传达时限", width=17, kind="datetime"), Column("传达时间", width=17, kind="datetime"),
                 Column("传达方式", width=16), Column("传达范围", width=24, wrap=True), Column("逾时传达", width=9),
                 Column("报告时限", width=17, kind="datetime"), Column("报告时间", width=17, kind="datetime"),
                 Column("学习传达情况", width=40, wrap=True), Column("逾期报告", width=9), Column("状态", width=12)]


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


@login_required
def relays_xlsx(request, pk: int):
    """The meeting's 传达 table as Excel (the rows the user sees), for the office's 通报."""
    meeting = _visible_meeting(request, pk)
    relays = (Relay.objects.restrict(request.user).filter(meeting=meeting)
              .select_related("unit", "relay_clock", "report_clock"))
    rows = [[i, r.unit.name, _local(r.relay_clock.due_at if r.relay_clock_id else None), _local(r.relayed_on),
             r.get_method_display(), r.audience, "是" if r.relayed_late else "",
             _local(r.report_clock.due_at if r.report_clock_id else None), _local(r.reported_at), r.report,
             "是" if r.reported_late else "", r.get_state_display()] for i, r in enumerate(relays, start=1)]
    return xlsx_response(f"{meeting.name}精神传达情况.xlsx",
                         [Sheet("传达情况", RELAY_COLUMNS, rows, title=f"{meeting.name}精神传达情况表")])


# --- 议题 ------------------------------------------------------------------------------------------
def _topic_input(d) -> tr.TopicInput:
    return tr.TopicInput(title=d["title"], summary=d["summary"], reporter=d["reporter"], leader=d.get("leader"),
                         leader_agreed=d.get("leader_agreed", False), kind=d["kind"],
                         consulted_units=list(d.get("consulted_units") or []), consultation=d.get("consultation", ""),
                         legal_review_needed=d.get("legal_review_needed", False),
                         legal_opinion=d.get("legal_opinion", ""))


@login_required
def topic_list(request):
    user = request.user
    if not may_use(user):
        return _forbidden(request, USE_REFUSED, "议题")
    topics = Topic.objects.restrict(user).select_related("unit", "meeting")
    state = request.GET.get("state", "")
    if state in T.values:
        topics = topics.filter(state=state)
    return render(request, "meetings/topic_list.html", {
        "topics": topics.order_by("-submitted_at")[:300], "states": T.choices, "state": state,
        "can_submit": may(user, "submit_topic", _own(user))})


@login_required
def topic_new(request):
    user = request.user
    if not may(user, "submit_topic", _own(user)):
        return _forbidden(request, "议题由单位联络员或单位领导提交", "提交议题")
    errors: list[str] = []
    if request.method == "POST":
        form = f.TopicForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                topic = tr.submit_topic(user, _topic_input(form.cleaned_data), materials=form.cleaned_data["materials"])
                messages.success(request, f"议题《{topic.title}》已提交，待会务人员审核")
                return redirect(topic.get_absolute_url())
            except UserError as exc:
                errors = _exc_lines(exc)
        else:
            errors = [form_errors(form)]
    else:
        form = f.TopicForm()
    return render(request, "meetings/topic_new.html", {"form": form, "errors": errors, "topic": None},
                  status=400 if errors else 200)


def _topic_initial(topic) -> dict:
    return {"kind": topic.kind, "title": topic.title, "summary": topic.summary, "reporter": topic.reporter,
            "consulted_units": list(topic.consulted_units.all()), "consultation": topic.consultation,
            "legal_review_needed": topic.legal_review_needed, "legal_opinion": topic.legal_opinion,
            "leader": topic.leader, "leader_agreed": topic.leader_agreed}


@login_required
def topic_detail(request, pk: int):
    user = request.user
    topic = get_visible_or_404(Topic.objects.select_related("unit", "leader", "submitted_by", "decided_by", "meeting"),
                               user, pk=pk)
    errors: list[str] = []
    bound = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "accept":
                tr.accept_topic(topic, user)
                messages.success(request, "议题已受理")
                return redirect(topic.get_absolute_url())
            if action == "return":
                form = f.ReturnForm(request.POST, prefix="return")
                bound["return"] = form
                if form.is_valid():
                    tr.return_topic(topic, user, reason=form.cleaned_data["reason"])
                    messages.success(request, "议题已退回提交单位")
                    return redirect(topic.get_absolute_url())
                errors = [form_errors(form)]
            elif action == "resubmit":
                form = f.TopicForm(request.POST, request.FILES, prefix="resubmit")
                bound["resubmit"] = form
                if form.is_valid():
                    tr.resubmit_topic(topic, user, _topic_input(form.cleaned_data),
                                      materials=form.cleaned_data["materials"])
                    messages.success(request, "议题已重新提交")
                    return redirect(topic.get_absolute_url())
                errors = [form_errors(form)]
            else:
                errors = ["未知的操作"]
        except UserError as exc:
            errors = _exc_lines(exc)
        topic = get_visible_or_404(Topic.objects.select_related("unit", "leader", "submitted_by", "decided_by",
                                                                "meeting"), user, pk=pk)
    return render(request, "meetings/topic_detail.html", {
        "topic": topic, "errors": errors, "materials": attachments_for(topic, "material"),
        "consulted": list(topic.consulted_units.all()),
        "can_accept": topic.state == T.SUBMITTED and may(user, "accept_topic", topic),
        "can_return": topic.state in (T.SUBMITTED, T.ACCEPTED) and may(user, "return_topic", topic),
        "return_form": bound.get("return") or f.ReturnForm(prefix="return"),
        "can_resubmit": topic.state == T.RETURNED and may(user, "resubmit_topic", topic),
        "resubmit_form": bound.get("resubmit") or f.TopicForm(prefix="resubmit", initial=_topic_initial(topic)),
    }, status=400 if errors else 200)


# --- 传达 ------------------------------------------------------------------------------------------
def hours_words(clock, now) -> str:
    """The 24-hour clock in hours, as its users count it: 还剩 5 小时 / 已超时 3 小时."""
    seconds = (clock.due_at - now).total_seconds()
    hours = max(1, int(abs(seconds) + 3599) // 3600)
    return f"还剩 {hours} 小时" if seconds >= 0 else f"已超时 {hours} 小时"


def _relay_row(r, now) -> dict:
    return {"r": r, "relay_light": light(r.relay_clock, now) if r.relay_clock_id else "none",
            "relay_words": hours_words(r.relay_clock, now) if r.relay_clock_id and r.state == R.PENDING else "",
            "report_light": light(r.report_clock, now) if r.report_clock_id else "none",
            "report_words": light_title(r.report_clock, now) if r.report_clock_id and r.state != R.REPORTED else ""}


@login_required
def relay_list(request):
    """我的传达: the 传达 the user's units owe (everything, for the office), open ones first."""
    user = request.user
    if not may_use(user):
        return _forbidden(request, USE_REFUSED, "会议精神传达")
    now = timezone.now()
    qs = Relay.objects.restrict(user).select_related("meeting", "unit", "relay_clock", "report_clock")
    show = request.GET.get("show", "open")
    if show == "open":
        qs = qs.exclude(state=R.REPORTED)
    rows = [_relay_row(r, now) for r in qs.order_by("state", "-meeting__starts_at", "unit__code")[:300]]
    return render(request, "meetings/relay_list.html", {"rows": rows, "show": show})


@login_required
def relay_detail(request, pk: int):
    user = request.user
    relay = get_visible_or_404(Relay.objects.select_related("meeting", "meeting__minutes", "unit", "relay_clock",
                                                            "report_clock", "relayed_by", "reported_by"), user, pk=pk)
    errors: list[str] = []
    relay_form = f.RelayForm(prefix="relay", initial={"relayed_on": timezone.localtime().replace(second=0, microsecond=0)})
    report_form = f.ReportForm(prefix="report")
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "relay":
                relay_form = f.RelayForm(request.POST, prefix="relay")
                if relay_form.is_valid():
                    d = relay_form.cleaned_data
                    tr.record_relay(relay, user, relayed_on=d["relayed_on"], method=d["method"], audience=d["audience"])
                    messages.success(request, "已登记传达")
                    return redirect(relay.get_absolute_url())
                errors = [form_errors(relay_form)]
            elif action == "report":
                report_form = f.ReportForm(request.POST, prefix="report")
                if report_form.is_valid():
                    tr.report_relay(relay, user, report=report_form.cleaned_data["report"])
                    messages.success(request, "已报告学习传达情况")
                    return redirect(relay.get_absolute_url())
                errors = [form_errors(report_form)]
            else:
                errors = ["未知的操作"]
        except UserError as exc:
            errors = _exc_lines(exc)
        relay.refresh_from_db()
    return render(request, "meetings/relay_detail.html", {
        "row": _relay_row(relay, timezone.now()), "relay": relay, "meeting": relay.meeting, "errors": errors,
        "can_relay": relay.state == R.PENDING and may(user, "relay", relay),
        "can_report": relay.state == R.RELAYED and may(user, "report", relay),
        "relay_form": relay_form, "report_form": report_form,
    }, status=400 if errors else 200)

