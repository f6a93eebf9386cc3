"""The words of 会议 (GLOSSARY.md: 会议 Meeting, 议题 Topic, 纪要 Minutes, 议定事项 Decision, 传达 relay),
one TextChoices per idea."""

from __future__ import annotations

from django.db import models


class MeetingKind(models.TextChoices):
    EXECUTIVE = "executive", "常务会议"
    TOPIC = "topic", "专题会议"
    OFFICE = "office", "办公会议"


class MeetingState(models.TextChoices):
    PLANNED = "planned", "筹备中"
    NOTICED = "noticed", "已通知"
    HELD = "held", "已召开"
    MINUTES_ISSUED = "minutes_issued", "纪要已印发"


class TopicState(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "已受理待上会"
    SCHEDULED = "scheduled", "已列入议程"
    DISCUSSED = "discussed", "已上会"


class Reply(models.TextChoices):
    """回执."""

    PENDING = "pending", "未回执"
    ATTENDING = "attending", "参会"
    LEAVE = "leave", "请假"
    SUBSTITUTE = "substitute", "委托代会"


class RelayMethod(models.TextChoices):
    """How a unit relayed the meeting spirit (传达方式)."""

    PARTY_GROUP = "party_group", "党组（党委）会议"
    OFFICE_MEETING = "office_meeting", "局务（办公）会议"
    SPECIAL = "special", "专题会议"
    STUDY = "study", "集中学习"
    OTHER = "other", "其他方式"


class RelayState(models.TextChoices):
    PENDING = "pending", "待传达"
    RELAYED = "relayed", "已传达待报告"
    REPORTED = "reported", "已报告"


# The 督查督办 source of a decision of each kind of meeting (supervision.choices.Source).
MATTER_SOURCE = {MeetingKind.EXECUTIVE: "executive_meeting", MeetingKind.TOPIC: "topic_meeting",
                 MeetingKind.OFFICE: "other"}
