"""Health checks and the answer Veta gives while its database is unreachable.

- `/healthz` says the process is up. It touches nothing else, so a load balancer can
  tell a dead worker from a dead database.
- `/readyz` says Veta can serve: the database answers and every migration is applied;
  503 with the reason otherwise.
- While the database is unreachable every page and API call answers 503 with a short
  message and `Retry-After`, never a stack trace. Nothing needs restarting when the
  database returns: the connection pool checks each connection before handing it out
  (see `DATABASES` in settings), so broken ones are replaced on the next request.
"""

import logging
import sys

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
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        logger.warning("Not ready: the database is unreachable: %s", error)
        return "the database is unreachable"
    if pending:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in pending[:5])
        return f"{len(pending)} migration(s) not applied: {names}"
    return None


def readyz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers and every migration is applied; 503 with the reason otherwise."""
    problem = readiness_problem()
    if problem is None:
        return JsonResponse({"status": "ready"})
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
            return healthz(request)
        if request.path == "/readyz":
            return readyz(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_unavailable(exception):
            logger.error("Database unavailable while serving %s: %s", request.path, exception)
            return unavailable_response(request)
        return None


def server_error(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """handler500: 503 when the failure was the database being unreachable (in a middleware, too)."""
    if is_database_unavailable(sys.exc_info()[1]):
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
