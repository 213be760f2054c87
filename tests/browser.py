"""Helpers for the browser tests (the `browser` and `page` fixtures live in conftest.py)."""

import re
from pathlib import Path

# Screenshots the browser tests take, for a person to look at after a run.
SCREENSHOT_DIR = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as test-artifacts/screenshots/<name>.png."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


class NetworkWatch:
    """The requests a tab has in flight, so a test can wait until its page has settled.

    Playwright's "networkidle" waits for half a second without a request after the last one;
    this waits only until nothing is in flight and nothing new started for `quiet` seconds.
    """

    def __init__(self, page) -> None:
        self.page = page
        self.pending: set = set()
        page.on("request", lambda request: self.pending.add(request))
        page.on("requestfinished", lambda request: self.pending.discard(request))
        page.on("requestfailed", lambda request: self.pending.discard(request))

    def settle(self, quiet: float = 0.1, timeout: float = 15) -> None:
        self.page.wait_for_load_state("load")
        waited = still = 0.0
        step = 0.025
        while still < quiet:
            assert waited < timeout, f"requests still in flight after {timeout} s: {[r.url for r in self.pending]}"
            self.page.wait_for_timeout(step * 1000)  # lets Playwright deliver the request events
            waited += step
            still = still + step if not self.pending else 0.0
