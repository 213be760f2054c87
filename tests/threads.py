"""Running test code on a database connection of its own, so other threads and processes see what it wrote."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def committed(work: Callable[[], Any]) -> Any:
    """Run `work` in a thread with its own connection (autocommit), closed afterwards; return or raise its result."""
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
