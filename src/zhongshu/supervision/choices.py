"""The words of 督查督办 (GLOSSARY.md), one TextChoices per idea."""

from __future__ import annotations

from django.db import models


class Source(models.TextChoices):
    WORK_REPORT = "work_report", "政府工作报告"
    EXECUTIVE_MEETING = "executive_meeting", "常务会议"
    TOPIC_MEETING = "topic_meeting", "专题会议"
    INSTRUCTION = "instruction", "领导批示"
    DOCUMENT = "document", "重要文件"
    SUPERIOR = "superior", "上级交办"
    PROPOSAL = "proposal", "建议提案"
    HOTLINE = "hotline", "12345"
    PLAN = "plan", "督查计划"
    OTHER = "other", "其他"


class Cycle(models.TextChoices):
    NONE = "none", "不定期"
    WEEKLY = "weekly", "每周"
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    MILESTONE = "milestone", "按节点"


class Importance(models.TextChoices):
    NORMAL = "normal", "一般"
    KEY = "key", "重点"
    MAJOR = "major", "重大"


class Method(models.TextChoices):
    ITEMIZED = "itemized", "分项督查"
    JOINT = "joint", "联合督查"
    SPECIAL = "special", "专项督查"
    ONSITE = "onsite", "实地督查"


class MatterState(models.TextChoices):
    DRAFT = "draft", "待交办"
    ACTIVE = "active", "办理中"
    AWAITING_CLOSE = "awaiting_close", "待销号"
    CLOSED = "closed", "已销号"
    SUSPENDED = "suspended", "已中止"


class TaskState(models.TextChoices):
    DRAFT = "draft", "待交办"
    ASSIGNED = "assigned", "待签收"
    IN_PROGRESS = "in_progress", "办理中"
    RETURNED = "returned", "退回待定"
    REVIEW = "review", "办结待审"
    DONE = "done", "已办结"
    SUSPENDED = "suspended", "已中止"


OPEN_TASK_STATES = (TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.RETURNED, TaskState.REVIEW)


class Role(models.TextChoices):
    LEAD = "lead", "牵头"
    CO = "co", "配合"


class RequestState(models.TextChoices):
    PENDING_UNIT = "pending_unit", "待单位领导审批"
    PENDING_OFFICE = "pending_office", "待督查室审批"
    PENDING = "pending", "待处理"
    APPROVED = "approved", "已同意"
    REJECTED = "rejected", "未同意"
    ANSWERED = "answered", "已答复"


class Rating(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    FAIR = "fair", "一般"
    POOR = "poor", "较差"


class RecheckResult(models.TextChoices):
    PASSED = "passed", "巩固良好"
    FAILED = "failed", "出现反弹"


class DocKind(models.TextChoices):
    ASSIGN = "assign", "交办通知单"
    REMIND = "remind", "催办通知"
    ESCALATE = "escalate", "督办通知单"
    BULLETIN = "bulletin", "督查通报"
