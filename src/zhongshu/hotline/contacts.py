"""Who is told about a ticket: the unit's 联络员 and leaders, and the hotline office by role."""

from __future__ import annotations

from zhongshu.org.models import User
from zhongshu.org.roles import Role


def unit_contacts(unit_id: int) -> list:
    return list(User.objects.filter(unit_id=unit_id, is_active=True,
                                    role_grants__role__in=[Role.LIAISON, Role.UNIT_LEADER]).distinct())


def holders(*roles) -> list:
    return list(User.objects.filter(is_active=True, role_grants__role__in=list(roles)).distinct())


def dispatchers() -> list:
    return holders(Role.HOTLINE_DISPATCHER, Role.HOTLINE_HEAD)


def heads() -> list:
    return holders(Role.HOTLINE_HEAD)
