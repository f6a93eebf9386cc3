"""Fixtures for the org tests: a person per role, page/API clients, TOTP codes."""

from __future__ import annotations

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp import models as totp_models

from zhongshu.org.tokens import create_token

ALL_ROLES = ["sysadmin", "secadmin", "auditadmin", "supervisor", "supervision_head", "city_leader",
             "unit_leader", "liaison", "unit_staff"]
OFFICE_ROLES = {"sysadmin", "secadmin", "auditadmin", "supervisor", "supervision_head", "city_leader"}


def pytest_configure(config):
    config.addinivalue_line("markers", "argon2: keep the production password hasher in this test")


@pytest.fixture(autouse=True)
def _fast_hashing(settings, request):
    """Argon2 is the production hasher (settings); here a cheap hasher keeps the many
    test users fast. A test marked `argon2` keeps the real one."""
    if "argon2" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _otp_settings(settings):
    # Keep drift at zero so a test can predict which time step the next code must use.
    settings.OTP_TOTP_SYNC = False
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def people(city, make_user):
    """One person per role: office roles in 市政府办, unit roles in 市交通局; plus a 市水利局 clerk."""
    made = {role: make_user(role, city.office if role in OFFICE_ROLES else city.traffic, username=role)
            for role in ALL_ROLES}
    made["water_staff"] = make_user("unit_staff", city.water, username="water_staff", phone="0571-1111")
    made["road_staff"] = make_user("unit_staff", city.traffic_road, username="road_staff", phone="0571-2222")
    return made


@pytest.fixture
def api_client(client):
    """api_client(user) -> a function get/post with the user's Bearer token."""
    def make(user):
        _, key = create_token(user, name="测试")
        headers = {"Authorization": f"Bearer {key}"}

        class Api:
            def get(self, path, **params):
                return client.get(path, params, headers=headers)

            def post(self, path, data):
                return client.post(path, data, content_type="application/json", headers=headers)
        return Api()
    return make


def next_code(device) -> str:
    """A valid code the device has not accepted yet (TOTP refuses a step it already used)."""
    device.refresh_from_db()
    now = totp_models.time.time()
    current = int((now - device.t0) // device.step)
    step = max(current, device.last_t + 1)
    assert step <= current + 1, "no unused step within tolerance"
    otp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    otp.time = now + (step - current) * device.step
    return f"{otp.token():0{device.digits}d}"


def wrong_code(device) -> str:
    """A code that matches none of the steps the device would accept now."""
    otp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    good = set()
    for offset in (-1, 0, 1):
        otp.time = totp_models.time.time() + offset * device.step
        good.add(f"{otp.token():0{device.digits}d}")
    for candidate in ("000000", "111111", "222222"):
        if candidate not in good:
            return candidate
    raise AssertionError


@pytest.fixture
def codes():
    """codes.next(device) / codes.wrong(device)."""
    class Codes:
        next = staticmethod(next_code)
        wrong = staticmethod(wrong_code)
    return Codes


@pytest.fixture
def otp_clock(monkeypatch):
    """The clock django-otp verifies codes with; `otp_clock.advance(seconds)` moves it on."""
    class Clock:
        offset = 0.0

        def time(self):
            return time.time() + self.offset

        def advance(self, seconds):
            self.offset += seconds

    clock = Clock()
    monkeypatch.setattr(totp_models, "time", clock)
    return clock
