"""The words of 领导批示 (GLOSSARY.md), one TextChoices per idea."""

from __future__ import annotations

from django.db import models


class InstructionState(models.TextChoices):
    OPEN = "open", "办理中"
    CLOSED = "closed", "已办结"


class RoundState(models.TextChoices):
    TO_ROUTE = "to_route", "待转办"
    HANDLING = "handling", "办理中"
    TO_SUBMIT = "to_submit", "待呈报"
    WITH_LEADER = "with_leader", "待领导阅示"
    CLOSED = "closed", "已阅结"
    CONTINUED = "continued", "已续批"


OPEN_ROUND_STATES = (RoundState.TO_ROUTE, RoundState.HANDLING, RoundState.TO_SUBMIT, RoundState.WITH_LEADER)
