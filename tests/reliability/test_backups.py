"""`manage.py backup_database` / `restore_database` (behind `make backup` / `make restore`).

A backup of the test database restored into a fresh database reproduces every row of
every table: Veta's records, Peru's geography and the pghistory events of each change.
"""

import io
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from core.backups import connection_params
from incidents.models import Incident

# `server`: pg_dump and pg_restore against the configured server, into databases created on it.
pytestmark = [pytest.mark.django_db, pytest.mark.server]


def table_fingerprints(name: str) -> dict[str, tuple[int, str]]:
    """Each table of the public schema: its row count and a checksum of all its rows."""
    params = connection_params(connection.settings_dict)
    with psycopg.connect(dbname=name, **params) as other:
        tables = [
            row[0]
            for row in other.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            )
        ]
        fingerprints = {}
        for table in tables:
            query = sql.SQL("SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t")
            fingerprints[table] = tuple(other.execute(query.format(sql.Identifier(table))).fetchone())
        return fingerprints


@pytest.fixture
def scratch_name():
    name = f"veta_restore_{uuid.uuid4().hex[:8]}"
    yield name
    params = connection_params(connection.settings_dict)
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as other:
        other.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def backup_file(tmp_path: Path) -> Path:
    target = tmp_path / "veta.dump"
    call_command("backup_database", str(target), stdout=io.StringIO(), stderr=io.StringIO())
    return target


def test_a_restored_backup_reproduces_every_record_and_its_history(backup_file: Path, scratch_name: str) -> None:
    original = table_fingerprints(connection.settings_dict["NAME"])
    call_command("restore_database", str(backup_file), "--database", scratch_name, stderr=io.StringIO())
    restored = table_fingerprints(scratch_name)
    assert restored == original
    # Not vacuously: the records and their history are there.
    incident_event_table = Incident.pgh_event_model._meta.db_table
    assert original["incidents_incident"][0] >= 5
    assert original[incident_event_table][0] >= original["incidents_incident"][0]
    assert original["regions_district"][0] == 1893


def test_restoring_over_a_database_that_holds_tables_is_refused(backup_file: Path) -> None:
    before = Incident.objects.count()
    with pytest.raises(CommandError, match=r"already holds tables.*--replace"):
        call_command("restore_database", str(backup_file))
    assert Incident.objects.count() == before


def test_a_truncated_backup_restores_nothing(backup_file: Path, scratch_name: str, tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.dump"
    data = backup_file.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(CommandError, match="pg_restore"):
        call_command("restore_database", str(truncated), "--database", scratch_name)
    # Refused before anything is created, or restored in one transaction that was rolled back:
    # either way no half-restored table exists.
    params = connection_params(connection.settings_dict)
    with psycopg.connect(dbname="postgres", **params) as other:
        created = other.execute("SELECT 1 FROM pg_database WHERE datname = %s", [scratch_name]).fetchone()
    assert created is None or table_fingerprints(scratch_name) == {}


def test_a_missing_backup_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No backup file at"):
        call_command("restore_database", str(tmp_path / "none.dump"), "--database", "veta_never_created")
