"""`zhongshu demo`: the city 示例市 loads, a second run changes nothing, demo logins work.

These tests are about units and accounts; the 督查督办 part of the demo (about 150 matters with
their history, which takes a while to build) is replaced by a stub here and tested once, on
its own, in test_demo_supervision.py.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    # Argon2 is the real hasher; the demo's behaviour does not depend on it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def without_supervision(monkeypatch):
    from zhongshu.core.management import demo_supervision

    monkeypatch.setattr(demo_supervision, "load_supervision", lambda units, people: "督查督办：（本测试略过）")


def counts():
    from zhongshu.clocks.models import Clock, RungFiring
    from zhongshu.notify.models import Notice
    from zhongshu.org.models import OrgUnit, RoleGrant, User

    return {
        "units": OrgUnit.objects.count(),
        "users": User.objects.count(),
        "grants": RoleGrant.objects.count(),
        "clocks": Clock.objects.count(),
        "firings": RungFiring.objects.count(),
        "notices": Notice.objects.count(),
        "passwords": sorted(User.objects.values_list("password", flat=True)),
    }


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_is_idempotent(db):
    first_output = run_demo()
    first = counts()
    second_output = run_demo()
    assert counts() == first
    assert 35 <= first["units"] <= 50
    assert 18 <= first["users"] <= 40
    assert "本次新建 0" in second_output
    assert "Demo@2026" in first_output and "jt_liaison" in first_output


def test_demo_has_every_role_and_the_city_tree(db):
    from zhongshu.org.models import OrgUnit, UnitKind, User
    from zhongshu.org.roles import Role

    run_demo()
    held = set(User.objects.values_list("role_grants__role", flat=True))
    assert held >= set(Role.values)
    root = OrgUnit.objects.get(code="SL")
    assert OrgUnit.objects.filter(parent=root, kind=UnitKind.COUNTY).count() == 4
    assert OrgUnit.objects.filter(parent=root, kind=UnitKind.ZONE).count() == 1
    assert OrgUnit.objects.filter(kind=UnitKind.TOWNSHIP).count() >= 5
    dcs = OrgUnit.objects.get(short_name="督查室")
    assert dcs.parent.short_name == "市政府办"
    assert all(u.path.startswith(root.path) for u in OrgUnit.objects.all())


def test_demo_accounts_log_in_with_the_shared_password_and_it_does_not_expire(client, db, city, make_user,
                                                                              monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from zhongshu.org.middleware import password_expired
    from zhongshu.org.models import User

    run_demo()
    response = client.post("/accounts/login/", {"username": "jt_liaison", "password": "Demo@2026"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200

    ordinary = make_user("liaison", city.traffic, username="ordinary")
    later = timezone.now() + timedelta(days=400)
    monkeypatch.setattr(timezone, "now", lambda: later)
    demo_users = User.objects.exclude(pk=ordinary.pk)
    assert demo_users.count() >= 18
    assert not any(password_expired(u) for u in demo_users)
    assert password_expired(User.objects.get(pk=ordinary.pk))  # the policy still holds for everyone else


def test_demo_leaves_other_users_untouched(db, city, make_user):
    user = make_user("liaison", city.traffic, username="someone")
    before = (user.password, user.password_changed_at)
    run_demo()
    user.refresh_from_db()
    assert (user.password, user.password_changed_at) == before


def test_every_unit_that_gets_demo_tasks_has_a_liaison_and_a_leader(db):
    from zhongshu.core.management.demo_supervision import CATALOGUE, HOTLINE, TASK_UNITS
    from zhongshu.org.models import User
    from zhongshu.org.roles import Role

    run_demo()
    used = {code for entry in CATALOGUE + HOTLINE for code in [entry[1], *entry[2]]}
    assert used <= set(TASK_UNITS)
    for code in TASK_UNITS:
        staff = User.objects.filter(unit__code=code, is_active=True)
        assert staff.filter(role_grants__role=Role.LIAISON).exists(), code
        assert staff.filter(role_grants__role=Role.UNIT_LEADER).exists(), code
