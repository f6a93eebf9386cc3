"""The words of the 12345 hotline (GLOSSARY.md, DOMAIN.md §8), one TextChoices per idea."""

from __future__ import annotations

from django.db import models


class Channel(models.TextChoices):
    PHONE = "phone", "电话"
    WEB = "web", "网站"
    WECHAT = "wechat", "微信"
    APP = "app", "app"
    API = "api", "API"
    MAILBOX = "mailbox", "领导信箱"


class RequestType(models.TextChoices):
    CONSULT = "consult", "咨询"
    HELP = "help", "求助"
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"
    SUGGESTION = "suggestion", "建议"
    PRAISE = "praise", "表扬"


class Urgency(models.TextChoices):
    NORMAL = "normal", "一般"
    URGENT = "urgent", "紧急"


class TicketState(models.TextChoices):
    RECEIVED = "received", "待派单"
    DISPATCHED = "dispatched", "待签收"
    HANDLING = "handling", "办理中"
    RETURNED = "returned", "退单待审"
    DISPUTED = "disputed", "派单异议审核"
    REPLIED = "replied", "已答复待办结"
    SUSPENDED = "suspended", "已挂起"
    CLOSED = "closed", "已办结待回访"
    FINISHED = "finished", "已回访"
    MERGED = "merged", "已并单"


# The unit holds the ticket (its clock runs) in these states.
AT_UNIT = (TicketState.DISPATCHED, TicketState.HANDLING)
OPEN_STATES = (TicketState.RECEIVED, TicketState.DISPATCHED, TicketState.HANDLING, TicketState.RETURNED,
               TicketState.DISPUTED, TicketState.REPLIED, TicketState.SUSPENDED)
DONE_STATES = (TicketState.CLOSED, TicketState.FINISHED)


class ClosedHow(models.TextChoices):
    DIRECT = "direct", "直接答复"
    UNIT = "unit", "承办单位办结"
    MERGED = "merged", "并单办结"


class Resolution(models.TextChoices):
    SOLVED = "solved", "已解决"
    PARTLY = "partly", "部分解决"
    EXPLAINED = "explained", "已解释说明"
    UNSOLVED = "unsolved", "未解决"


SOLVED_RESOLUTIONS = (Resolution.SOLVED, Resolution.EXPLAINED)


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class ReturnReason(models.TextChoices):
    WRONG_PLACE = "wrong_place", "属地不符"
    UNCLEAR_DUTY = "unclear_duty", "权属不清"
    OVERLAP = "overlap", "职能交叉"
    NOT_GOVERNMENT = "not_government", "非政府职能"
    INFO_MISSING = "info_missing", "诉求信息不全"
    OTHER = "other", "其他"


class RequestState(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已同意"
    REFUSED = "refused", "不同意"


class StepKind(models.TextChoices):
    RECEIVE = "receive", "受理"
    ANSWER = "answer", "直接答复"
    DISPATCH = "dispatch", "派单"
    ACCEPT = "accept", "签收"
    NOTE = "note", "办理记录"
    RETURN = "return", "退单"
    REFUSE_RETURN = "refuse_return", "退单不予同意"
    DISPUTE = "dispute", "提出派单异议"
    RULING = "ruling", "异议裁定"
    EXTEND_ASK = "extend_ask", "申请延期"
    EXTEND_DECIDE = "extend_decide", "延期审批"
    REPLY = "reply", "答复"
    REJECT_REPLY = "reject_reply", "退回重办"
    CLOSE = "close", "办结"
    CALLBACK = "callback", "回访"
    REDO = "redo", "重办"
    SUSPEND = "suspend", "挂起"
    RESUME = "resume", "恢复办理"
    REOPEN = "reopen", "重开"
    MERGE = "merge", "并单"
    MATTER = "matter", "转督办"
