"""Roles (角色). A user holds any number; what each may see is decided in org.scope.

Module issues add their roles here (one list for the whole product).
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    SUPERVISOR = "supervisor", "督查室工作人员"
    SUPERVISION_HEAD = "supervision_head", "督查室主任"
    LIAISON = "liaison", "单位联络员"
    UNIT_STAFF = "unit_staff", "单位经办人"
    UNIT_LEADER = "unit_leader", "单位领导"
    CITY_LEADER = "city_leader", "市领导"
    HOTLINE_AGENT = "hotline_agent", "热线话务员"
    HOTLINE_DISPATCHER = "hotline_dispatcher", "热线派单员"
    HOTLINE_HEAD = "hotline_head", "热线办负责人"
    DOC_CLERK = "doc_clerk", "文秘（公文管理）"
    MEETING_CLERK = "meeting_clerk", "会务人员"
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITADMIN = "auditadmin", "审计管理员"


# Roles that see the work of every unit (督查室 and leaders).
OFFICE_WIDE_ROLES = frozenset({Role.SUPERVISOR, Role.SUPERVISION_HEAD, Role.CITY_LEADER})
# The 12345 hotline office: sees every ticket (models that say so in scope_office_roles), no other work.
HOTLINE_ROLES = frozenset({Role.HOTLINE_AGENT, Role.HOTLINE_DISPATCHER, Role.HOTLINE_HEAD})
# Roles that see their own unit and every unit below it.
SUBTREE_ROLES = frozenset({Role.LIAISON, Role.UNIT_LEADER})
# Roles that see their own unit only.
UNIT_ROLES = frozenset({Role.UNIT_STAFF})
# The office's document clerks (文秘): 发文登记 and 文号.
DOCUMENT_ROLES = frozenset({Role.DOC_CLERK})
# The office's 会务 staff: 议题, meetings, 纪要 and the 传达 follow-up.
MEETING_ROLES = frozenset({Role.MEETING_CLERK})
# The three separated administrators (三员): they run the system, they do not see the work.
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN})
