"""Logs as one JSON object per line on stderr, for a log collector (README, "Logs").

Every line has `time` (ISO 8601, UTC), `level`, `logger` and `message`; an error adds
`exception` with its whole traceback (one string, newlines escaped, still one line). The
access log of gunicorn (`GunicornLogger`, named in gunicorn.conf.py) writes one line
per request with `method`, `path`, `query`, `status`, `duration_ms`, `bytes`, `remote`,
`user_agent` and `referer`.
"""

import datetime
import json
import logging
import sys

from gunicorn.glogging import Logger

# The attributes every LogRecord has; anything else on a record came in `extra` and is written too.
STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name not in STANDARD_ATTRIBUTES and not name.startswith("_"):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class GunicornLogger(Logger):
    """gunicorn's error and access logs as JSON lines on stderr."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler._gunicorn = True  # gunicorn replaces its own handlers on a configuration reload
        for log in (self.error_log, self.access_log):
            for old in [h for h in log.handlers if getattr(h, "_gunicorn", False)]:
                log.removeHandler(old)
            log.addHandler(handler)
            log.propagate = False

    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        duration_ms = round(request_time.total_seconds() * 1000, 1)
        method = environ.get("REQUEST_METHOD", "-")
        path = environ.get("PATH_INFO", "")
        self.access_log.info(
            "%s %s %s %.1f ms",
            method,
            path,
            status,
            duration_ms,
            extra={
                "method": method,
                "path": path,
                "query": environ.get("QUERY_STRING", ""),
                "status": int(status),
                "duration_ms": duration_ms,
                "bytes": getattr(resp, "sent", None),
                "remote": environ.get("REMOTE_ADDR", ""),
                "user_agent": environ.get("HTTP_USER_AGENT", ""),
                "referer": environ.get("HTTP_REFERER", ""),
            },
        )
