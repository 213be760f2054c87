"""Which public records leave a tombstone when they disappear, and how to list tombstones.

The tombstones themselves are written by PostgreSQL triggers on incidents, enforcement
operations and mining sites (each app's migration installs them on its table, calling the
functions of core's), which their apps declare with `track()`:

- deleting a row whose status was `published` records reason `deleted`;
- changing a row's status from `published` to anything else records `unpublished`.

Both catch `queryset.delete()`, `queryset.update()` and raw SQL, which Django signals
would miss. Deleting a record that was never published leaves no trace: the public
never saw it. TRUNCATE fires no row triggers and leaves none either.

`removed_at` is PostgreSQL's now(), the start of the transaction that removed the row;
`sync_horizon()` accounts for transactions still open, whose tombstones will carry
an earlier time than the moment they commit.
"""

import datetime

from django.db import connection, models
from django.db.models import QuerySet

from core.models import Tombstone

# API name → model label (`Model._meta.label_lower`), as the triggers write it; filled by
# each app's models module through `track()`.
TRACKED_MODELS: dict[str, str] = {}
API_NAMES: dict[str, str] = {}

# The most tombstones one answer lists; `truncated` says when there were more.
MAX_TOMBSTONES = 10_000


def track(api_name: str, model: type[models.Model]) -> None:
    """List the tombstones of `model` under `api_name`; its app's migration installs the triggers that write them."""
    label = model._meta.label_lower
    TRACKED_MODELS[api_name] = label
    API_NAMES[label] = api_name


def tombstones_since(since: datetime.datetime, model: str | None = None) -> QuerySet:
    """Tombstones removed at or after `since`, oldest first, optionally of one API model name."""
    queryset = Tombstone.objects.filter(removed_at__gte=since, model_label__in=TRACKED_MODELS.values())
    if model is not None:
        queryset = queryset.filter(model_label=TRACKED_MODELS[model])
    return queryset.order_by("removed_at", "id")


def sync_horizon() -> datetime.datetime:
    """The time a client may pass as `since` next, sure to miss no tombstone.

    A tombstone carries the start time of the transaction that wrote it, so a
    transaction still open now may later commit a tombstone dated before now. The
    horizon is therefore now, or the start of the oldest other transaction open on
    this database, whichever is earlier. Call it *before* reading the tombstones.
    (PostgreSQL hides other roles' transaction start times from roles that are
    neither superusers nor members of pg_read_all_stats; those are not accounted for.)
    """
    with connection.cursor() as cursor:
        # Inside a transaction PostgreSQL would answer from the activity it saw first.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            """
            SELECT LEAST(statement_timestamp(), MIN(xact_start))
            FROM pg_stat_activity
            WHERE datname = current_database()
              AND backend_type = 'client backend'
              AND pid <> pg_backend_pid()
              AND xact_start IS NOT NULL
            """
        )
        return cursor.fetchone()[0]
