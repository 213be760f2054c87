"""Shared test set-up: a test database holding Peru's geography and Veta's real records.

The geography and the real records are loaded once per test session into the test
database, as `make run` loads them into the real one; each test then runs in a
transaction that is rolled back, so tests may add and change rows freely.
"""

import os
import re
import threading
from collections.abc import Iterator
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application

from core.embedded_db import ensure_running
from core.translations import compile_catalogues

# Playwright's synchronous API runs an event loop in the test's thread; Django's ORM would
# otherwise refuse to run there. The tests themselves never run async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CLIENT_ERROR_LOG = re.compile(r"Failed to load resource: the server responded with a status of 4\d\d")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_configure(config) -> None:
    # Importing the settings started nothing; the session's database is the embedded server
    # unless DATABASE_URL names another.
    ensure_running()
    compile_catalogues()
    give_this_worker_its_own_cache_keys()
    hash_passwords_quickly()


def hash_passwords_quickly() -> None:
    """Passwords made and checked in the tests use one PBKDF2 iteration (tests/hashers.py)."""
    from django.conf import settings
    from django.test.utils import override_settings

    override_settings(
        PASSWORD_HASHERS=["tests.hashers.OneIterationPBKDF2PasswordHasher", *settings.PASSWORD_HASHERS]
    ).enable()


# Tests that start a server, a browser or other processes take seconds each.
SLOW_FIXTURES = {"browser", "page", "http_server"}


def pytest_collection_modifyitems(config, items) -> None:
    """The slow tests first (in their usual order), then the rest.

    The workers share the tests out and take from each other's queue when theirs is empty; with
    the long tests started early, the run ends on short ones instead of one worker finishing a
    long test alone while the other waits.
    """

    def slow(item) -> bool:
        marked = item.get_closest_marker("slow") or item.get_closest_marker("server")
        return bool(marked or SLOW_FIXTURES & set(item.fixturenames))

    items.sort(key=lambda item: not slow(item))


def give_this_worker_its_own_cache_keys() -> None:
    """With Redis (REDIS_URL), the test processes share one database: each keeps its keys under a
    prefix of its own and clears only those (tests/cache.py), so a test's rate-limit counters are
    neither counted nor wiped by another worker's tests."""
    from django.conf import settings
    from django.core.cache.backends.redis import RedisCache
    from django.test.utils import override_settings
    from django.utils.module_loading import import_string

    from tests.cache import worker_key_prefix

    default = settings.CACHES["default"]
    if issubclass(import_string(default["BACKEND"]), RedisCache):
        worker_cache = {
            **default,
            "BACKEND": "tests.cache.WorkerRedisCache",
            "KEY_PREFIX": worker_key_prefix(default.get("KEY_PREFIX", "")),
        }
        # For the whole session; override_settings also resets any cache connection already made.
        override_settings(CACHES={**settings.CACHES, "default": worker_cache}).enable()


@pytest.fixture(scope="session", autouse=True)
def data_packages_of_this_session(tmp_path_factory):
    """Data packages (/about/veta-data.zip) are built in this session's own folder, not under .data/.

    Each test process has its own test database, so its own package; in a folder shared by
    several processes, one's build would delete the package another is about to serve.
    """
    from overview import package, releases

    with pytest.MonkeyPatch.context() as patch:
        directory = tmp_path_factory.mktemp("packages")
        patch.setattr(package, "package_dir", lambda: directory)
        # Releases too: a release made on the developer's own database must not show in the tests' pages.
        release_directory = tmp_path_factory.mktemp("releases")
        patch.setattr(releases, "releases_dir", lambda: release_directory)
        yield directory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_geography", verbosity=0)
        call_command("load_real_records", verbosity=0)


@pytest.fixture(autouse=True)
def each_test_starts_in_the_default_language():
    """A test that renders in Spanish (an e-mail, a page outside a request) leaves no language behind."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with empty API rate-limit counters (they live in the cache)."""
    from django.core.cache import cache

    cache.clear()
    yield


class QuietHandler(WSGIRequestHandler):
    # A connection the browser opened but never used gives its thread up after this long.
    timeout = 10

    def log_message(self, format, *args) -> None:
        pass


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """One thread a connection, so a browser's parallel requests do not wait on each other.

    server_close() waits for the request threads, so none still holds a database
    connection when the fixture ends (or when the test database is dropped).
    """

    daemon_threads = False
    block_on_close = True

    def process_request_thread(self, request, client_address) -> None:
        # As Django's own live server does: give each thread's database connection back
        # when its request is done, so none is left open when the test database is dropped.
        from django.db import connections

        try:
            super().process_request_thread(request, client_address)
        finally:
            connections.close_all()


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
    # Stopping waits for the serving loop to look at its flag: every 50 ms, not every half second.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
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

    def record_console(message) -> None:
        # A 4xx answer the test asked for (a refused filter) is logged by Chromium as a
        # console error; it is the server's answer, not a script error.
        if message.type == "error" and not CLIENT_ERROR_LOG.match(message.text):
            console_errors.append(message.text)

    tab.on("console", record_console)
    tab.on("pageerror", lambda error: console_errors.append(str(error)))
    yield tab
    context.close()
    # While Playwright's event loop runs in this thread, Django keeps a separate set of
    # connections for it (asgiref's context-local storage); give back any the test opened
    # there, or the test database could not be dropped at the end of the run.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()
    assert outside_requests == [], f"the page asked for outside resources: {outside_requests}"
    assert console_errors == [], f"the page logged errors: {console_errors}"


@pytest.fixture(scope="session", autouse=True)
def close_stray_connections_before_dropping_the_test_database(django_db_setup, django_db_blocker):
    """End any other session on the test database before pytest-django drops it.

    The test server's threads and Playwright's event loop may each leave a pooled
    connection checked out; without this, dropping the test database fails with "being
    accessed by other users" and the database is left behind.
    """
    yield
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
