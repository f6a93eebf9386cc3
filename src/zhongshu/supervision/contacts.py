"""Who is told about a step: a unit's 联络员 and leaders (never only the clerk), the 督查室."""

from __future__ import annotations

from zhongshu.org.models import User
from zhongshu.org.roles import Role

from .permissions import OFFICE


def unit_contacts(unit_ids, *, with_staff: bool = False) -> list:
    """Active 联络员 and unit leaders (and 经办人 if asked) of the given units, one query."""
    ids = [unit_ids] if isinstance(unit_ids, int) else list(unit_ids)
    roles = [Role.LIAISON, Role.UNIT_LEADER] + ([Role.UNIT_STAFF] if with_staff else [])
    return list(User.objects.filter(unit_id__in=ids, is_active=True, role_grants__role__in=roles).distinct())


def unit_leaders(unit_id: int) -> list:
    return list(User.objects.filter(unit_id=unit_id, is_active=True, role_grants__role=Role.UNIT_LEADER).distinct())


def office_staff() -> list:
    return list(User.objects.filter(is_active=True, role_grants__role__in=list(OFFICE)).distinct())


def city_leaders():
    return User.objects.filter(is_active=True, role_grants__role=Role.CITY_LEADER).distinct().order_by("id")
