"""The one scoping rule (数据范围), applied by every list, detail page, API, export and search.

    visible = Model.objects.restrict(user, "view")

- 督查室 staff and city leaders see every unit's work (OFFICE_WIDE_ROLES);
- a 联络员 or unit leader sees their unit and every unit below it (SUBTREE_ROLES);
- other unit staff see their own unit only;
- the three administrators see no business records, only what their own pages show them;
- a user without a unit, or without a role, sees nothing.

A model declares `scope_unit_fields`: the paths to the OrgUnit fields that make a record
visible ("lead_unit", "co_units", "tasks__unit" …; "self" for OrgUnit itself). A record is
visible when any of them is a unit inside the user's range. Records of a model without
scope fields are office-wide: visible to OFFICE_WIDE_ROLES only.

A detail view uses `get_visible_or_404`, so a guessed id of another unit's record is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from .roles import OFFICE_WIDE_ROLES, SUBTREE_ROLES, UNIT_ROLES


@dataclass(frozen=True)
class Range:
    everything: bool = False
    unit_id: int | None = None
    path: str | None = None  # set when the range includes everything below the unit

    @property
    def nothing(self) -> bool:
        return not self.everything and self.unit_id is None


def unit_range(user) -> Range:
    """The units whose work `user` may see."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Range()
    cached = getattr(user, "_unit_range", None)
    if cached is not None:
        return cached
    roles = user.role_set
    if roles & OFFICE_WIDE_ROLES:
        result = Range(everything=True)
    elif user.unit_id is None:
        result = Range()
    elif roles & SUBTREE_ROLES:
        path = user.unit.path if hasattr(user, "unit") and user.unit else ""
        result = Range(unit_id=user.unit_id, path=path)
    elif roles & UNIT_ROLES:
        result = Range(unit_id=user.unit_id)
    else:
        result = Range()
    user._unit_range = result
    return result


def unit_q(field: str, rng: Range) -> Q:
    """Q object: the OrgUnit at `field` lies inside `rng`."""
    prefix = "" if field == "self" else f"{field}__"
    if rng.path:
        return Q(**{f"{prefix}path__startswith": rng.path})
    key = "pk" if field == "self" else f"{field}__pk"
    return Q(**{key: rng.unit_id})


def restrict(qs: QuerySet, user, action: str = "view") -> QuerySet:
    """Filter `qs` to what `user` may see (`action` is kept for rules that differ per action)."""
    rng = unit_range(user)
    if rng.everything:
        return qs
    fields = getattr(qs.model, "scope_unit_fields", ())
    if rng.nothing or not fields:
        return qs.none()
    condition = Q()
    for field in fields:
        condition |= unit_q(field, rng)
    qs = qs.filter(condition)
    # A record reached through a to-many field (co_units, tasks__unit) may match several times.
    if any(f != "self" and _is_multi(qs.model, f) for f in fields):
        qs = qs.distinct()
    return qs


def _is_multi(model, field_path: str) -> bool:
    current = model
    for name in field_path.split("__"):
        field = current._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        current = field.related_model
    return False


def can_see_unit(user, unit) -> bool:
    rng = unit_range(user)
    if rng.everything:
        return True
    if rng.nothing or unit is None:
        return False
    if rng.path:
        return unit.path.startswith(rng.path)
    return unit.pk == rng.unit_id


def get_visible_or_404(qs_or_model, user, action: str = "view", **lookup):
    qs = qs_or_model if isinstance(qs_or_model, QuerySet) else qs_or_model.objects.all()
    try:
        return restrict(qs, user, action).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404("记录不存在或无权访问")
