"""/api/v1/org/: who am I, units and people, within the caller's scope (org.scope).

Visibility: the 系统管理员 manages units and people and so sees all of them; everybody else
sees the units and active people of their data range (unit_range), and another unit's id is
a 404. A person's phone number is shown only to office-wide roles, the 系统管理员 and
colleagues of the same unit. Creating units and people is for the 系统管理员 only and applies
the same rules as the web pages (services.py).
"""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from zhongshu.core.errors import PermissionDenied

from . import services
from .models import OrgUnit, User
from .roles import Role
from .scope import get_visible_or_404, restrict

router = Router(tags=["组织与人员"])


class RoleOut(Schema):
    code: str
    label: str


class UnitRef(Schema):
    id: int
    name: str
    short_name: str


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    code: str
    kind: str
    kind_label: str
    parent_id: int | None
    depth: int
    is_active: bool


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    title: str
    unit: UnitRef | None
    roles: list[RoleOut]


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    title: str
    unit: UnitRef | None
    roles: list[RoleOut]
    phone: str | None
    is_active: bool


class UnitIn(Schema):
    name: str
    short_name: str
    code: str
    kind: str = "department"
    parent_id: int | None = None
    sort: int = 0


class UserIn(Schema):
    username: str
    full_name: str
    password: str
    unit_id: int | None = None
    title: str = ""
    phone: str = ""
    email: str = ""
    roles: list[str] = []


def _is_sysadmin(user) -> bool:
    return user.is_superuser or user.has_role(Role.SYSADMIN)


def visible_units(user):
    qs = OrgUnit.objects.order_by("path")
    return qs if _is_sysadmin(user) else restrict(qs, user)


def visible_users(user):
    qs = User.objects.select_related("unit").prefetch_related("role_grants").order_by("unit__path", "username")
    return qs if _is_sysadmin(user) else restrict(qs.filter(is_active=True), user)


def _roles(user) -> list[dict]:
    return [{"code": r, "label": Role(r).label} for r in sorted(user.role_set) if r in Role.values]


def _unit_ref(unit) -> dict | None:
    return None if unit is None else {"id": unit.pk, "name": unit.name, "short_name": unit.short_name}


def unit_out(unit: OrgUnit) -> dict:
    return {"id": unit.pk, "name": unit.name, "short_name": unit.short_name, "code": unit.code, "kind": unit.kind,
            "kind_label": unit.get_kind_display(), "parent_id": unit.parent_id, "depth": unit.depth,
            "is_active": unit.is_active}


def user_out(person: User, viewer) -> dict:
    if hasattr(person, "_prefetched_objects_cache") and "role_grants" in person._prefetched_objects_cache:
        person._role_cache = frozenset(g.role for g in person.role_grants.all())
    show_phone = (_is_sysadmin(viewer) or viewer.is_office_wide
                  or (viewer.unit_id is not None and viewer.unit_id == person.unit_id))
    return {"id": person.pk, "username": person.username, "full_name": person.full_name, "title": person.title,
            "unit": _unit_ref(person.unit), "roles": _roles(person), "phone": person.phone if show_phone else None,
            "is_active": person.is_active}


@router.get("/me", response=MeOut, summary="当前用户")
def me(request):
    user = request.auth
    return {"id": user.pk, "username": user.username, "full_name": user.full_name, "title": user.title,
            "unit": _unit_ref(user.unit), "roles": _roles(user)}


@router.get("/units", response=list[UnitOut], summary="单位列表（按数据范围）")
def list_units(request):
    return [unit_out(u) for u in visible_units(request.auth)]


@router.get("/units/{unit_id}", response=UnitOut, summary="单位详情")
def get_unit(request, unit_id: int):
    return unit_out(get_object_or_404(visible_units(request.auth), pk=unit_id))


@router.post("/units", response={201: UnitOut}, summary="新建单位（系统管理员）")
def create_unit(request, payload: UnitIn):
    _require_sysadmin(request.auth)
    parent = services.get_unit(payload.parent_id) if payload.parent_id is not None else None
    unit = services.save_unit(None, name=payload.name, short_name=payload.short_name, code=payload.code,
                              kind=payload.kind, parent=parent, sort=payload.sort)
    return 201, unit_out(unit)


@router.get("/users", response=list[UserOut], summary="人员列表（按数据范围）")
def list_users(request, unit_id: int | None = None, q: str = "", limit: int = Query(200, ge=1, le=1000),
               offset: int = Query(0, ge=0)):
    """People in the caller's range, ordered by unit then username; page with limit/offset."""
    viewer = request.auth
    users = visible_users(viewer)
    if unit_id is not None:
        users = users.filter(unit_id=unit_id)
    if q.strip():
        users = users.filter(Q(full_name__icontains=q.strip()) | Q(username__icontains=q.strip()))
    return [user_out(u, viewer) for u in users[offset:offset + limit]]


@router.get("/users/{user_id}", response=UserOut, summary="人员详情")
def get_user(request, user_id: int):
    viewer = request.auth
    if _is_sysadmin(viewer):
        person = get_object_or_404(visible_users(viewer), pk=user_id)
    else:
        person = get_visible_or_404(visible_users(viewer), viewer, pk=user_id)
    return user_out(person, viewer)


@router.post("/users", response={201: UserOut}, summary="新建用户（系统管理员）")
def create_user(request, payload: UserIn):
    actor = request.auth
    _require_sysadmin(actor)
    unit = services.get_unit(payload.unit_id) if payload.unit_id is not None else None
    user = services.create_user(actor=actor, username=payload.username, password=payload.password, unit=unit,
                                full_name=payload.full_name, title=payload.title, phone=payload.phone,
                                email=payload.email, roles=payload.roles)
    return 201, user_out(user, actor)


def _require_sysadmin(user) -> None:
    if not _is_sysadmin(user):
        raise PermissionDenied("只有系统管理员可以执行此操作")
