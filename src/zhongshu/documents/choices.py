"""The words of 收文 (GLOSSARY.md: 收文 incoming, 拟办 propose, 批办 direct, 传阅 circulate), one
TextChoices per idea."""

from __future__ import annotations

from django.db import models


class IncomingState(models.TextChoices):
    RECEIVED = "received", "已签收待登记"
    REGISTERED = "registered", "待初审"
    RETURNED = "returned", "已退文"
    REVIEWED = "reviewed", "待拟办"
    PROPOSED = "proposed", "待批办"
    HANDLING = "handling", "承办中"
    DONE = "done", "已办结待归档"
    ARCHIVED = "archived", "已归档"


# The states in which the paper moves between people (传阅): after 初审, until 归档.
CIRCULATING_STATES = (IncomingState.REVIEWED, IncomingState.PROPOSED, IncomingState.HANDLING, IncomingState.DONE)
OPEN_STATES = (IncomingState.RECEIVED, IncomingState.REGISTERED, IncomingState.REVIEWED, IncomingState.PROPOSED,
               IncomingState.HANDLING, IncomingState.DONE)


class Secrecy(models.TextChoices):
    """密级. 国家秘密 (秘密, 机密, 绝密) are refused unless the deployment runs on a classified
    network (ZHONGSHU_DOCUMENTS_CLASSIFIED_ALLOWED): 涉密公文不得在非涉密信息系统中处理."""

    NONE = "none", "非密"
    INTERNAL = "internal", "内部"
    SECRET = "secret", "秘密"
    CONFIDENTIAL = "confidential", "机密"
    TOP_SECRET = "top_secret", "绝密"


CLASSIFIED = (Secrecy.SECRET, Secrecy.CONFIDENTIAL, Secrecy.TOP_SECRET)


class Urgency(models.TextChoices):
    """紧急程度 (GB/T 9704: 特急, 加急); it sets the default 承办 time limit."""

    NORMAL = "normal", "普通"
    URGENT = "urgent", "加急"
    EXTRA_URGENT = "extra_urgent", "特急"


class Channel(models.TextChoices):
    """来文方式."""

    EXCHANGE = "exchange", "机要交换"
    ELECTRONIC = "electronic", "电子公文"
    POST = "post", "邮寄"
    HAND = "hand", "专人送达"
    FAX = "fax", "传真"


class Retention(models.TextChoices):
    """保管期限 at 归档."""

    PERMANENT = "permanent", "永久"
    Y30 = "30y", "定期30年"
    Y10 = "10y", "定期10年"


class Movement(models.TextChoices):
    """Why the paper moved (one row of the 传阅 history)."""

    RECEIVE = "receive", "签收"
    SUBMIT = "submit", "呈批"
    CIRCULATE = "circulate", "传阅"
    ASSIGN = "assign", "交承办"
    RETURN = "return", "办结退回"
    SEND_BACK = "send_back", "退文"
    DECLINE = "decline", "承办退回"


class RequestKind(models.TextChoices):
    """What a 承办单位 asks of the 文秘 about a 收文 it was given (documents.IncomingRequest)."""

    DECLINE = "decline", "退回"        # 非本单位职责：退回秘书科重新拟办
    EXTEND = "extend", "延期"


class RequestState(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已同意"
    REFUSED = "refused", "未同意"
    WITHDRAWN = "withdrawn", "已撤回"      # the unit finished the document while its request waited


# --- 发文 (GLOSSARY.md: 发文 outgoing, 签发 sign-off) ---------------------------------------------------
class OutgoingState(models.TextChoices):
    """拟稿 → 核稿 → 会签 → 签发 → 复核 → 编号 → 印发 → 归档 (documents/outgoing.py moves it)."""

    DRAFTING = "drafting", "拟稿中"
    REVIEWING = "reviewing", "待核稿"
    COUNTERSIGNING = "countersigning", "会签中"
    SIGNING = "signing", "待签发"
    SIGNED = "signed", "已签发待复核"
    CHECKED = "checked", "已复核待编号"
    NUMBERED = "numbered", "已编号待印发"
    ISSUED = "issued", "已印发待归档"
    ARCHIVED = "archived", "已归档"


# The text may change (a new version) only before it goes to 会签.
EDITABLE_STATES = (OutgoingState.DRAFTING, OutgoingState.REVIEWING)
OUTGOING_OPEN_STATES = tuple(s for s in OutgoingState if s != OutgoingState.ARCHIVED)


class CountersignState(models.TextChoices):
    PENDING = "pending", "待会签"
    AGREED = "agreed", "同意"
    DISAGREED = "disagreed", "不同意"
    CLOSED = "closed", "未会签（已退回修改）"


class OutgoingAction(models.TextChoices):
    """One recorded step of a 发文 (OutgoingStep)."""

    DRAFT = "draft", "拟稿"
    REVISE = "revise", "修改文稿"
    SUBMIT = "submit", "送核稿"
    REVIEW = "review", "核稿"
    COUNTERSIGN = "countersign", "会签"
    SIGN = "sign", "签发"
    RECHECK = "recheck", "复核"
    SEND_BACK = "send_back", "退回修改"
    NUMBER = "number", "编号"
    CANCEL_NUMBER = "cancel_number", "作废文号"
    ISSUE = "issue", "印发"
    ARCHIVE = "archive", "归档"
