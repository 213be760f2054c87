"""Health checks and the answer Veta gives while its database is unreachable.

- `/healthz` says the process is up. It touches nothing else, so a load balancer can
  tell a dead worker from a dead database.
- `/readyz` says Veta can serve: the database answers and every migration is applied;
  503 with the reason otherwise. Its answer also says whether e-mail alerts are on (an
  SMTP server is configured) or off.
- While the database is unreachable every page and API call answers 503 with a short
  message and `Retry-After`, never a stack trace. Nothing needs restarting when the
  database returns: the connection pool checks each connection before handing it out
  (see `DATABASES` in settings), so broken ones are replaced on the next request.
- Once a request has found the database unreachable, the process knows it is down
  (`BREAKER`, one per process, shared by its threads): every request answers 503 at once
  instead of holding a thread for the pool's whole timeout, and a burst during the outage
  costs nothing. Every `PROBE_INTERVAL` seconds one request tries a fresh connection of its
  own (`connect_timeout` of a second); when it succeeds the pool is replaced by a new one
  (the old one may be waiting out its reconnection back-off) and requests go through again,
  so Veta serves within about a second of the database's return.
"""

import logging
import sys
import threading
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.views.defaults import page_not_found
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger("core.health")

RETRY_AFTER_SECONDS = 30
UNAVAILABLE_MESSAGE = (
    "Veta's database is unreachable for the moment, so this cannot be answered. "
    f"Nothing was lost; please try again in a minute (Retry-After: {RETRY_AFTER_SECONDS} s)."
)
UNAVAILABLE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Veta is briefly unavailable</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>Veta is briefly unavailable</h1>
<p>Veta's database cannot be reached for the moment. Nothing was lost; please try again in a minute.</p>
<p lang="es">La base de datos de Veta no responde por el momento. No se perdió nada; vuelva a intentarlo en un
minuto.</p>
</body></html>
"""


def is_database_unavailable(error: BaseException | None) -> bool:
    """True for the errors of a database that cannot be reached (refused, dropped, pool exhausted)."""
    return isinstance(error, OperationalError | InterfaceError)


PROBE_INTERVAL = 0.5  # seconds between two tries of a fresh connection while the database is down
PROBE_CONNECT_TIMEOUT = 1  # seconds; a database that does not answer at all costs the prober no more


def probe_database(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether a fresh connection (outside the pool) to the database opens and answers, within a second or so."""
    connection = connections[alias]
    params = {**connection.get_connection_params(), "connect_timeout": PROBE_CONNECT_TIMEOUT}
    try:
        with connection.Database.connect(**params) as probe:
            probe.execute("SELECT 1")
    except Exception as error:  # any failure means: not back yet
        logger.info("The database is still unreachable: %s", error)
        return False
    return True


class DatabaseBreaker:
    """The process's knowledge that its database is down: requests fail fast until a probe finds it back.

    Closed (the normal state), requests go to the database. `trip()` opens it when a request
    finds the database unreachable. Open, `allow()` says no at once, except to one request
    every `PROBE_INTERVAL`, which probes with a fresh connection; if the probe succeeds the
    connection pool is replaced and the breaker closes. A failure of a request that began
    before the last recovery (it waited on the old pool) does not open it again.
    """

    def __init__(self, probe=probe_database, interval: float = PROBE_INTERVAL) -> None:
        self._lock = threading.Lock()
        self._probe = probe
        self.interval = interval
        self.down_since: float | None = None
        self._next_probe = 0.0
        self.generation = 0  # counts recoveries

    @property
    def is_open(self) -> bool:
        return self.down_since is not None

    def trip(self, generation: int | None = None) -> None:
        """The database was found unreachable by a request begun in `generation` (None: now)."""
        with self._lock:
            if self.down_since is not None or (generation is not None and generation != self.generation):
                return
            now = time.monotonic()
            self.down_since = now
            self._next_probe = now + self.interval
            logger.error("The database is unreachable: answering 503 until it is back.")

    def allow(self) -> bool:
        """Whether a request may use the database now (it probes the database when its turn has come)."""
        if self.down_since is None:
            return True
        with self._lock:
            now = time.monotonic()
            if self.down_since is None:
                return True
            if now < self._next_probe:
                return False
            self._next_probe = now + self.interval  # one prober at a time; the others answer 503 meanwhile
        if not self._probe():
            return False
        reset_pools()
        with self._lock:
            if self.down_since is not None:
                logger.warning("The database is back after %.1f s.", time.monotonic() - self.down_since)
                self.down_since = None
                self.generation += 1
        return True


