"""Strict readers for settings taken from environment variables.

Each reader refuses a value it cannot parse and names the variable, so a typo stops
start-up instead of silently falling back to a default.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str | None = None) -> str | None:
    """Return the variable's text, or the default when it is unset or empty."""
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    """Return a boolean written as 1/0, true/false, yes/no or on/off."""
    value = _raw(name)
    if value is None:
        return default
    word = value.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of {', '.join(sorted(TRUE_WORDS | FALSE_WORDS))}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Return a whole number, optionally within [minimum, maximum]."""
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is below the minimum of {minimum}.")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name}={number} is above the maximum of {maximum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated list; empty items are an error, not ignored."""
    value = _raw(name)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(item == "" for item in items):
        raise ImproperlyConfigured(f"{name}={value!r} has an empty item: separate values with single commas.")
    return items


def env_database_url(name: str) -> str | None:
    """Return a PostgreSQL URL, refusing any other scheme or a URL without a database."""
    value = _raw(name)
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"{name} must be a PostgreSQL URL such as postgresql://user@host:5432/veta; "
            f"got the scheme {parts.scheme!r}."
        )
    if parts.path.strip("/") == "":
        raise ImproperlyConfigured(f"{name} names no database: add it after the host, as in postgresql://host/veta.")
    try:
        parts.port  # noqa: B018 - urlsplit raises ValueError on a bad port only when asked
    except ValueError:
        raise ImproperlyConfigured(f"{name} has a port that is not a number.") from None
    return value


def secret_key_from_file(path: Path) -> str:
    """The secret key kept in `path`, generated there (readable by its owner only) the first time.

    `make run` keeps its key under the data folder this way, so sessions and signed links
    survive a restart and the key is never written in a command line, a log or the repository.
    """
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        key = ""
    if not key:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(64)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(key + "\n")
        try:
            os.link(partial, path)  # fails if another process wrote one meanwhile: keep theirs
        except FileExistsError:
            key = path.read_text().strip()
        finally:
            partial.unlink()
    if len(key) < 50:
        raise ImproperlyConfigured(f"The secret key in {path} is too short: use at least 50 random characters.")
    return key
