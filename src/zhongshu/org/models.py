"""Units (单位) as a tree and the people in them.

The tree is stored with a materialised path (`path` = "0001.0007.0012.") so "a unit and all
below it" is one indexed prefix filter, whatever the depth.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from zhongshu.core.models import BaseModel

from .roles import ADMIN_ROLES, OFFICE_WIDE_ROLES, Role


class UnitKind(models.TextChoices):
    CITY = "city", "市"
    DEPARTMENT = "department", "市直部门"
    COUNTY = "county", "县区"
    ZONE = "zone", "开发区"
    OFFICE = "office", "科室"
    TOWNSHIP = "township", "乡镇街道"
    OTHER = "other", "其他"


class OrgUnit(BaseModel):
    name = models.CharField("单位名称", max_length=100)
    short_name = models.CharField("简称", max_length=30)
    code = models.CharField("单位代码", max_length=30, unique=True)
    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    parent = models.ForeignKey("self", verbose_name="上级单位", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    path = models.CharField("层级路径", max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField("层级", default=0, editable=False)
    sort = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="org_unit_unique_name_per_parent")]

    def __str__(self) -> str:
        return self.name

    scope_unit_fields = ("self",)
    audit_exclude_fields = ("path", "depth")

    def clean(self):
        if self.parent_id and self.pk:
            parent = OrgUnit.objects.only("path").get(pk=self.parent_id)
            if self.path and parent.path.startswith(self.path):
                raise ValidationError({"parent": "上级单位不能是本单位或其下级单位"})

    def save(self, *args, **kwargs):
        old_path, old_depth = self.path, self.depth
        parent = self.parent if self.parent_id else None
        self.depth = parent.depth + 1 if parent else 0
        prefix = parent.path if parent else ""
        if self.pk:
            self.path = f"{prefix}{self.pk:06d}."
            super().save(*args, **kwargs)
        else:
            super().save(*args, **kwargs)
            self.path = f"{prefix}{self.pk:06d}."
            OrgUnit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
        if old_path and old_path != self.path:
            # moved: rewrite the paths of everything below it
            below = list(OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk))
            for unit in below:
                unit.path = self.path + unit.path[len(old_path):]
                unit.depth = unit.depth - old_depth + self.depth
            OrgUnit.objects.bulk_update(below, ["path", "depth"])

    def descendants(self, include_self: bool = True):
        qs = OrgUnit.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def ancestors(self):
        ids = [int(p) for p in self.path.split(".") if p]
        return OrgUnit.objects.filter(pk__in=ids).order_by("depth")

    def people_with_role(self, *roles: str):
        return User.objects.filter(unit=self, is_active=True, role_grants__role__in=roles).distinct()


class ZhongshuUserManager(UserManager):
    pass


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=50, blank=True)
    unit = models.ForeignKey(OrgUnit, verbose_name="所属单位", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="members")
    title = models.CharField("职务", max_length=50, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("下次登录须改密码", default=False)

    objects = ZhongshuUserManager()

    scope_unit_fields = ("unit",)
    audit_enabled = True
    audit_exclude_fields = ("password", "last_login")

    class Meta:
        verbose_name = verbose_name_plural = "用户"
        ordering = ["unit__path", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    # --- roles ----------------------------------------------------------
    @property
    def role_set(self) -> frozenset[str]:
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(self.role_grants.values_list("role", flat=True)) if self.pk else frozenset()
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    def grant(self, *roles: str) -> None:
        """Give `roles`; refused (ValidationError, nothing saved) if one person would hold two of 三员."""
        for role in roles:
            if role not in Role.values:
                raise ValidationError(f"未知角色：{role}")
        check_admin_separation(set(self.role_set) | set(roles))
        for role in roles:
            RoleGrant.objects.get_or_create(user=self, role=role)
        self._role_cache = None

    def revoke(self, *roles: str) -> None:
        self.role_grants.filter(role__in=roles).delete()
        self._role_cache = None

    @property
    def is_office_wide(self) -> bool:
        return self.has_role(*OFFICE_WIDE_ROLES)

    @property
    def is_admin_only(self) -> bool:
        return bool(self.role_set) and self.role_set <= ADMIN_ROLES

    def role_labels(self) -> list[str]:
        return [Role(r).label for r in sorted(self.role_set) if r in Role.values]

    def clean(self):
        super().clean()
        if not self.unit_id and not self.is_superuser:
            raise ValidationError({"unit": "用户必须属于一个单位"})

    # --- passwords --------------------------------------------------------
    def save(self, *args, **kwargs):
        """Whenever a new password is set (create, own change, admin reset), stamp the time
        (expiry counts from it) and keep its hash in PasswordHistory (reuse check).
        A new password is `set_password` (its raw value waits in `_password`) or a new row
        with a usable hash (UserManager.create_user assigns the hash directly)."""
        changed = self._password is not None or (self._state.adding and self.has_usable_password())
        if changed:
            self.password_changed_at = timezone.now()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "password_changed_at"}
        super().save(*args, **kwargs)
        if changed and self.has_usable_password():
            PasswordHistory.record(self)


SEPARATION_MESSAGE = "三员分立：同一人不能同时担任系统管理员、安全管理员、审计管理员中的两个"


def check_admin_separation(roles) -> None:
    """Raise ValidationError if `roles` holds more than one of the three administrator roles."""
    if len(set(roles) & ADMIN_ROLES) > 1:
        raise ValidationError(SEPARATION_MESSAGE)


class RoleGrant(BaseModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField("角色", max_length=30, choices=Role.choices)

    scope_unit_fields = ("user__unit",)

    class Meta:
        verbose_name = verbose_name_plural = "角色授予"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="org_rolegrant_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    def clean(self):
        if self.user_id and self.role in ADMIN_ROLES:
            others = set(RoleGrant.objects.filter(user_id=self.user_id).exclude(pk=self.pk)
                         .values_list("role", flat=True))
            check_admin_separation(others | {self.role})

    def save(self, *args, **kwargs):
        # The last line of defence for 三员 (admin inline, shell, fixtures): never store a second admin role.
        self.clean()
        super().save(*args, **kwargs)


class PasswordHistory(models.Model):
    """Hashes of a user's earlier passwords, so the last N cannot be reused."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.created_at:%Y-%m-%d}"

    KEEP = 24  # rows kept per user; the reuse check reads the newest ZHONGSHU_PASSWORD_HISTORY

    @classmethod
    def record(cls, user) -> None:
        """Store the user's current hash and drop rows beyond KEEP (oldest first)."""
        from django.conf import settings

        cls.objects.create(user=user, password=user.password)
        keep = max(cls.KEEP, settings.ZHONGSHU_PASSWORD_HISTORY)
        stale = list(cls.objects.filter(user=user).values_list("pk", flat=True)[keep:])
        if stale:
            cls.objects.filter(pk__in=stale).delete()


class ApiToken(BaseModel):
    """A token for another system to call the API as `user`. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField("前缀", max_length=8)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    expires_at = models.DateTimeField("过期时间", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    scope_unit_fields = ("user__unit",)
    audit_exclude_fields = ("key_hash", "last_used_at")

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
