"""Fixtures for 督查督办: a staffed city, a matter factory and Shanghai moments.

    def test_x(people, new_matter): matter = new_matter(); assign(matter, people.supervisor, at=at(2026, 1, 5))
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from seed_data import ensure_seed_data
from sv_time import at


@pytest.fixture(autouse=True)
def _seeded(django_db_setup, django_db_blocker):
    """The calendar and ladders the migrations seed, present even after a flushing test."""
    with django_db_blocker.unblock():
        ensure_seed_data()
    yield
    from zhongshu.clocks.schedule import invalidate_ladders
    from zhongshu.workcal.calc import invalidate

    invalidate()
    invalidate_ladders()


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    """Argon2 (the production hasher) costs ~0.5 s per account; these tests make many."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(city, make_user):
    """督查室 (staff and head), two city leaders, and for 市交通局 / 市水利局 / 东城区 their
    联络员, leader and clerk."""
    p = SimpleNamespace(
        supervisor=make_user("supervisor", city.office, full_name="李督查", username="dcs"),
        head=make_user(["supervision_head", "supervisor"], city.office, full_name="张主任", username="dcs_head"),
        mayor=make_user("city_leader", city.root, full_name="陈市长", username="mayor"),
        vice=make_user("city_leader", city.root, full_name="刘副市长", username="vice"),
        sysadmin=make_user("sysadmin", city.office, full_name="系统管理员", username="sysadmin"),
        auditadmin=make_user("auditadmin", city.office, full_name="审计管理员", username="auditadmin"),
    )
    for key, unit in (("jt", city.traffic), ("sl", city.water), ("dc", city.east)):
        setattr(p, f"{key}_liaison", make_user("liaison", unit, full_name=f"{unit.short_name}联络员",
                                               username=f"{key}_liaison"))
        setattr(p, f"{key}_leader", make_user("unit_leader", unit, full_name=f"{unit.short_name}领导",
                                              username=f"{key}_leader"))
        setattr(p, f"{key}_staff", make_user("unit_staff", unit, full_name=f"{unit.short_name}经办人",
                                             username=f"{key}_staff"))
    p.street_staff = make_user("unit_staff", city.east_street, full_name="街道经办人", username="dh_staff")
    return p


@pytest.fixture
def new_matter(city, people):
    """new_matter(**overrides) → a registered (draft) matter: lead 市交通局, co 市水利局, monthly reports."""
    from zhongshu.supervision.registration import MatterInput, register_matter

    def make(*, by=None, when=None, **overrides):
        data = dict(title="建成城市快速路二期工程", lead_unit=city.traffic, deadline=date(2026, 6, 30),
                    co_units=[city.water], leader=people.vice, source="work_report", category="城市建设",
                    target="6月底前主线通车", report_cycle="monthly", report_day=25)
        data.update(overrides)
        return register_matter(by or people.supervisor, MatterInput(**data), at=when or at(2026, 1, 5))

    return make
