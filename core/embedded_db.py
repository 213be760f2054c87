"""The embedded PostgreSQL used when no DATABASE_URL is given.

pgserver ships PostgreSQL binaries as a Python package, so a new machine needs only
Python. The data lives under `.data/postgres` in the project; the server is shared by
every process that asks for it and stops when the last of them exits, leaving the data.

Importing the settings starts nothing: the processes that need the database (manage.py,
the WSGI and ASGI applications, the test session) call `ensure_running()` first.
"""

import json
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from django.conf import settings

EMBEDDED_DATABASE_NAME = "veta"


def ensure_running() -> None:
    """Start (or join) the embedded server when the settings use it, and connect to it by its socket.

    Without DATABASE_URL the settings name the embedded server's data folder and the socket it
    usually opens; the server chooses the socket when it starts, so its own answer is kept.
    """
    data_dir = settings.EMBEDDED_DATABASE_DIR
    if data_dir is None:
        return
    socket_dir, port = start_embedded_server(data_dir)
    settings.DATABASES["default"].update(HOST=socket_dir, PORT=str(port))


def embedded_database(data_dir: Path) -> dict[str, str]:
    """The settings of the embedded server's database, with the socket pgserver opens for a short enough path."""
    return {
        "NAME": EMBEDDED_DATABASE_NAME,
        "USER": "postgres",
        "HOST": str((data_dir / "postgres").resolve()),
        "PORT": "5432",
    }


def start_embedded_server(data_dir: Path) -> tuple[str, int]:
    """Start (or join) the embedded server; return the socket directory and port."""
    import warnings

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset and falls back to /tmp: fine here.
        warnings.simplefilter("ignore")
        import pgserver  # imported here: only needed when DATABASE_URL is unset

        logging.getLogger("pgserver").setLevel(logging.WARNING)
        data_dir.mkdir(parents=True, exist_ok=True)
        pgdata = (data_dir / "postgres").resolve()
        with pgserver.postgres_server.PostgresServer._lock:
            _forget_dead_handles(pgdata)
        _exit_cleanly_on_sigterm()
        server = pgserver.get_server(pgdata, cleanup_mode="stop")
    info = server.get_postmaster_info()
    return str(info.socket_dir), info.port


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop processes that died without saying so from pgserver's list of users.

    pgserver stops the server when its last user exits; a process killed outright
    never leaves the list, which would keep the server running for good.
    """
    import psutil

    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    pids = json.loads(handles.read_text() or "[]")
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def _exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM into a normal exit, so the server is released as on Ctrl-C."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def ensure_database_exists(settings_database: dict) -> bool:
    """Create the configured database if the server lacks it; return True when created."""
    import psycopg
    from psycopg import sql

    params = {
        "host": settings_database.get("HOST") or None,
        "port": settings_database.get("PORT") or None,
        "user": settings_database.get("USER") or None,
        "password": settings_database.get("PASSWORD") or None,
    }
    name = settings_database["NAME"]
    conninfo = {key: value for key, value in params.items() if value}
    for maintenance_db in ("postgres", "template1"):
        try:
            connection = psycopg.connect(dbname=maintenance_db, autocommit=True, **conninfo)
            break
        except psycopg.OperationalError:
            if maintenance_db == "template1":
                raise
    with connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def project_data_dir(base_dir: Path) -> Path:
    """The folder holding the embedded server's data (`VETA_DATA_DIR` overrides)."""
    return Path(os.environ.get("VETA_DATA_DIR") or base_dir / ".data")
