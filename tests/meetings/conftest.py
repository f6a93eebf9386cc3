from __future__ import annotations

from types import SimpleNamespace

import pytest
from seed_data import ensure_seed_data


@pytest.fixture(autouse=True)
def _seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_seed_data()  # the calendar and the ladders (the 传达 ones too), even after a flush
        from zhongshu.clocks.models import Ladder, Rung
        from zhongshu.clocks.schedule import invalidate_ladders
        from zhongshu.meetings.ladders import ensure_ladders

        ensure_ladders(Ladder, Rung)
        invalidate_ladders()
    yield
    from zhongshu.clocks.schedule import invalidate_ladders
    from zhongshu.workcal.calc import invalidate

    invalidate()
    invalidate_ladders()


@pytest.fixture
def people(city, make_user, settings):
    """The 会务 staff (two), two city leaders, the 督查室 (staff and head), 市交通局 / 市水利局 / 东城区 with
    their 联络员, leader and 经办人, a 文秘 and the three administrators."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    p = SimpleNamespace(
        clerk=make_user("meeting_clerk", city.office, full_name="王会务", username="hw_wang"),
        clerk2=make_user("meeting_clerk", city.office, full_name="赵会务", username="hw_zhao"),
        mayor=make_user("city_leader", city.root, full_name="陈市长", username="mayor"),
        vice=make_user("city_leader", city.root, full_name="刘副市长", username="vice"),
        supervisor=make_user("supervisor", city.office, full_name="李督查", username="dcs"),
        head=make_user("supervision_head", city.office, full_name="张主任", username="dcs_head"),
        doc_clerk=make_user("doc_clerk", city.office, full_name="周文秘", username="ws_zhou"),
        sysadmin=make_user("sysadmin", city.office, full_name="系统管理员", username="sysadmin"),
        auditadmin=make_user("auditadmin", city.office, full_name="审计管理员", username="auditadmin"),
    )
    for key, unit in (("jt", city.traffic), ("sl", city.water), ("dc", city.east)):
        for role, word in (("liaison", "联络员"), ("unit_leader", "领导"), ("unit_staff", "经办人")):
            short = {"liaison": "liaison", "unit_leader": "leader", "unit_staff": "staff"}[role]
            setattr(p, f"{key}_{short}", make_user(role, unit, full_name=f"{unit.short_name}{word}",
                                                   username=f"{key}_{short}"))
    return p
