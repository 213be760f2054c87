"""Shared test set-up: a test database holding Peru's geography and Veta's real records.

The geography and the real records are loaded once per test session into the test
database, as `make run` loads them into the real one; each test then runs in a
transaction that is rolled back, so tests may add and change rows freely.
"""

import threading
from collections.abc import Iterator
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application


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


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[str]:
    """Veta's WSGI application on a real socket, for tests over real HTTP.

    Not pytest-django's live_server: that makes the test transactional and flushes the
    database afterwards, and with it the geography and real records later tests rely on.
    The server thread has a connection of its own, so it sees what the session set-up
    committed, not rows a test adds inside its transaction.
    """
    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
