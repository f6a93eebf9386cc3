"""Shared fixtures: a small city (units in a tree) and users per role.

    def test_x(city, make_user): liaison = make_user("liaison", city.traffic)
"""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

os.environ.setdefault("ZHONGSHU_ALLOW_INSECURE_KEY", "1")

DEFAULT_PASSWORD = "Zs-test-2026!"


@pytest.fixture
def city(db):
    from zhongshu.org.models import OrgUnit, UnitKind

    def unit(name, short, code, kind, parent=None):
        return OrgUnit.objects.create(name=name, short_name=short, code=code, kind=kind, parent=parent)

    root = unit("示例市人民政府", "市政府", "SL", UnitKind.CITY)
    office = unit("示例市人民政府办公室", "市政府办", "SL-BGS", UnitKind.DEPARTMENT, root)
    traffic = unit("示例市交通运输局", "市交通局", "SL-JT", UnitKind.DEPARTMENT, root)
    traffic_road = unit("示例市交通运输局公路科", "公路科", "SL-JT-GL", UnitKind.OFFICE, traffic)
    water = unit("示例市水利局", "市水利局", "SL-SL", UnitKind.DEPARTMENT, root)
    east = unit("示例市东城区人民政府", "东城区", "SL-DC", UnitKind.COUNTY, root)
    east_street = unit("东城区东湖街道办事处", "东湖街道", "SL-DC-DH", UnitKind.TOWNSHIP, east)
    return SimpleNamespace(root=root, office=office, traffic=traffic, traffic_road=traffic_road,
                           water=water, east=east, east_street=east_street)


@pytest.fixture
def make_user(db):
    from zhongshu.org.models import User

    counter = {"n": 0}

    def make(roles, unit, username=None, password=DEFAULT_PASSWORD, **extra):
        counter["n"] += 1
        roles = [roles] if isinstance(roles, str) else list(roles)
        username = username or f"{'-'.join(roles) or 'user'}{counter['n']}"
        user = User.objects.create_user(username=username, password=password, unit=unit,
                                        full_name=extra.pop("full_name", f"测试用户{counter['n']}"), **extra)
        user.grant(*roles)
        return user

    return make
