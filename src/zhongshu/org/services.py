"""Unit and user administration: the rules, shared by the web pages and the API.

Every function checks its input, raises `UserError` with a Chinese message when the input or
the state does not allow the action, and changes nothing in that case (one transaction each).
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from zhongshu.core.errors import PermissionDenied, UserError

from .models import SEPARATION_MESSAGE, OrgUnit, RoleGrant, UnitKind, User, check_admin_separation
from .roles import Role

NO_UNIT_MESSAGE = "用户必须属于一个单位"
# Roles the system administrator may not hand out: the other two of 三员 are appointed at
# installation (command line or Django admin), never by the sysadmin who could then act as them.
SYSADMIN_CANNOT_GRANT = frozenset({Role.SECADMIN, Role.AUDITADMIN})


def _messages(exc: ValidationError) -> str:
    return "；".join(str(m) for m in exc.messages)


# --- units ----------------------------------------------------------------

def unit_tree():
    """All units in tree order with `active_members` and `active_children` counts (one query)."""
    return OrgUnit.objects.select_related("parent").annotate(
        active_members=Count("members", filter=Q(members__is_active=True), distinct=True),
        active_children=Count("children", filter=Q(children__is_active=True), distinct=True),
    ).order_by("path")


def check_unit_fields(*, name: str, short_name: str, code: str, kind: str, parent: OrgUnit | None,
                      unit: OrgUnit | None = None) -> None:
    """Refuse empty names, an unknown kind, a duplicate code or name under the same parent,
    and (for an existing unit) a parent that is the unit itself or lies below it."""
    if not (name or "").strip():
        raise UserError("单位名称不能为空", code="unit_name_required")
    if not (short_name or "").strip():
        raise UserError("简称不能为空", code="unit_short_name_required")
    if not (code or "").strip():
        raise UserError("单位代码不能为空", code="unit_code_required")
    if kind not in UnitKind.values:
        raise UserError(f"未知的单位类型：{kind}", code="unit_kind_invalid")
    others = OrgUnit.objects.exclude(pk=unit.pk) if unit else OrgUnit.objects.all()
    if others.filter(code=code.strip()).exists():
        raise UserError(f"单位代码“{code}”已被使用", code="unit_code_taken")
    if others.filter(parent=parent, name=name.strip()).exists():
        raise UserError(f"同一上级单位下已有名为“{name}”的单位", code="unit_name_taken")
    if parent is not None and not parent.is_active:
        raise UserError("上级单位已停用", code="unit_parent_inactive")
    if unit is not None and unit.pk and parent is not None and parent.path.startswith(unit.path):
        raise UserError("不能把单位移到它自己或它的下级单位之下", code="unit_move_into_own_subtree")


@transaction.atomic
def save_unit(unit: OrgUnit | None, *, name: str, short_name: str, code: str, kind: str,
              parent: OrgUnit | None, sort: int = 0) -> OrgUnit:
    """Create (unit=None) or change a unit; a changed parent moves the whole subtree."""
    if unit is not None:
        unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    check_unit_fields(name=name, short_name=short_name, code=code, kind=kind, parent=parent, unit=unit)
    unit = unit or OrgUnit()
    unit.name, unit.short_name, unit.code = name.strip(), short_name.strip(), code.strip()
    unit.kind, unit.parent, unit.sort = kind, parent, sort or 0
    unit.save()
    return unit


@transaction.atomic
def deactivate_unit(unit: OrgUnit) -> None:
    """Stop a unit; refused while it still has active members or active child units."""
    members = unit.members.filter(is_active=True).count()
    children = unit.children.filter(is_active=True).count()
    reasons = []
    if members:
        reasons.append(f"还有 {members} 名在用人员")
    if children:
        reasons.append(f"还有 {children} 个在用下级单位")
    if reasons:
        raise UserError(f"不能停用“{unit.name}”：{'，'.join(reasons)}，请先调整或停用", code="unit_not_empty")
    unit.is_active = False
    unit.save(update_fields=["is_active", "updated_at"])  # a model save, so the audit trail sees it


@transaction.atomic
def activate_unit(unit: OrgUnit) -> None:
    if unit.parent_id and not unit.parent.is_active:
        raise UserError("上级单位已停用，不能启用本单位", code="unit_parent_inactive")
    unit.is_active = True
    unit.save(update_fields=["is_active", "updated_at"])


# --- users ----------------------------------------------------------------

def check_password_rules(password: str, user: User | None = None) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise UserError(_messages(exc), code="password_rules") from None


def check_roles(roles, *, actor: User | None, target: User | None = None) -> set[str]:
    """The roles `actor` may give: known roles, 三员 separated, and a sysadmin neither hands
    out (or takes away) the security and audit administrator roles nor changes their own roles."""
    roles = set(roles)
    unknown = roles - set(Role.values)
    if unknown:
        raise UserError(f"未知角色：{'、'.join(sorted(unknown))}", code="role_unknown")
    try:
        check_admin_separation(roles)
    except ValidationError:
        raise UserError(SEPARATION_MESSAGE, code="admin_separation") from None
    if actor is not None and not actor.is_superuser:
        current = set(target.role_set) if target is not None and target.pk else set()
        if target is not None and target.pk == actor.pk and roles != current:
            raise UserError("不能修改自己的角色", code="role_self_change")
        if (roles ^ current) & SYSADMIN_CANNOT_GRANT:
            raise UserError("安全管理员、审计管理员由部署时指定，系统管理员不能授予或收回（三员分立）",
                            code="admin_separation")
    return roles


def check_admin_may_manage(actor: User | None, target: User) -> None:
    """A sysadmin does not edit, reset or stop the security or audit administrator (三员分立)."""
    if actor is not None and not actor.is_superuser and target.has_role(*SYSADMIN_CANNOT_GRANT):
        raise PermissionDenied("系统管理员不能管理安全管理员或审计管理员的账户（三员分立）")


def _check_user_fields(*, username: str, unit: OrgUnit | None, user: User | None = None) -> None:
    if unit is None:
        raise UserError(NO_UNIT_MESSAGE, code="user_unit_required")
    if not unit.is_active:
        raise UserError("所属单位已停用", code="user_unit_inactive")
    if not (username or "").strip():
        raise UserError("用户名不能为空", code="username_required")
    field = User._meta.get_field("username")
    try:
        for validator in field.validators:
            validator(username)
    except ValidationError:
        raise UserError("用户名只能包含字母、数字和 @ . + - _", code="username_invalid") from None
    others = User.objects.exclude(pk=user.pk) if user else User.objects.all()
    if others.filter(username__iexact=username.strip()).exists():
        raise UserError(f"用户名“{username}”已被使用", code="username_taken")


@transaction.atomic
def create_user(*, actor: User | None, username: str, password: str, unit: OrgUnit | None,
                full_name: str = "", title: str = "", phone: str = "", email: str = "",
                roles=()) -> User:
    """A new account with an initial password that must be changed at the first login."""
    _check_user_fields(username=username, unit=unit)
    roles = check_roles(roles, actor=actor)
    if not (full_name or "").strip():
        raise UserError("姓名不能为空", code="full_name_required")
    candidate = User(username=username.strip(), full_name=full_name.strip(), unit=unit)
    check_password_rules(password, candidate)
    user = User(username=username.strip(), full_name=full_name.strip(), unit=unit, title=title.strip(),
                phone=phone.strip(), email=(email or "").strip(), must_change_password=True)
    user.set_password(password)
    user.save()
    if roles:
        user.grant(*sorted(roles))
    return user


@transaction.atomic
def update_user(user: User, *, actor: User | None, unit: OrgUnit | None, full_name: str, title: str = "",
                phone: str = "", email: str = "", roles=None) -> User:
    check_admin_may_manage(actor, user)
    _check_user_fields(username=user.username, unit=unit, user=user)
    if not (full_name or "").strip():
        raise UserError("姓名不能为空", code="full_name_required")
    if roles is not None:
        set_roles(user, roles, actor=actor)
    user.unit, user.full_name, user.title = unit, full_name.strip(), title.strip()
    user.phone, user.email = phone.strip(), (email or "").strip()
    user.save()
    return user


@transaction.atomic
def set_roles(user: User, roles, *, actor: User | None) -> None:
    """Make the user's roles exactly `roles`."""
    roles = check_roles(roles, actor=actor, target=user)
    current = set(user.role_set)
    RoleGrant.objects.filter(user=user, role__in=current - roles).delete()
    for role in sorted(roles - current):
        RoleGrant.objects.create(user=user, role=role)
    user._role_cache = None


