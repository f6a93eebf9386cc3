"""Login, lockout, unlock by the 安全管理员, and the idle session timeout."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

LOGIN = "/accounts/login/"
PW = "Login-test-2026!"


def login(client, username, password=PW, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


@pytest.fixture
def staff(city, make_user):
    return make_user("unit_staff", city.traffic, username="zhangsan", password=PW)


def test_login_with_right_password_opens_the_workbench(client, staff):
    response = login(client, "zhangsan")
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200
    assert int(client.session["_auth_user_id"]) == staff.pk


def test_wrong_password_and_unknown_user_get_the_same_message(client, staff, make_user, city):
    make_user("unit_staff", city.traffic, username="stopped", password=PW, is_active=False)
    pages = [login(client, "zhangsan", "Wrong-pass-1"), login(client, "nobody", "Wrong-pass-1"),
             login(client, "stopped")]
    for page in pages:
        assert page.status_code == 200
        assert "用户名或密码错误" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_even_for_the_right_password(client, staff, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert login(client, "zhangsan", "Wrong-pass-1").status_code == 200
    fifth = login(client, "zhangsan", "Wrong-pass-1")
    assert fifth.status_code == 403 and "账户已锁定" in fifth.content.decode()
    sixth = login(client, "zhangsan")
    assert sixth.status_code == 403 and "账户已锁定" in sixth.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_not_per_address(client, staff, make_user, city):
    make_user("unit_staff", city.traffic, username="lisi", password=PW)
    for _ in range(5):
        login(client, "zhangsan", "Wrong-pass-1")
    assert login(client, "lisi").status_code == 302


def test_success_before_the_limit_resets_the_count(client, staff):
    for _ in range(4):
        login(client, "zhangsan", "Wrong-pass-1")
    assert login(client, "zhangsan").status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        assert login(client, "zhangsan", "Wrong-pass-1").status_code == 200


def test_security_admin_unlocks_a_locked_account(client, staff, people):
    for _ in range(5):
        login(client, "zhangsan", "Wrong-pass-1")
    client.force_login(people["secadmin"])
    page = client.get("/org/security/", {"locked": "1"})
    assert page.status_code == 200 and "zhangsan" in page.content.decode()
    assert client.post(f"/org/security/{staff.pk}/unlock/").status_code == 302
    client.post("/accounts/logout/")
    assert login(client, "zhangsan").status_code == 302


@pytest.mark.parametrize("role", ["sysadmin", "auditadmin", "supervisor", "liaison"])
def test_only_the_security_admin_may_unlock(client, staff, people, role):
    for _ in range(5):
        login(client, "zhangsan", "Wrong-pass-1")
    client.force_login(people[role])
    assert client.post(f"/org/security/{staff.pk}/unlock/").status_code == 403
    client.logout()
    assert login(client, "zhangsan").status_code == 403


def test_idle_session_expires_and_the_login_page_says_why(client, staff, settings):
    assert settings.SESSION_COOKIE_AGE == settings.ZHONGSHU_SESSION_IDLE_MINUTES * 60
    login(client, "zhangsan")
    key = client.session.session_key
    # Every request pushes the expiry to now + idle minutes.
    client.get("/")
    expiry = Session.objects.get(session_key=key).expire_date
    assert abs((expiry - timezone.now()) - timedelta(seconds=settings.SESSION_COOKIE_AGE)) < timedelta(seconds=30)
    # Idle longer than that: the stored session has run out.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    page = client.get(response.url)
    assert "会话已超时，请重新登录" in page.content.decode()
    # The message is shown once, and not after a normal logout.
    assert "会话已超时" not in client.get(LOGIN).content.decode()


def test_logout_does_not_claim_a_timeout(client, staff):
    login(client, "zhangsan")
    client.post("/accounts/logout/")
    assert "会话已超时" not in client.get(LOGIN).content.decode()
