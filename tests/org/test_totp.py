"""TOTP second factor: enrol, login with the code, wrong codes, disable, reset by the 安全管理员."""

from __future__ import annotations

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

PW = "Totp-pass-2026!"


@pytest.fixture
def staff(city, make_user):
    return make_user("liaison", city.traffic, username="zhaoliu", password=PW)


def enrol(client, user, codes):
    client.force_login(user)
    page = client.get("/accounts/totp/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "<svg" in text and "扫描" in text
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/accounts/totp/", {"action": "confirm", "code": codes.wrong(device)}).status_code == 200
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.post("/accounts/totp/", {"action": "confirm", "code": codes.next(device)}).status_code == 302
    client.post("/accounts/logout/")
    return TOTPDevice.objects.get(user=user, confirmed=True)


def test_enrolled_user_needs_the_code_after_the_password(client, staff, codes):
    device = enrol(client, staff, codes)
    response = client.post("/accounts/login/", {"username": "zhaoliu", "password": PW})
    assert response.status_code == 302 and response.url == "/accounts/login/otp/"
    # The password alone is not a login.
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302
    page = client.post("/accounts/login/otp/", {"code": codes.wrong(device)})
    assert page.status_code == 200 and "动态口令错误" in page.content.decode()
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/login/otp/", {"code": codes.next(device)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == staff.pk
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/").status_code == 200


def test_user_without_a_device_logs_in_with_the_password(client, staff, codes):
    response = client.post("/accounts/login/", {"username": "zhaoliu", "password": PW})
    assert response.status_code == 302 and response.url == "/"


def test_the_code_page_without_a_password_step_goes_back_to_login(client, staff, codes):
    enrol(client, staff, codes)
    response = client.post("/accounts/login/otp/", {"code": "123456"})
    assert response.status_code == 302 and response.url == "/accounts/login/"


def test_wrong_codes_count_towards_the_lockout(client, staff, codes):
    device = enrol(client, staff, codes)
    client.post("/accounts/login/", {"username": "zhaoliu", "password": PW})
    statuses = [client.post("/accounts/login/otp/", {"code": codes.wrong(device)}).status_code for _ in range(5)]
    assert statuses[-1] == 403
    assert "账户已锁定" in client.post("/accounts/login/", {"username": "zhaoliu", "password": PW}).content.decode()


def test_disabling_needs_a_current_code(client, staff, codes, otp_clock):
    device = enrol(client, staff, codes)
    client.post("/accounts/login/", {"username": "zhaoliu", "password": PW})
    client.post("/accounts/login/otp/", {"code": codes.next(device)})
    page = client.post("/accounts/totp/", {"action": "disable", "code": codes.wrong(device)})
    assert "未停用" in page.content.decode()
    assert TOTPDevice.objects.filter(user=staff).exists()
    otp_clock.advance(60)
    client.post("/accounts/totp/", {"action": "disable", "code": codes.next(device)})
    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_security_admin_resets_a_users_totp(client, staff, people, codes):
    enrol(client, staff, codes)
    client.force_login(people["sysadmin"])
    assert client.post(f"/org/security/{staff.pk}/totp-reset/").status_code == 403
    client.force_login(people["secadmin"])
    page = client.get("/org/security/", {"q": "zhaoliu"})
    assert "重置动态口令" in page.content.decode()
    assert client.post(f"/org/security/{staff.pk}/totp-reset/").status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()
    client.post("/accounts/logout/")
    assert client.post("/accounts/login/", {"username": "zhaoliu", "password": PW}).url == "/"
