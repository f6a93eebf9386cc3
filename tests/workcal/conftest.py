"""Fixtures for the calendar tests: a clean per-process cache around each test, an import
file helper, and signed-in clients per role."""

from __future__ import annotations

import pytest

from zhongshu.workcal import calc


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """The calculator caches a snapshot per process; tests roll the database back, so start
    and end every test with an empty cache."""
    calc.invalidate()
    yield
    calc.invalidate()


@pytest.fixture
def write_file(tmp_path):
    def write(text: str, name: str = "2027.csv", encoding: str = "utf-8") -> str:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return str(path)

    return write


@pytest.fixture
def client_for(city, make_user, client):
    """client_for("sysadmin") → a test client signed in as a new user with that role."""

    def login(role):
        user = make_user(role, city.office)
        client.force_login(user)
        return client

    return login
