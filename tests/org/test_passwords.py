"""Password rules, history on every path, expiry and first-login change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhongshu.core.errors import UserError
from zhongshu.org import services
from zhongshu.org.models import PasswordHistory, User

PW = "Start-pass-2026!"


def change(client, old, new):
    return client.post("/accounts/password/", {"old_password": old, "new_password1": new, "new_password2": new})


@pytest.fixture
def staff(city, make_user):
    return make_user("unit_staff", city.traffic, username="wangwu", password=PW)


@pytest.mark.parametrize("password, message", [
    ("Ab1!xyz", "至少"),          # 7 characters
    ("abcdefghijk", "至少 3 类"),  # one kind
    ("abcdefgh123", "至少 3 类"),  # two kinds
])
def test_weak_passwords_are_refused(staff, password, message):
    with pytest.raises(ValidationError) as exc:
        validate_password(password, staff)
    assert any(message in m for m in exc.value.messages)


@pytest.mark.argon2
def test_passwords_are_stored_with_argon2(city, make_user):
    user = make_user("unit_staff", city.water, password=PW)
    assert user.password.startswith("argon2$")
    assert PasswordHistory.objects.get(user=user).password.startswith("argon2$")


def test_a_good_password_passes(staff):
    validate_password("Gd7#pass-word", staff)


def test_creating_a_user_starts_the_expiry_clock_and_history(staff):
    assert staff.password_changed_at is not None
    assert User.objects.get(pk=staff.pk).password_changed_at is not None
    assert PasswordHistory.objects.filter(user=staff).count() == 1


def test_changing_the_password_records_history_and_refuses_the_last_five(client, staff):
    client.force_login(staff)
    current = PW
    for n in range(1, 5):
        new = f"Next-pass-{n}!"
        assert change(client, current, new).status_code == 302
        current = new
    assert PasswordHistory.objects.filter(user=staff).count() == 5
    # The current one and the four before it (the last five) are all refused.
    for reused in [PW, "Next-pass-1!", "Next-pass-4!"]:
        page = change(client, current, reused)
        assert page.status_code == 200
        text = page.content.decode()
        assert "不能使用最近 5 次用过的密码" in text or "新密码不能与当前密码相同" in text
    staff.refresh_from_db()
    assert staff.check_password(current)
    # A sixth change pushes the first one out of the window.
    assert change(client, current, "Next-pass-5!").status_code == 302
    assert change(client, "Next-pass-5!", PW).status_code == 302


def test_admin_reset_records_history_and_forces_a_change(staff, people):
    services.reset_password(staff, "Temp-pass-2026!", actor=people["sysadmin"])
    staff.refresh_from_db()
    assert staff.must_change_password
    assert PasswordHistory.objects.filter(user=staff).count() == 2
    with pytest.raises(UserError, match="最近 5 次"):
        services.reset_password(staff, PW, actor=people["sysadmin"])


def test_expired_password_sends_the_user_to_the_change_page(client, staff, settings):
    User.objects.filter(pk=staff.pk).update(
        password_changed_at=timezone.now() - timedelta(days=settings.ZHONGSHU_PASSWORD_EXPIRY_DAYS + 1))
    client.force_login(staff)
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/password/")
    assert "密码已过期" in client.get(response.url).content.decode()
    assert change(client, PW, "Fresh-pass-2026!").status_code == 302
    assert client.get("/").status_code == 200


def test_not_yet_expired_password_is_left_alone(client, staff, settings):
    User.objects.filter(pk=staff.pk).update(
        password_changed_at=timezone.now() - timedelta(days=settings.ZHONGSHU_PASSWORD_EXPIRY_DAYS - 1))
    client.force_login(staff)
    assert client.get("/").status_code == 200


def test_new_account_must_change_its_initial_password_at_first_login(client, city, people):
    user = services.create_user(actor=people["sysadmin"], username="newbie", password="Initial-2026!",
                                unit=city.water, full_name="新人", roles=["unit_staff"])
    assert user.must_change_password and user.password_changed_at is not None
    client.post("/accounts/login/", {"username": "newbie", "password": "Initial-2026!"})
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/password/")
    assert change(client, "Initial-2026!", "My-own-pass-9").status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/").status_code == 200
