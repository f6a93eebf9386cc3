"""Fixtures for the 12345 hotline: a staffed city (hotline office and three handling units),
a small category tree with its 派单目录, and a ticket factory.

    def test_x(hl, new_ticket): t = new_ticket(); dispatch(t, hl.dispatcher, at=at(2026, 3, 2))
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hl_time import at
from seed_data import ensure_seed_data


@pytest.fixture(autouse=True)
def _seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_seed_data()
    yield
    from zhongshu.clocks.schedule import invalidate_ladders
    from zhongshu.hotline import limits, suggest
    from zhongshu.workcal.calc import invalidate

    invalidate()
    invalidate_ladders()
    limits.clear_cache()
    suggest.clear_cache()
    from zhongshu.hotline.open311.keys import clients
    from zhongshu.hotline.open311.views import active_categories

    clients.clear()  # a test's rollback sends no signal
    active_categories.clear()


@pytest.fixture(autouse=True)
def _fast_hasher(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ZHONGSHU_HOTLINE_MODEL_DIR = str(tmp_path / "models")  # no model unless a test trains one


@pytest.fixture
def hl(city, make_user):
    """热线办 (agent, dispatcher, head) in 市政府办; 联络员 / leader / clerk of 市交通局, 市水利局, 东城区;
    a 督查室 reader; and a category tree with its 派单目录 (道路 → 市交通局, 供水 → 市水利局)."""
    from zhongshu.hotline.catalogue import load_taxonomy
    from zhongshu.hotline.models import CatalogueEntry, Category

    p = SimpleNamespace(
        agent=make_user("hotline_agent", city.office, full_name="王话务", username="hl_agent"),
        dispatcher=make_user("hotline_dispatcher", city.office, full_name="赵派单", username="hl_dispatcher"),
        head=make_user(["hotline_head", "hotline_dispatcher"], city.office, full_name="钱主任", username="hl_head"),
        supervisor=make_user("supervisor", city.office, full_name="李督查", username="hl_dcs"),
        mayor=make_user("city_leader", city.root, full_name="陈市长", username="hl_mayor"),
        sysadmin=make_user("sysadmin", city.office, full_name="系统管理员", username="hl_sysadmin"),
        city=city,
    )
    for key, unit in (("jt", city.traffic), ("sl", city.water), ("dc", city.east)):
        setattr(p, f"{key}_liaison", make_user("liaison", unit, full_name=f"{unit.short_name}联络员",
                                               username=f"hl_{key}_liaison"))
        setattr(p, f"{key}_leader", make_user("unit_leader", unit, full_name=f"{unit.short_name}领导",
                                              username=f"hl_{key}_leader"))
        setattr(p, f"{key}_staff", make_user("unit_staff", unit, full_name=f"{unit.short_name}经办人",
                                             username=f"hl_{key}_staff"))
    load_taxonomy([("城乡建设", "道路交通", "道路破损"), ("城乡建设", "道路交通", "交通信号"),
                   ("城乡建设", "供水", "停水"), ("劳动和社会保障", "社保", "社保缴费")])
    p.road = Category.objects.get(name="道路破损")
    p.traffic_cat = Category.objects.get(name="道路交通")
    p.water_cat = Category.objects.get(name="停水")
    p.social = Category.objects.get(name="社保缴费")
    CatalogueEntry.objects.create(category=p.traffic_cat, unit=city.traffic,
                                  basis="《市交通运输局权责清单》第 12 项：城市道路养护管理")
    CatalogueEntry.objects.create(category=p.water_cat, unit=city.water,
                                  basis="《市水利局权责清单》第 3 项：城市供水保障")
    return p


@pytest.fixture
def new_ticket(hl):
    """new_ticket(**overrides) → a received ticket (by the agent), 投诉 about a broken road."""
    from zhongshu.hotline.intake import TicketInput, receive

    def make(*, by=None, when=None, **overrides):
        data = dict(title="人民路井盖破损", description="人民路与解放路交叉口东侧井盖破损，夜间行人易绊倒，请尽快修复。",
                    caller_name="张三", caller_phone="13812345678", category=hl.road, request_type="complaint",
                    location="东城区人民路与解放路交叉口")
        data.update(overrides)
        return receive(TicketInput(**data), by=by or hl.agent, at=when or at(2026, 3, 2, 9))

    return make
