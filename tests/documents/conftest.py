from __future__ import annotations

from types import SimpleNamespace

import pytest
from seed_data import ensure_seed_data


@pytest.fixture(autouse=True)
def _seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_seed_data()  # the built-in 套话 list and the ladders, even after a transactional test flushed them
    yield
    from zhongshu.clocks.schedule import invalidate_ladders
    from zhongshu.workcal.calc import invalidate

    invalidate()
    invalidate_ladders()


@pytest.fixture
def people(city, make_user, settings):
    """秘书科 (two 文秘), two city leaders, the 督查室, and for 市交通局 / 市水利局 / 东城区 their
    联络员, leader and clerk, and the three administrators."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    p = SimpleNamespace(
        clerk=make_user("doc_clerk", city.office, full_name="周文秘", username="ws_zhou"),
        clerk2=make_user("doc_clerk", city.office, full_name="吴文秘", username="ws_wu"),
        mayor=make_user("city_leader", city.root, full_name="陈市长", username="mayor"),
        vice=make_user("city_leader", city.root, full_name="刘副市长", username="vice"),
        supervisor=make_user("supervisor", city.office, full_name="李督查", username="dcs"),
        sysadmin=make_user("sysadmin", city.office, full_name="系统管理员", username="sysadmin"),
        auditadmin=make_user("auditadmin", city.office, full_name="审计管理员", username="auditadmin"),
    )
    for key, unit in (("jt", city.traffic), ("sl", city.water), ("dc", city.east)):
        for role, word in (("liaison", "联络员"), ("unit_leader", "领导"), ("unit_staff", "经办人")):
            short = {"liaison": "liaison", "unit_leader": "leader", "unit_staff": "staff"}[role]
            setattr(p, f"{key}_{short}", make_user(role, unit, full_name=f"{unit.short_name}{word}",
                                                   username=f"{key}_{short}"))
    return p


@pytest.fixture
def series(db):
    """市交通局's 发文字号 (示交发), for the 发文 tests."""
    from zhongshu.documents.models import NumberSeries

    return NumberSeries.objects.create(code="示交发", name="市交通局发文", issuer="示例市交通运输局")
