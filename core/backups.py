"""Backups of Veta's database: pg_dump's custom format out, pg_restore in.

The configured database is used, embedded or DATABASE_URL's. pg_dump must be at least
as new as the server, so the client is chosen by version among those on the machine:
the PostgreSQL 16 that pgserver ships, Debian's /usr/lib/postgresql/<N>/bin and the
PATH; the newest one that is not older than the server wins.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import psycopg
from django.core.management.base import CommandError
from django.db import connections
from psycopg import sql


def connection_params(database: dict) -> dict:
    params = {
        "host": database.get("HOST") or None,
        "port": str(database.get("PORT") or "") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
    }
    return {key: value for key, value in params.items() if value}


def client_arguments(database: dict, name: str) -> tuple[list[str], dict]:
    """Command-line connection options for pg_dump/pg_restore, and the environment carrying the password."""
    params = connection_params(database)
    arguments = ["--dbname", name]
    for option, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if key in params:
            arguments += [option, params[key]]
    environment = {**os.environ, "PGPASSWORD": params.get("password", "")}
    return arguments, environment


def candidate_binaries(program: str) -> list[Path]:
    candidates = []
    try:
        import pgserver

        candidates.append(Path(pgserver.__file__).parent / "pginstall" / "bin" / program)
    except ImportError:
        pass
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{program}"))
    on_path = shutil.which(program)
    if on_path:
        candidates.append(Path(on_path))
    return [path for path in candidates if path.exists()]


def binary_major_version(path: Path) -> int:
    output = subprocess.run([str(path), "--version"], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"(\d+)(?:\.\d+)?", output.split(")")[-1])[1])


def server_major_version(database: dict, name: str) -> int:
    with psycopg.connect(dbname=name, **connection_params(database)) as connection:
        return connection.info.server_version // 10000


def choose_binary(program: str, server_major: int) -> Path:
    """The newest `program` on this machine not older than the server; refuses when there is none."""
    versions = {}
    for path in candidate_binaries(program):
        try:
            versions.setdefault(binary_major_version(path), path)
        except (OSError, subprocess.CalledProcessError, TypeError):
            continue
    usable = {version: path for version, path in versions.items() if version >= server_major}
    if not usable:
        found = ", ".join(f"{path} ({version})" for version, path in sorted(versions.items())) or "none"
        raise CommandError(
            f"No {program} of version {server_major} or newer for this PostgreSQL server; found: {found}."
        )
    return usable[max(usable)]


def backup(target: Path, alias: str = "default") -> Path:
    """Write the configured database to `target` in pg_dump's custom format (written whole, then renamed)."""
    database = connections[alias].settings_dict
    name = database["NAME"]
    pg_dump = choose_binary("pg_dump", server_major_version(database, name))
    arguments, environment = client_arguments(database, name)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    result = subprocess.run(
        [str(pg_dump), "--format=custom", "--no-owner", "--no-privileges", "--file", str(partial), *arguments],
        env=environment,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
    partial.replace(target)
    return target


def database_is_empty(database: dict, name: str) -> bool:
    with psycopg.connect(dbname=name, **connection_params(database)) as connection:
        tables = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
    return tables == 0


def recreate_database(database: dict, name: str, *, replace: bool) -> None:
    """Create `name` afresh; an existing database with tables is dropped only with `replace`."""
    params = connection_params(database)
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not replace and not database_is_empty(database, name):
            raise CommandError(
                f"The database {name!r} already holds tables: restoring would replace them. "
                "Give --replace (make restore ... REPLACE=1) to drop it and restore the backup in its place."
            )
        if exists:
            connection.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def restore(source: Path, *, name: str | None = None, replace: bool = False, alias: str = "default") -> str:
    """Restore a backup into a fresh database (the configured one unless `name` is given); return its name."""
    if not source.is_file():
        raise CommandError(f"No backup file at {source}.")
    database = connections[alias].settings_dict
    name = name or database["NAME"]
    server_major = server_major_version(database, "postgres")
    pg_restore = choose_binary("pg_restore", server_major)
    listed = subprocess.run([str(pg_restore), "--list", str(source)], capture_output=True, text=True)
    if listed.returncode != 0:
        raise CommandError(f"{source} is not a backup pg_restore can read: {listed.stderr.strip()}")
    recreate_database(database, name, replace=replace)
    arguments, environment = client_arguments(database, name)
    result = subprocess.run(
        [str(pg_restore), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", *arguments,
         str(source)],
        env=environment,
        capture_output=True,
        text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
    return name
