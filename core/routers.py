"""Read-only requests read from a replica when DATABASE_REPLICA_URL names one.

`ReplicaMiddleware` marks GET and HEAD requests outside the admin, the imports and the review
queue; while one runs, `ReplicaRouter` sends its reads to the `replica` alias. Everything
else — writes, any request that may write, management commands, the admin — uses `default`,
so an editor always reads what they just saved. PostgreSQL's own streaming replication keeps
the replica; Veta only chooses where to read.
"""

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
# Paths whose GET requests are part of an editor's work and must see their own writes at once.
PRIMARY_PATHS = ("/admin/", "/imports/", "/review/")

_reading_from_replica: ContextVar[bool] = ContextVar("veta_reading_from_replica", default=False)


def request_reads_from_replica(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and not request.path.startswith(PRIMARY_PATHS)


class ReplicaMiddleware:
    """Marks read-only requests so that their queries go to the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _reading_from_replica.set(request_reads_from_replica(request))
        try:
            return self.get_response(request)
        finally:
            _reading_from_replica.reset(token)


class ReplicaRouter:
    """Reads of read-only requests from the replica; every write, and everything else, on default."""

    def db_for_read(self, model, **hints) -> str:
        return REPLICA if _reading_from_replica.get() else "default"

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, first, second, **hints) -> bool:
        return True  # the replica holds the same rows

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints) -> bool:
        return db == "default"
