"""Unit administration: create, move (never under itself), deactivate (only when empty)."""

from __future__ import annotations

import pytest

from zhongshu.org.models import OrgUnit


@pytest.fixture
def admin_client(client, people):
    client.force_login(people["sysadmin"])
    return client


def unit_data(**over):
    data = {"name": "示例市应急管理局", "short_name": "市应急局", "code": "SL-YJ", "kind": "department", "sort": 0}
    data.update(over)
    return data


def test_tree_page_lists_units_indented_with_member_counts(admin_client, city, people, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        page = admin_client.get("/org/units/")
    text = page.content.decode()
    assert page.status_code == 200
    assert text.index("示例市交通运输局") < text.index("示例市交通运输局公路科") < text.index("示例市水利局")
    traffic = next(u for u in page.context["units"] if u.pk == city.traffic.pk)
    assert traffic.active_members == 3  # liaison, unit_leader, unit_staff from `people`


def test_tree_page_query_count_does_not_grow_with_units(admin_client, city):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        admin_client.get("/org/units/")
    for n in range(20):
        OrgUnit.objects.create(name=f"科室{n}", short_name=f"科{n}", code=f"K{n}", parent=city.water)
    with CaptureQueriesContext(connection) as many:
        admin_client.get("/org/units/")
    assert len(many) == len(few)


def test_create_unit_under_a_parent(admin_client, city):
    response = admin_client.post("/org/units/new/", unit_data(parent=city.root.pk))
    assert response.status_code == 302
    unit = OrgUnit.objects.get(code="SL-YJ")
    assert unit.parent == city.root and unit.path.startswith(city.root.path) and unit.depth == 1


def test_duplicate_code_is_refused_in_chinese(admin_client, city):
    page = admin_client.post("/org/units/new/", unit_data(code="SL-JT", parent=city.root.pk))
    assert page.status_code == 200 and "单位代码“SL-JT”已被使用" in page.content.decode()
    assert not OrgUnit.objects.filter(name="示例市应急管理局").exists()


def test_move_unit_with_its_subtree(admin_client, city):
    response = admin_client.post(f"/org/units/{city.traffic.pk}/", unit_data(
        name=city.traffic.name, short_name="市交通局", code="SL-JT", parent=city.east.pk))
    assert response.status_code == 302
    road = OrgUnit.objects.get(pk=city.traffic_road.pk)
    assert road.path.startswith(OrgUnit.objects.get(pk=city.east.pk).path) and road.depth == 3


@pytest.mark.parametrize("target", ["traffic", "traffic_road"])
def test_moving_under_itself_or_its_descendant_is_refused(admin_client, city, target):
    before = OrgUnit.objects.get(pk=city.traffic.pk).path
    page = admin_client.post(f"/org/units/{city.traffic.pk}/", unit_data(
        name=city.traffic.name, short_name="市交通局", code="SL-JT", parent=getattr(city, target).pk))
    assert page.status_code == 200
    assert "不能把单位移到它自己或它的下级单位之下" in page.content.decode()
    assert OrgUnit.objects.get(pk=city.traffic.pk).path == before


def test_deactivate_refused_with_members_or_children(admin_client, city, people):
    response = admin_client.post(f"/org/units/{city.traffic.pk}/deactivate/", follow=True)
    text = response.content.decode()
    assert "还有 3 名在用人员" in text and "还有 1 个在用下级单位" in text
    assert OrgUnit.objects.get(pk=city.traffic.pk).is_active


def test_deactivate_an_empty_unit(admin_client, city):
    response = admin_client.post(f"/org/units/{city.east_street.pk}/deactivate/", follow=True)
    assert "已停用单位" in response.content.decode()
    assert not OrgUnit.objects.get(pk=city.east_street.pk).is_active
    # Its parent no longer counts it as an active child.
    admin_client.post(f"/org/units/{city.east.pk}/deactivate/")
    assert not OrgUnit.objects.get(pk=city.east.pk).is_active


@pytest.mark.parametrize("role", ["secadmin", "auditadmin", "supervisor", "city_leader", "liaison"])
def test_unit_pages_are_for_the_system_admin_only(client, people, city, role):
    client.force_login(people[role])
    assert client.get("/org/units/").status_code == 403
    assert client.post("/org/units/new/", unit_data(parent=city.root.pk)).status_code == 403
    assert not OrgUnit.objects.filter(code="SL-YJ").exists()
