"""What management commands share: their changes carry the command's name in history; long ones print progress."""

import time
from collections.abc import Callable

import pghistory
from django.core.management.base import BaseCommand
from django.utils.formats import number_format

# Called by a long import with its phase ("read", "compare", "write"), the rows done, and the total if known.
ProgressCallback = Callable[[str, int, int | None], None]
# The phases of an import, as its progress line names them.
PHASES = {"read": "reading", "compare": "comparing", "write": "writing"}


class RecordedCommand(BaseCommand):
    """Every row the command writes is recorded in history with `{"command": "<name>"}`.

    Web requests are attributed to their user by pghistory's middleware; a command has no
    user, so it names itself instead of leaving the change anonymous.
    """

    def execute(self, *args, **options):
        with pghistory.context(command=self.__module__.rsplit(".", 1)[-1]):
            return super().execute(*args, **options)


def grouped(number: int) -> str:
    return number_format(number, force_grouping=True)


class ProgressLine:
    """Prints `reading: 20,000 of about 100,000 rows · 41,230 rows/s · ETA 2 s` as a long import goes."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.phase: str | None = None
        self.started = time.perf_counter()

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        now = time.perf_counter()
        if phase != self.phase:
            self.phase, self.started = phase, now - 1e-9
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        parts = [f"{PHASES.get(phase, phase)}: {grouped(done)}"]
        if total:
            parts[0] += f" of about {grouped(total)} rows" if phase == "read" else f" of {grouped(total)} rows"
        else:
            parts[0] += " rows"
        parts.append(f"{grouped(round(rate))} rows/s")
        if total and total > done:
            parts.append(f"ETA {(total - done) / rate:.0f} s")
        self.stream.write(" · ".join(parts))
