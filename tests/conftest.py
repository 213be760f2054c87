"""Shared test set-up: a test database holding Peru's geography and Veta's real records.

The geography and the real records are loaded once per test session into the test
database, as `make run` loads them into the real one; each test then runs in a
transaction that is rolled back, so tests may add and change rows freely.
"""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_geography", verbosity=0)
        call_command("load_real_records", verbosity=0)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with empty API rate-limit counters (they live in the cache)."""
    from django.core.cache import cache

    cache.clear()
    yield
