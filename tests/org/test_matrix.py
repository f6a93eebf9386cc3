"""Role × endpoint matrix for the org pages and API: each role gets exactly the expected status.

Office roles sit in 市政府办, unit roles in 市交通局 (with 公路科 below it); the "other unit"
records belong to 市水利局.
"""

from __future__ import annotations

import pytest

ALL_ROLES = ["sysadmin", "secadmin", "auditadmin", "supervisor", "supervision_head", "city_leader",
             "unit_leader", "liaison", "unit_staff"]  # the same people the `people` fixture makes

SYSADMIN = {"sysadmin"}
OFFICE_WIDE = {"supervisor", "supervision_head", "city_leader"}
SUBTREE = {"unit_leader", "liaison"}
UNIT = {"unit_staff"}


def expect(ok: set[str], ok_status: int = 200, other: int = 403) -> dict[str, int]:
    return {role: ok_status if role in ok else other for role in ALL_ROLES}


EVERYONE = set(ALL_ROLES)
ADMIN_PAGE = expect(SYSADMIN)

MATRIX = {
    # pages
    "/org/units/": ADMIN_PAGE,
    "/org/units/new/": ADMIN_PAGE,
    "/org/units/{water}/": ADMIN_PAGE,
    "/org/users/": ADMIN_PAGE,
    "/org/users/new/": ADMIN_PAGE,
    "/org/users/{water_staff}/": ADMIN_PAGE,
    "/org/users/{water_staff}/password/": ADMIN_PAGE,
    "/org/security/": expect({"secadmin"}),
    "/accounts/totp/": expect(EVERYONE),
    "/accounts/password/": expect(EVERYONE),
    # API
    "/api/v1/org/me": expect(EVERYONE),
    "/api/v1/org/units": expect(EVERYONE),
    "/api/v1/org/users": expect(EVERYONE),
    "/api/v1/org/units/{traffic}": expect(SYSADMIN | OFFICE_WIDE | SUBTREE | UNIT, other=404),
    "/api/v1/org/units/{traffic_road}": expect(SYSADMIN | OFFICE_WIDE | SUBTREE, other=404),
    "/api/v1/org/units/{water}": expect(SYSADMIN | OFFICE_WIDE, other=404),
    "/api/v1/org/users/{unit_staff}": expect(SYSADMIN | OFFICE_WIDE | SUBTREE | UNIT, other=404),
    "/api/v1/org/users/{road_staff}": expect(SYSADMIN | OFFICE_WIDE | SUBTREE, other=404),
    "/api/v1/org/users/{water_staff}": expect(SYSADMIN | OFFICE_WIDE, other=404),
}


def resolve(template: str, city, people) -> str:
    ids = {"water": city.water.pk, "traffic": city.traffic.pk, "traffic_road": city.traffic_road.pk,
           "water_staff": people["water_staff"].pk, "road_staff": people["road_staff"].pk,
           "unit_staff": people["unit_staff"].pk}
    return template.format(**ids)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_role_matrix(client, city, people, role):
    client.force_login(people[role])
    got = {template: client.get(resolve(template, city, people)).status_code for template in MATRIX}
    wanted = {template: statuses[role] for template, statuses in MATRIX.items()}
    assert got == wanted


@pytest.mark.parametrize("role", ALL_ROLES)
def test_create_endpoints_matrix(client, city, people, role):
    client.force_login(people[role])
    unit = client.post("/api/v1/org/units", {"name": f"新单位{role}", "short_name": "新", "code": f"N-{role}"},
                       content_type="application/json")
    person = client.post("/api/v1/org/users", {"username": f"new-{role}", "full_name": "新人",
                                               "password": "Initial-2026!", "unit_id": city.water.pk},
                         content_type="application/json")
    page = client.post("/org/units/new/", {"name": f"页面单位{role}", "short_name": "页", "code": f"P-{role}",
                                           "kind": "department"})
    expected = (201, 201, 302) if role == "sysadmin" else (403, 403, 403)
    assert (unit.status_code, person.status_code, page.status_code) == expected


def test_anonymous_visitors(client, city, people):
    for template in MATRIX:
        response = client.get(resolve(template, city, people))
        if template.startswith("/api/"):
            assert response.status_code == 401, template
        else:
            assert response.status_code == 302 and response.url.startswith("/accounts/login/"), template
