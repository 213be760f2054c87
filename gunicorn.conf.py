"""gunicorn's settings for Veta: what `make run` serves with, and a deployment's starting point.

    gunicorn veta.wsgi        # from the project directory: gunicorn reads ./gunicorn.conf.py itself
    gunicorn -c /srv/veta/gunicorn.conf.py veta.wsgi

Each value can be changed by the environment (below) or on gunicorn's command line, which
wins over this file (`--bind unix:/run/veta.sock`). README, "Deploying", shows it behind a
TLS proxy with a systemd unit.
"""

import multiprocessing
import os
import signal

from core.embedded_db import ensure_running
from core.env import env_bool, env_int, env_str

# Loopback only: a proxy on the same host forwards to it (`--bind` on the command line for another address).
bind = [f"127.0.0.1:{env_int('PORT', default=8000, minimum=1, maximum=65535)}"]

# Sized to the machine: two processes a core (at least two, so one crashing leaves one serving)
# and a few threads each, so a slow request (an export, a large list) holds no other.
workers = env_int("WEB_WORKERS", default=max(2, 2 * multiprocessing.cpu_count()), minimum=1, maximum=64)
threads = env_int("WEB_THREADS", default=4, minimum=1, maximum=64)
worker_class = "gthread"
# A request running longer than this is ended and its worker replaced; streamed exports
# write continuously, so only a stuck request reaches it.
timeout = env_int("WEB_TIMEOUT", default=120, minimum=10, maximum=3600)
graceful_timeout = 10
keepalive = 5
# Workers are replaced now and then, so a slow leak never grows for good.
max_requests = 5000
max_requests_jitter = 500

# X-Forwarded-Proto and the like are believed only when Veta's TRUST_X_FORWARDED_PROTO says a TLS
# proxy always sets them (and clients cannot reach gunicorn directly); by default from no one,
# not even loopback, where another local program could pretend to be the proxy.
# Left to itself, gunicorn believes `X-Forwarded-Proto: https` from loopback and marks such a
# request secure before Django sees it; so Veta's setting is the only switch, and when it is off
# gunicorn reads no scheme header at all, even on a Unix socket (where it would trust every peer).
if env_bool("TRUST_X_FORWARDED_PROTO", default=False):
    forwarded_allow_ips = "*"
else:
    forwarded_allow_ips = ""
    secure_scheme_headers: dict = {}

# One JSON line per request on stderr (method, path, status, duration_ms…) and gunicorn's own
# messages, errors with their traceback, the same way (core/logs.py; README, "Logs").
accesslog = "-"
errorlog = "-"
loglevel = env_str("LOG_LEVEL", default="INFO").lower()
logger_class = "core.logs.GunicornLogger"
# Nothing about the server's version in the answers (the Server header says only "gunicorn").
proc_name = "veta"


def on_starting(server) -> None:
    """Start (or join) the embedded PostgreSQL in the master process, before any worker.

    The server stops when the last process using it exits; held by the master, it outlives
    workers being replaced and stops with gunicorn itself (Ctrl-C or SIGTERM).
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veta.settings")
    ensure_running()


control_socket_disable = True  # no control socket in the home folder, shared by every instance


def post_worker_init(worker) -> None:
    """Leave Ctrl-C to the master, which stops the workers itself.

    The terminal sends SIGINT to every process of the group; a worker stopping on it and then
    again on the master's own signal could be interrupted halfway through its clean-up and hang.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
