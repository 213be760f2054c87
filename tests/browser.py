"""Helpers for the browser tests (the `browser` and `page` fixtures live in conftest.py)."""

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connections

# Screenshots the browser tests take, for a person to look at after a run.
SCREENSHOT_DIR = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as test-artifacts/screenshots/<name>.png."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def committed(work: Callable[[], Any]) -> Any:
    """Run `work` on a connection of its own, in autocommit, so the test server's thread sees what it wrote."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as error:  # re-raised in the test's thread
            result["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")
