"""Who a rung reaches, resolved for a whole batch of clocks in two queries.

Keys (Rung.recipients):
- "liaison": the unit's 联络员; "unit_leader": the unit's leaders; "handlers": its 经办人;
- "assigner": who assigned the clock; "leader": the responsible (city) leader of the clock;
- "office": the 督查室 (users with role supervisor or supervision_head);
- "role:<code>": every active holder of that role (e.g. "role:hotline_dispatcher"), one query per
  role and batch.
"Reminders reach the 联络员 and the unit leader, never only the clerk": when a rung asks for a
unit's liaison or leader and the unit has none, the office is told that the unit lacks one
(see sweep.py), so a reminder is never silently lost.
"""

from __future__ import annotations

from collections import defaultdict

from zhongshu.org.models import RoleGrant
from zhongshu.org.roles import Role

UNIT_ROLE_KEYS = {"liaison": Role.LIAISON, "unit_leader": Role.UNIT_LEADER, "handlers": Role.UNIT_STAFF}
OFFICE_ROLES = (Role.SUPERVISOR, Role.SUPERVISION_HEAD)


class Resolver:
    """Load once per batch: per unit its liaisons/leaders/handlers, and the office staff."""

    def __init__(self, clocks):
        unit_ids = {c.unit_id for c in clocks}
        self.by_unit: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self.office: list = []
        grants = (RoleGrant.objects
                  .filter(user__is_active=True)
                  .filter(_q_unit_roles(unit_ids) | _q_office())
                  .select_related("user"))
        seen_office = set()
        for grant in grants:
            user = grant.user
            if grant.role in OFFICE_ROLES:
                if user.pk not in seen_office:
                    seen_office.add(user.pk)
                    self.office.append(user)
                if user.unit_id not in unit_ids:
                    continue
            if grant.role in UNIT_ROLE_KEYS.values() and user.unit_id in unit_ids:
                self.by_unit[user.unit_id][grant.role].append(user)
        self._by_role: dict[str, list] = {}

    def holders(self, role: str) -> list:
        if role not in self._by_role:
            self._by_role[role] = [g.user for g in RoleGrant.objects.filter(role=role, user__is_active=True)
                                   .select_related("user").order_by("user_id")]
        return self._by_role[role]

    def resolve(self, clock, keys) -> tuple[list, list[str]]:
        """(users, missing) — missing lists the unit roles ("liaison", "unit_leader") nobody holds."""
        users: dict[int, object] = {}
        missing = []
        for key in keys or ():
            if key in UNIT_ROLE_KEYS:
                found = self.by_unit.get(clock.unit_id, {}).get(UNIT_ROLE_KEYS[key], [])
                if not found and key in ("liaison", "unit_leader"):
                    missing.append(key)
                for u in found:
                    users[u.pk] = u
            elif key == "assigner" and clock.assigned_by_id and clock.assigned_by.is_active:
                users[clock.assigned_by_id] = clock.assigned_by
            elif key == "leader" and clock.leader_id and clock.leader.is_active:
                users[clock.leader_id] = clock.leader
            elif key == "office":
                for u in self.office:
                    users[u.pk] = u
            elif key.startswith("role:"):
                for u in self.holders(key[5:]):
                    users[u.pk] = u
        return list(users.values()), missing


def _q_unit_roles(unit_ids):
    from django.db.models import Q

    return Q(role__in=list(UNIT_ROLE_KEYS.values()), user__unit_id__in=list(unit_ids))


def _q_office():
    from django.db.models import Q

    return Q(role__in=list(OFFICE_ROLES))
