"""Fixtures for the audit trail tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def auditor(city, make_user):
    return make_user("auditadmin", city.office, username="auditor", full_name="审计员甲")


@pytest.fixture
def chain(db):
    """A fresh chain of 10 records, returned as the list of AuditRecord."""
    from zhongshu import audit
    from zhongshu.audit.models import AuditRecord

    for i in range(10):
        audit.record("other", note=f"第{i + 1}次测试操作", changes={"计数": [i, i + 1]})
    return list(AuditRecord.objects.order_by("seq"))