def reset_pools() -> None:
    """Replace every connection pool by a new one: the old one may be waiting out its reconnection back-off.

    Connections still lent out by the old pool go back to it when their requests end, and
    it closes them.
    """
    for connection in connections.all(initialized_only=False):
        if getattr(connection, "pool", None) is not None:
            try:
                connection.close_pool()
            except Exception as error:  # a pool that cannot close cleanly is dropped all the same
                logger.warning("Closing the old connection pool of %s failed: %s", connection.alias, error)


BREAKER = DatabaseBreaker()


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with a clear message: JSON for the API, a small page for everything else."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": UNAVAILABLE_MESSAGE}, status=503)
    else:
        try:  # templates/503.html in the reader's language; it needs no database
            page = render_to_string("503.html")
        except Exception:
            logger.exception("The 503 page could not be rendered")
            page = UNAVAILABLE_PAGE
        response = HttpResponse(page, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and answering (no database involved)."""
    return JsonResponse({"status": "ok"})


def readiness_problem() -> str | None:
    """Why Veta cannot serve now (database unreachable, migrations not applied), or None."""
    if not BREAKER.allow():
        return "the database is unreachable"
    connection = connections[DEFAULT_DB_ALIAS]
    generation = BREAKER.generation
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        logger.warning("Not ready: the database is unreachable: %s", error)
        if is_database_unavailable(error):
            BREAKER.trip(generation)
        return "the database is unreachable"
    if pending:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in pending[:5])
        return f"{len(pending)} migration(s) not applied: {names}"
    return None


def readyz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers and every migration is applied; 503 with the reason otherwise."""
    problem = readiness_problem()
    if problem is None:
        # E-mail alerts need an SMTP server (EMAIL_URL or EMAIL_HOST); without one Veta serves, alerts off.
        return JsonResponse({"status": "ready", "alerts": "on" if settings.ALERTS_ENABLED else "off"})
    response = JsonResponse({"status": "unavailable", "detail": f"Not ready: {problem}."}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class HealthMiddleware:
    """Answers /healthz and /readyz before any other middleware, and 503 while the database is down.

    First in MIDDLEWARE, so the health checks need no session, no user and no database
    (beyond /readyz's own check). A view that fails because the database is unreachable
    answers 503 instead of a 500, with DEBUG on too.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return self.framed(healthz(request))
        if request.path == "/readyz":
            return self.framed(readyz(request))
        if not BREAKER.allow():
            # Known down: answer at once rather than wait for the pool's timeout.
            return unavailable_response(request)
        request.database_generation = BREAKER.generation
        return self.get_response(request)

    @staticmethod
    def framed(response: HttpResponse) -> HttpResponse:
        """The X-Frame-Options the clickjacking middleware (further down, not reached) gives every other answer."""
        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_unavailable(exception):
            logger.error("Database unavailable while serving %s: %s", request.path, exception)
            BREAKER.trip(getattr(request, "database_generation", None))
            return unavailable_response(request)
        return None


def server_error(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """handler500: 503 when the failure was the database being unreachable (in a middleware, too)."""
    if is_database_unavailable(sys.exc_info()[1]):
        BREAKER.trip(getattr(request, "database_generation", None))
        return unavailable_response(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error: Veta could not answer this request."}, status=500)
    try:
        return django_server_error(request, *args, **kwargs)
    except Exception:  # the 500 template itself could not be rendered
        return HttpResponseServerError("<h1>Server error</h1>", content_type="text/html")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: JSON under /api/ (an address no route matches), templates/404.html elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found: no API resource has this address."}, status=404)
    return page_not_found(request, exception)
