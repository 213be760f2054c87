"""`make run` as a user starts it: the production stack on loopback, and Ctrl-C stops all of it.

The test runs `make run` in a process group of its own (as a terminal would) on a free port,
reads its pages over real HTTP, then sends SIGINT to the whole group, as Ctrl-C does.
"""

import json
import os
import re
import signal
import socket
import stat
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PROJECT_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def test_make_run_serves_the_production_stack_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    port = free_port()
    environment = {
        name: value
        for name, value in os.environ.items()
        # As a user's shell: none of the test session's own settings.
        if name not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "TEST_DATABASE_NAME", "DEBUG", "DJANGO_SETTINGS_MODULE"}
        and not name.startswith("PYTEST")
    }
    environment["PORT"] = str(port)
    log = (tmp_path / "make-run.log").open("w+")
    process = subprocess.Popen(
        ["make", "run"], cwd=PROJECT_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                if get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            log.seek(0)
            assert process.poll() is None, f"make run stopped: {log.read()[-3000:]}"
            assert time.monotonic() < deadline, f"make run did not answer: {log.read()[-3000:]}"
            time.sleep(0.5)

        status, headers, body = get(base + "/", {"Accept-Language": "en"})
        assert status == 200
        assert headers["Server"] == "gunicorn"  # not Django's development server (WSGIServer/…)
        page = body.decode()
        # Static files by their hashed names, collected and compressed, cached for good.
        stylesheet = re.search(r'href="(/static/css/veta\.[0-9a-f]{12}\.css)"', page)
        assert stylesheet, "the page links no hashed stylesheet"
        status, headers, _ = get(base + stylesheet.group(1), {"Accept-Encoding": "gzip"})
        assert status == 200
        assert "immutable" in headers["Cache-Control"]
        assert int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1)) >= 365 * 24 * 3600
        assert headers.get("Content-Encoding") == "gzip"
        # Veta's own 404 page, in the reader's language, with no debugging output.
        for language, heading in (("en", "Page not found"), ("es", "Página no encontrada")):
            status, headers, body = get(base + "/no-such-page/", {"Accept-Language": language})
            text = body.decode()
            assert status == 404
            assert heading in text
            for debug_output in ("Traceback", "URLconf", "DEBUG = True", "Using the URLconf", "technical_404"):
                assert debug_output not in text
        status, _, _ = get(base + "/static/css/no-such-file.css")
        assert status == 404
        # robots.txt and the favicon answer.
        assert get(base + "/robots.txt")[0] == 200
        assert get(base + "/favicon.ico")[0] == 200  # redirected to the hashed SVG
    finally:
        group = os.getpgid(process.pid)
        os.killpg(group, signal.SIGINT)  # Ctrl-C reaches every process of the terminal's group
        try:
            process.wait(timeout=60)
        finally:
            stopped_by = time.monotonic() + 30
            while group_alive(group) and time.monotonic() < stopped_by:
                time.sleep(0.2)
            left = group_alive(group)
            if left:
                os.killpg(group, signal.SIGKILL)
    log.seek(0)
    output = log.read()
    assert not left, f"processes of make run were left running after Ctrl-C: {output[-2000:]}"
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "the port still answers after Ctrl-C"

    # One JSON line per request on stderr, with its status and duration.
    lines = [line for line in output.splitlines() if line.startswith("{")]
    requests = [json.loads(line) for line in lines if '"gunicorn.access"' in line]
    not_found = [entry for entry in requests if entry["path"] == "/no-such-page/"]
    assert len(not_found) == 2
    assert all(entry["status"] == 404 and entry["duration_ms"] >= 0 for entry in not_found)
    assert {"time", "level", "method", "query", "bytes", "remote"} <= set(not_found[0])
    # The secret key was generated once into .data/, readable by its owner only, and never printed.
    key_file = PROJECT_DIR / ".data" / "secret_key"
    key = key_file.read_text().strip()
    assert len(key) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key not in output
    assert "Handling signal: int" in output