@transaction.atomic
def reset_password(user: User, password: str, *, actor: User | None) -> None:
    """An administrator sets a temporary password; the user must change it at the next login."""
    check_admin_may_manage(actor, user)
    check_password_rules(password, user)
    user.set_password(password)
    user.must_change_password = True
    user.save()


@transaction.atomic
def deactivate_user(user: User, *, actor: User | None) -> None:
    if actor is not None and user.pk == actor.pk:
        raise UserError("不能停用自己的账户", code="user_self_deactivate")
    check_admin_may_manage(actor, user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    for token in user.api_tokens.filter(revoked_at__isnull=True):
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])


@transaction.atomic
def activate_user(user: User, *, actor: User | None) -> None:
    check_admin_may_manage(actor, user)
    if user.unit is None or not user.unit.is_active:
        raise UserError("所属单位已停用，请先调整所属单位", code="user_unit_inactive")
    user.is_active = True
    user.save(update_fields=["is_active"])


def get_unit(pk) -> OrgUnit:
    """The unit named by an id in submitted data (a bad id is bad input: 400, not 404)."""
    try:
        return OrgUnit.objects.get(pk=pk)
    except (OrgUnit.DoesNotExist, ValueError, TypeError):
        raise UserError(f"单位不存在：{pk}", code="unit_not_found") from None

