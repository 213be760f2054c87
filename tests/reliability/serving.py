"""Veta under gunicorn on loopback, as in production, for tests over real HTTP."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
from django.conf import settings

GUNICORN = Path(sys.executable).parent / "gunicorn"


@dataclass
class Answer:
    status: int
    body: str
    headers: dict


def fetch(
    url: str, *, method: str = "GET", data: bytes | None = None, headers: dict | None = None, timeout: float = 60
) -> Answer:
    """One request; any status is an answer (no exception for 4xx/5xx); no answer within `timeout` seconds raises."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, response.read().decode("utf-8", "replace"), dict(response.headers))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read().decode("utf-8", "replace"), dict(error.headers))


def listening_socket() -> socket.socket:
    """A socket on a free loopback port, bound and listening, for gunicorn to inherit.

    gunicorn serves on it as it is (`--bind fd://N`) instead of binding a port it is told:
    a port probed free and then closed could be taken by another test process meanwhile,
    and the readiness check below would then be answered by that process's server.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    listener.set_inheritable(True)
    return listener


def booted_workers(master: psutil.Process) -> int:
    """How many of gunicorn's workers have loaded Veta and serve.

    gunicorn.conf.py's `post_worker_init`, which gunicorn runs in a worker once the application
    is loaded, leaves Ctrl-C to the master: a worker ignoring SIGINT has booted.
    """
    booted = 0
    for worker in master.children():
        try:
            status = Path(f"/proc/{worker.pid}/status").read_text()
        except FileNotFoundError:  # replaced meanwhile
            continue
        ignored = int(next(line for line in status.splitlines() if line.startswith("SigIgn:")).split()[1], 16)
        booted += bool(ignored & (1 << (signal.SIGINT - 1)))
    return booted


@contextlib.contextmanager
def gunicorn(
    database_url: str, *, workers: int = 1, threads: int = 4, env: dict | None = None, options: tuple[str, ...] = ()
) -> Iterator[tuple]:
    """Serve Veta with gunicorn against `database_url`; yields (base URL, the master process) once every worker serves.

    The first worker to boot answers `/healthz`; the others may still be loading Veta then, so
    the readiness wait lasts until all of them have booted. gunicorn reads Veta's gunicorn.conf.py
    (the project directory is its working directory); `options` are added to its command line.
    """
    listener = listening_socket()
    port = listener.getsockname()[1]
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "veta-reliability-tests-" + "x" * 32,
        # Plain HTTP on loopback: production settings would redirect every request to HTTPS.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "CRITICAL",
        "API_ANON_RATE": "100000/minute",
        "API_KEY_RATE": "100000/minute",
        **(env or {}),
    }
    environment.pop("TEST_DATABASE_NAME", None)
    # gunicorn's log goes to a file, never to a pipe: Veta's access log writes a line to stderr for
    # every request, whatever LOG_LEVEL says, and a pipe that nobody reads is full after about two
    # hundred of them (64 KiB); every worker thread then blocks writing its next line, and the server
    # stops answering. The file is read back only when gunicorn does not start.
    with tempfile.TemporaryFile(prefix="veta-gunicorn-", suffix=".log") as log:
        process = subprocess.Popen(
            [
                str(GUNICORN), "veta.wsgi:application", "--bind", f"fd://{listener.fileno()}", "--workers",
                str(workers), "--threads", str(threads), "--timeout", "120", "--graceful-timeout", "5", *options,
            ],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=log,
            pass_fds=(listener.fileno(),),
        )  # fmt: skip
        listener.close()  # gunicorn holds it now
        master = psutil.Process(process.pid)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if fetch(base + "/healthz").status == 200 and booted_workers(master) == workers:
                        break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(
                        f"gunicorn did not start ({booted_workers(master)} of {workers} workers booted): "
                        + log.read().decode(errors="replace")[-3000:]
                    )
                time.sleep(0.2)
            yield base, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
