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
scope fields are office-wide: visible to OFFICE_WIDE_ROLES only. A model may name further roles that
see all of its records (`scope_office_roles`, e.g. the hotline office for tickets); those roles see
nothing more of other models.

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
    """Filter `qs` to what `user` may see (`action` is kept for rules that differ per action).

    Each scope path becomes subqueries, one per hop (_in_units), never a join: a record reached
    through a to-many path (co_units, tasks__unit) would otherwise appear once per match and
    need a DISTINCT over the whole list before a count or a page of 50 could be taken."""
    rng = unit_range(user)
    if rng.everything or sees_all_of(user, qs.model):
        return qs
    fields = getattr(qs.model, "scope_unit_fields", ())
    if rng.nothing or not fields:
        return qs.none()
    from .models import OrgUnit

    units = OrgUnit.objects.filter(unit_q("self", rng)).values("pk")
    condition = Q()
    for path in fields:
        condition |= Q(pk__in=units) if path == "self" else _in_units(qs.model, path, units)
    return qs.filter(condition)


def sees_all_of(user, model) -> bool:
    """True when one of `user`'s roles is among the model's `scope_office_roles`."""
    extra = getattr(model, "scope_office_roles", ())
    return bool(extra) and user is not None and user.is_authenticated and user.is_active \
        and bool(user.role_set & frozenset(extra))


def _in_units(model, path: str, units) -> Q:
    """Q over `model`: the OrgUnit at `path` is one of `units` (a subquery), one subquery per hop:
    "unit" → unit IN (units); "matter__lead_unit" → matter IN (matters whose lead unit IN (units));
    "tasks__unit" → pk IN (matter ids of tasks whose unit IN (units)); "co_units" → pk IN
    (rows linked to one of units)."""
    name, _, rest = path.partition("__")
    f = model._meta.get_field(name)
    related = f.related_model
    if f.one_to_many:  # a reverse foreign key, e.g. a matter's tasks
        rows = related._base_manager.filter(_in_units(related, rest, units) if rest else Q(pk__in=units))
        return Q(pk__in=rows.values(f.field.attname))
    ids = related._base_manager.filter(_in_units(related, rest, units)).values("pk") if rest else units
    if f.many_to_many:
        return Q(pk__in=model._base_manager.filter(**{f"{name}__in": ids}).values("pk"))
    return Q(**{f"{name}__in": ids})


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
