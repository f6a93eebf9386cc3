from __future__ import annotations

import pytest
from seed_data import ensure_seed_data


@pytest.fixture(autouse=True)
def _seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_seed_data()  # the built-in 套话 list, even after a transactional test flushed it
