"""User administration: a unit is required, roles, 三员 separation, reset, deactivate."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from zhongshu.org.models import RoleGrant, User


@pytest.fixture
def admin_client(client, people):
    client.force_login(people["sysadmin"])
    return client


def user_data(**over):
    data = {"username": "chenqi", "full_name": "陈七", "title": "科员", "phone": "13800000000", "email": "",
            "roles": ["liaison"], "password1": "Initial-2026!", "password2": "Initial-2026!"}
    data.update(over)
    return data


def test_create_user_with_unit_and_roles(admin_client, city):
    response = admin_client.post("/org/users/new/", user_data(unit=city.water.pk))
    assert response.status_code == 302
    user = User.objects.get(username="chenqi")
    assert user.unit == city.water and user.role_set == {"liaison"}
    assert user.must_change_password and user.check_password("Initial-2026!")


def test_user_without_a_unit_is_refused(admin_client):
    page = admin_client.post("/org/users/new/", user_data())
    assert page.status_code == 200 and "用户必须属于一个单位" in page.content.decode()
    assert not User.objects.filter(username="chenqi").exists()


def test_weak_initial_password_is_refused_in_chinese(admin_client, city):
    page = admin_client.post("/org/users/new/", user_data(unit=city.water.pk, password1="abc", password2="abc"))
    assert "密码太短" in page.content.decode()
    assert not User.objects.filter(username="chenqi").exists()


def test_list_searches_and_filters_by_unit_and_below(admin_client, city, people, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        page = admin_client.get("/org/users/", {"unit": city.traffic.pk})
    names = {u.username for u in page.context["page"]}
    assert names == {"liaison", "unit_leader", "unit_staff", "road_staff"}
    page = admin_client.get("/org/users/", {"q": "water"})
    assert {u.username for u in page.context["page"]} == {"water_staff"}


def test_edit_roles_and_unit(admin_client, city, people):
    target = people["water_staff"]
    response = admin_client.post(f"/org/users/{target.pk}/", {
        "full_name": "水利局经办人", "unit": city.east.pk, "title": "", "phone": "", "email": "",
        "roles": ["unit_leader", "liaison"]})
    assert response.status_code == 302
    target = User.objects.get(pk=target.pk)
    assert target.unit == city.east and target.role_set == {"unit_leader", "liaison"}


def test_reset_password_and_deactivate(admin_client, people):
    target = people["water_staff"]
    assert admin_client.post(f"/org/users/{target.pk}/password/", {
        "password1": "Reset-pass-2026!", "password2": "Reset-pass-2026!"}).status_code == 302
    target.refresh_from_db()
    assert target.check_password("Reset-pass-2026!") and target.must_change_password
    assert admin_client.post(f"/org/users/{target.pk}/deactivate/").status_code == 302
    assert not User.objects.get(pk=target.pk).is_active


def test_one_person_cannot_be_two_of_the_three_admins(city, make_user):
    user = make_user("sysadmin", city.office)
    for other in ("secadmin", "auditadmin"):
        with pytest.raises(ValidationError, match="三员分立"):
            user.grant(other)
    assert User.objects.get(pk=user.pk).role_set == {"sysadmin"}
    with pytest.raises(ValidationError):
        RoleGrant.objects.create(user=user, role="auditadmin")
    sec = make_user("secadmin", city.office)
    with pytest.raises(ValidationError):
        sec.grant("auditadmin")
    sec.grant("supervisor")  # business roles are not restricted here


def test_sysadmin_cannot_grant_security_or_audit_roles(admin_client, city, people):
    page = admin_client.post("/org/users/new/", user_data(unit=city.water.pk, roles=["auditadmin"]))
    assert page.status_code == 200
    assert not User.objects.filter(username="chenqi").exists()
    # The choice is not even offered.
    form_html = admin_client.get("/org/users/new/").content.decode()
    assert 'value="auditadmin"' not in form_html and 'value="secadmin"' not in form_html


def test_sysadmin_cannot_take_over_the_security_admin(admin_client, people):
    sec = people["secadmin"]
    page = admin_client.post(f"/org/users/{sec.pk}/password/", {
        "password1": "Takeover-2026!", "password2": "Takeover-2026!"})
    assert "三员分立" in page.content.decode()
    sec.refresh_from_db()
    assert not sec.check_password("Takeover-2026!")
    admin_client.post(f"/org/users/{sec.pk}/deactivate/")
    assert User.objects.get(pk=sec.pk).is_active


def test_sysadmin_cannot_change_own_roles(admin_client, city, people):
    me = people["sysadmin"]
    page = admin_client.post(f"/org/users/{me.pk}/", {
        "full_name": "管理员", "unit": city.office.pk, "roles": ["sysadmin", "supervisor"]})
    assert "不能修改自己的角色" in page.content.decode()
    assert User.objects.get(pk=me.pk).role_set == {"sysadmin"}


@pytest.mark.parametrize("role", ["secadmin", "auditadmin", "supervision_head", "unit_leader"])
def test_user_pages_are_for_the_system_admin_only(client, people, city, role):
    client.force_login(people[role])
    assert client.get("/org/users/").status_code == 403
    assert client.post("/org/users/new/", user_data(unit=city.water.pk)).status_code == 403
    assert not User.objects.filter(username="chenqi").exists()
