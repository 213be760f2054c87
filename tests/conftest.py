"""Shared test set-up: a test database holding Peru's geography and Veta's real records.

The geography and the real records are loaded once per test session into the test
database, as `make run` loads them into the real one; each test then runs in a
transaction that is rolled back, so tests may add and change rows freely.
"""

import os
import threading
from collections.abc import Iterator
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application

# Playwright's synchronous API runs an event loop in the test's thread; Django's ORM would
# otherwise refuse to run there. The tests themselves never run async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_configure(config) -> None:
    from veta.translations import compile_catalogues

    compile_catalogues()


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


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """One thread a connection, so a browser's parallel requests do not wait on each other."""

    daemon_threads = True


@pytest.fixture
def http_server() -> Iterator[str]:
    """Veta's WSGI application on a real socket, for tests over real HTTP.

    Not pytest-django's live_server: that makes the test transactional and flushes the
    database afterwards, and with it the geography and real records later tests rely on.
    The server thread has a connection of its own, so it sees what the session set-up
    committed, not rows a test adds inside its transaction.
    """
    server = make_server(
        "127.0.0.1", 0, get_wsgi_application(), server_class=ThreadingWSGIServer, handler_class=QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright; no network beyond loopback."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, http_server, db):
    """A fresh browser tab (English, desktop size) whose requests may only reach the test server.

    Any request to another host is aborted and recorded; the test fails if one was made,
    so no page depends on the network. Console errors fail the test too.
    """
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}, base_url=http_server)
    outside_requests: list[str] = []
    console_errors: list[str] = []

    def guard(route) -> None:
        if route.request.url.startswith(http_server):
            route.continue_()
        else:
            outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    tab.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: console_errors.append(str(error)))
    yield tab
    context.close()
    assert outside_requests == [], f"the page asked for outside resources: {outside_requests}"
    assert console_errors == [], f"the page logged errors: {console_errors}"
