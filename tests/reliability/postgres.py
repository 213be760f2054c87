"""A throwaway PostgreSQL server for tests that stop, restart or restore a database.

Built from the binaries the pgserver package ships (PostgreSQL 16), in a private data
directory under /tmp, listening on a Unix socket only. Run as root, the server runs as
the `pgserver` system user that pgserver itself creates, as PostgreSQL refuses root.
"""

import os
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

import pgserver
from django.db import connection

BIN = Path(pgserver.__file__).parent / "pginstall" / "bin"
SYSTEM_USER = "pgserver" if os.geteuid() == 0 else None


class ThrowawayPostgres:
    """initdb, start, stop and drop a private server; `url(name)` names one of its databases."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="veta-pg-"))
        self.root.chmod(0o755)
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.socket_dir.mkdir()
        self.log = self.root / "server.log"
        self.port = random.randrange(20000, 60000)
        if SYSTEM_USER:
            shutil.chown(self.root, SYSTEM_USER)
            shutil.chown(self.socket_dir, SYSTEM_USER)
        self.run("initdb", "--auth=trust", "--encoding=utf8", "-U", "postgres", "-D", str(self.data))

    def run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(BIN / program), *args], user=SYSTEM_USER, capture_output=True, text=True, check=check, timeout=120
        )

    def start(self) -> None:
        options = f"-h '' -k {self.socket_dir} -p {self.port} -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o", options, "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = self.run(
            "psql", "-h", str(self.socket_dir), "-p", str(self.port), "-U", "postgres", "-d", database,
            "-v", "ON_ERROR_STOP=1", "-At", "-c", sql,
        )  # fmt: skip
        return result.stdout.strip()

    def create_database(self, name: str) -> str:
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def url(self, name: str) -> str:
        return f"postgresql://postgres@/{name}?host={self.socket_dir}&port={self.port}"

    def destroy(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def test_database_url(**query: str) -> str:
    """A URL for the test database, for commands run in another process."""
    db = connection.settings_dict
    host = db["HOST"] or "localhost"
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    if host.startswith("/"):
        url = f"postgresql://{user}{password}@/{db['NAME']}?host={host}&port={db['PORT']}"
    else:
        url = f"postgresql://{user}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}?"
    return url + "".join(f"&{key}={value}" for key, value in query.items())


test_database_url.__test__ = False  # a helper, not a test
