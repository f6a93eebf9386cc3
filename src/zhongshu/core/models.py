"""The base every 中枢 record builds on (NetBox's pattern: small features composed into one base).

- timestamps;
- `objects.restrict(user, action)`: the one scoping rule of org.scope applied to this model;
- audited: every create, change and deletion lands in the hash-chained trail (audit.signals)
  unless the class sets `audit_enabled = False`.

A model says which of its fields name the units that may see it: `scope_unit_fields`.
"""

from __future__ import annotations

from django.db import models


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        from zhongshu.org.scope import restrict

        return restrict(self, user, action)


class BaseModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    # Field paths (to an OrgUnit) that decide who sees the record; empty = office-wide data.
    scope_unit_fields: tuple[str, ...] = ()
    audit_enabled = True
    # Fields never written into the audit trail (secrets).
    audit_exclude_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True
