"""Django admin for superusers only, the org menu entries, and the audit of security actions."""

from __future__ import annotations

import pytest

from zhongshu.audit.models import AuditRecord
from zhongshu.org import nav


def test_django_admin_is_for_superusers_only(client, city, people, make_user):
    anonymous = client.get("/django-admin/")
    assert anonymous.status_code == 302
    # The admin's own login page hands over to ours (TOTP and lockout apply there).
    assert client.get("/django-admin/login/").url.startswith("/accounts/login/")
    client.force_login(people["sysadmin"])
    assert client.get("/django-admin/login/").status_code == 403
    assert client.get("/django-admin/org/user/").status_code == 302
    root = make_user([], city.office, username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    page = client.get("/django-admin/org/user/")
    assert page.status_code == 200 and "water_staff" in page.content.decode()
    assert client.get(f"/django-admin/org/user/{people['liaison'].pk}/change/").status_code == 200
    assert client.get("/django-admin/org/orgunit/").status_code == 200


@pytest.mark.parametrize("role, labels", [
    ("sysadmin", ["单位管理", "用户管理"]),
    ("secadmin", ["账户安全"]),
    ("auditadmin", []),
    ("liaison", []),
])
def test_menu_entries_follow_the_role(people, role, labels):
    assert [label for label, _ in nav.items(people[role])] == labels


def test_unlock_is_in_the_audit_trail(client, people):
    from zhongshu.org import lockout

    target = people["water_staff"]
    for _ in range(5):
        client.post("/accounts/login/", {"username": target.username, "password": "Wrong-pass-1"})
    assert lockout.is_locked(target.username)
    client.force_login(people["secadmin"])
    client.post(f"/org/security/{target.pk}/unlock/")
    assert not lockout.is_locked(target.username)
    record = AuditRecord.objects.filter(note="解锁账户").get()
    assert record.object_id == str(target.pk) and record.actor_id == people["secadmin"].pk
