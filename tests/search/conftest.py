"""Fixtures for 全文检索: the people of the 批示 tests, and records indexed as their saves commit."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from seed_data import ensure_seed_data


@pytest.fixture(autouse=True)
def _seeded(django_db_setup, django_db_blocker, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with django_db_blocker.unblock():
        ensure_seed_data()


@pytest.fixture
def sp(city, make_user):
    return SimpleNamespace(
        city=city,
        supervisor=make_user("supervisor", city.office, full_name="李督查", username="dcs"),
        mayor=make_user("city_leader", city.root, full_name="陈市长", username="mayor"),
        clerk=make_user("doc_clerk", city.office, full_name="王文秘", username="clerk"),
        jt_liaison=make_user("liaison", city.traffic, full_name="交通局联络员", username="jt_liaison"),
        dc_liaison=make_user("liaison", city.east, full_name="东城区联络员", username="dc_liaison"),
        sysadmin=make_user("sysadmin", city.office, full_name="系统管理员", username="sysadmin"),
    )
