"""Fixtures for 领导批示: the 督查室, two city leaders, the 联络员 and leaders of three units, and a
批示 factory.

    def test_x(ip, new_instruction): inst = new_instruction(route=True)
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from ins_time import at
from seed_data import ensure_seed_data


@pytest.fixture(autouse=True)
def _seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_seed_data()
    yield
    from zhongshu.clocks.schedule import invalidate_ladders
    from zhongshu.workcal.calc import invalidate

    invalidate()
    invalidate_ladders()


@pytest.fixture(autouse=True)
def _fast_hasher(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def ip(city, make_user):
    """People of 批示 handling, and the city."""
    p = SimpleNamespace(
        city=city,
        supervisor=make_user("supervisor", city.office, full_name="李督查", username="dcs"),
        head=make_user(["supervision_head", "supervisor"], city.office, full_name="张主任", username="dcs_head"),
        mayor=make_user("city_leader", city.root, full_name="陈市长", username="mayor"),
        vice=make_user("city_leader", city.root, full_name="刘副市长", username="vice"),
        clerk=make_user("doc_clerk", city.office, full_name="王文秘", username="clerk"),
        sysadmin=make_user("sysadmin", city.office, full_name="系统管理员", username="sysadmin"),
        agent=make_user("hotline_agent", city.office, full_name="话务员", username="agent"),
    )
    for key, unit in (("jt", city.traffic), ("sl", city.water), ("dc", city.east)):
        setattr(p, f"{key}_liaison", make_user("liaison", unit, full_name=f"{unit.short_name}联络员",
                                               username=f"{key}_liaison"))
        setattr(p, f"{key}_leader", make_user("unit_leader", unit, full_name=f"{unit.short_name}领导",
                                              username=f"{key}_leader"))
        setattr(p, f"{key}_staff", make_user("unit_staff", unit, full_name=f"{unit.short_name}经办人",
                                             username=f"{key}_staff"))
    p.street_liaison = make_user("liaison", city.east_street, full_name="街道联络员", username="dh_liaison")
    return p


@pytest.fixture
def new_instruction(ip):
    """new_instruction(route=False, by=, when=, **fields) → a registered 批示 (陈市长 on 2026-03-02),
    routed at once to 市交通局 (lead) and 市水利局 when route=True."""
    from zhongshu.instructions.transitions import InstructionInput, RouteInput, register

    def make(*, route=False, by=None, when=None, scan=None, deadline=date(2026, 3, 20), **fields):
        data = dict(leader=ip.mayor, written_on=date(2026, 3, 2), text="请交通局牵头，会同水利局尽快拿出积水点整治方案。",
                    carrier_title="关于城区主干道汛期积水情况的报告", carrier_ref="示交〔2026〕5号")
        data.update(fields)
        routing = RouteInput(lead_unit=ip.city.traffic, co_units=[ip.city.water], deadline=deadline,
                             note="请于3月20日前报送办理情况") if route else None
        return register(by or ip.supervisor, InstructionInput(**data), scan=scan, route=routing,
                        at=when or at(2026, 3, 2, 10))

    return make
