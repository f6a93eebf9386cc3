"""Django admin for superusers only, the org menu entries, and the audit of security actions."""

from __future__ import annotations

import pytest

from zhongshu.audit.models import AuditRecord
from zhongshu.org import nav
from zhongshu.org.models import PasswordHistory, User


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


def test_superuser_adds_a_user_in_django_admin(client, city, make_user):
    root = make_user([], city.office, username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get("/django-admin/org/user/add/").status_code == 200
    data = {"username": "viaadmin", "password1": "Admin-made-2026!", "password2": "Admin-made-2026!",
            "usable_password": "true", "role_grants-TOTAL_FORMS": "1", "role_grants-INITIAL_FORMS": "0",
            "role_grants-0-role": "liaison"}
    refused = client.post("/django-admin/org/user/add/", data)
    assert refused.status_code == 200 and "用户必须属于一个单位" in refused.content.decode()
    assert client.post("/django-admin/org/user/add/", {**data, "unit": city.water.pk}).status_code == 302
    user = User.objects.get(username="viaadmin")
    assert user.unit == city.water and user.password_changed_at is not None and user.role_set == {"liaison"}
    assert PasswordHistory.objects.filter(user=user).count() == 1
