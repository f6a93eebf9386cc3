"""/api/v1/org/ with token authentication: who sees which units and people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from zhongshu.org.models import ApiToken, OrgUnit, User
from zhongshu.org.tokens import create_token


def bearer(key):
    return {"Authorization": f"Bearer {key}"}


def test_valid_token_identifies_the_caller(client, people):
    _, key = create_token(people["liaison"], name="对接系统")
    response = client.get("/api/v1/org/me", headers=bearer(key))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "liaison" and body["unit"]["short_name"] == "市交通局"
    assert body["roles"] == [{"code": "liaison", "label": "单位联络员"}]
    assert ApiToken.objects.get(user=people["liaison"]).last_used_at is not None


@pytest.mark.parametrize("case", ["missing", "garbage", "revoked", "expired", "inactive_user"])
def test_bad_tokens_get_401_json_in_chinese(client, people, case):
    token, key = create_token(people["liaison"])
    headers = bearer(key)
    if case == "missing":
        headers = {}
    elif case == "garbage":
        headers = bearer("zs_not-a-real-token")
    elif case == "revoked":
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    elif case == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    elif case == "inactive_user":
        User.objects.filter(pk=people["liaison"].pk).update(is_active=False)
    response = client.get("/api/v1/org/me", headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"code": "unauthenticated", "message": "未登录或令牌无效"}


def test_session_login_works_for_the_browser(client, people):
    client.force_login(people["unit_staff"])
    assert client.get("/api/v1/org/me").json()["username"] == "unit_staff"


def test_units_follow_the_scope(api_client, people, city):
    def names(user):
        return sorted(u["short_name"] for u in api_client(user).get("/api/v1/org/units").json())

    assert names(people["liaison"]) == ["公路科", "市交通局"]
    assert names(people["unit_staff"]) == ["市交通局"]
    assert len(names(people["supervisor"])) == OrgUnit.objects.count()
    assert names(people["auditadmin"]) == []
    assert len(names(people["sysadmin"])) == OrgUnit.objects.count()


def test_other_units_record_is_404(api_client, people, city):
    api = api_client(people["liaison"])
    assert api.get(f"/api/v1/org/units/{city.traffic_road.pk}").status_code == 200
    response = api.get(f"/api/v1/org/units/{city.water.pk}")
    assert response.status_code == 404 and response.json()["message"] == "记录不存在或无权访问"
    assert api.get(f"/api/v1/org/users/{people['water_staff'].pk}").status_code == 404
    assert api.get("/api/v1/org/units/999999").status_code == 404


def test_people_lists_are_scoped_and_phones_shown_only_where_allowed(api_client, people):
    staff_view = {u["username"]: u for u in api_client(people["unit_staff"]).get("/api/v1/org/users").json()}
    assert set(staff_view) == {"liaison", "unit_leader", "unit_staff"}
    liaison_view = {u["username"]: u for u in api_client(people["liaison"]).get("/api/v1/org/users").json()}
    assert "road_staff" in liaison_view and "water_staff" not in liaison_view
    # Same unit: phone shown; a unit below: hidden.
    assert liaison_view["unit_staff"]["phone"] == ""  # no phone on file, but visible
    assert liaison_view["road_staff"]["phone"] is None
    office_view = {u["username"]: u for u in api_client(people["supervisor"]).get("/api/v1/org/users").json()}
    assert office_view["road_staff"]["phone"] == "0571-2222"
    assert api_client(people["secadmin"]).get("/api/v1/org/users").json() == []


def test_sysadmin_creates_units_and_users(api_client, people, city):
    api = api_client(people["sysadmin"])
    response = api.post("/api/v1/org/units", {"name": "示例市应急管理局", "short_name": "市应急局", "code": "SL-YJ",
                                              "kind": "department", "parent_id": city.root.pk})
    assert response.status_code == 201, response.json()
    unit_id = response.json()["id"]
    response = api.post("/api/v1/org/users", {"username": "yj01", "full_name": "应急联络员", "password": "Initial-2026!",
                                              "unit_id": unit_id, "roles": ["liaison"]})
    assert response.status_code == 201, response.json()
    user = User.objects.get(username="yj01")
    assert user.unit_id == unit_id and user.must_change_password and user.role_set == {"liaison"}


@pytest.mark.parametrize("payload, message", [
    ({"username": "nounit", "full_name": "无单位", "password": "Initial-2026!"}, "用户必须属于一个单位"),
    ({"username": "weak", "full_name": "弱密码", "password": "abc", "unit_id": "water"}, "密码太短"),
    ({"username": "roles", "full_name": "三员", "password": "Initial-2026!", "unit_id": "water",
      "roles": ["sysadmin", "auditadmin"]}, "三员分立"),
    ({"username": "liaison", "full_name": "重名", "password": "Initial-2026!", "unit_id": "water"}, "已被使用"),
    ({"username": "stopped", "full_name": "停用单位", "password": "Initial-2026!", "unit_id": "stopped"}, "已停用"),
])
def test_user_creation_errors_are_chinese_and_store_nothing(api_client, people, city, payload, message):
    OrgUnit.objects.filter(pk=city.east_street.pk).update(is_active=False)
    units = {"water": city.water.pk, "stopped": city.east_street.pk}
    if "unit_id" in payload:
        payload = {**payload, "unit_id": units[payload["unit_id"]]}
    before = User.objects.count()
    response = api_client(people["sysadmin"]).post("/api/v1/org/users", payload)
    assert response.status_code in (400, 422)
    assert message in response.json()["message"]
    assert User.objects.count() == before


def test_unit_creation_errors(api_client, people, city):
    api = api_client(people["sysadmin"])
    response = api.post("/api/v1/org/units", {"name": "X", "short_name": "X", "code": "SL-JT"})
    assert response.status_code == 400 and "已被使用" in response.json()["message"]
    response = api.post("/api/v1/org/units", {"name": "X", "short_name": "X", "code": "NEW", "parent_id": 999999})
    assert response.status_code == 400 and "单位不存在" in response.json()["message"]
    response = api.post("/api/v1/org/units", {"name": "X"})
    assert response.status_code == 422 and "必填" in response.json()["message"]


@pytest.mark.parametrize("role", ["secadmin", "auditadmin", "supervisor", "city_leader", "liaison"])
def test_only_sysadmin_may_create_through_the_api(api_client, people, city, role):
    api = api_client(people[role])
    response = api.post("/api/v1/org/units", {"name": "X", "short_name": "X", "code": "NEW"})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    response = api.post("/api/v1/org/users", {"username": "x1", "full_name": "X", "password": "Initial-2026!",
                                              "unit_id": city.water.pk})
    assert response.status_code == 403
    assert not User.objects.filter(username="x1").exists()


def test_people_list_pages_with_limit_and_offset(api_client, people):
    api = api_client(people["supervisor"])
    everyone = [u["username"] for u in api.get("/api/v1/org/users").json()]
    first = [u["username"] for u in api.get("/api/v1/org/users", limit=3).json()]
    rest = [u["username"] for u in api.get("/api/v1/org/users", limit=100, offset=3).json()]
    assert first + rest == everyone and len(first) == 3
    assert api.get("/api/v1/org/users", limit=0).status_code == 422
