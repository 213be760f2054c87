"""A base for management commands that write: their changes carry the command's name in history."""

import pghistory
from django.core.management.base import BaseCommand


class RecordedCommand(BaseCommand):
    """Every row the command writes is recorded in history with `{"command": "<name>"}`.

    Web requests are attributed to their user by pghistory's middleware; a command has no
    user, so it names itself instead of leaving the change anonymous.
    """

    def execute(self, *args, **options):
        with pghistory.context(command=self.__module__.rsplit(".", 1)[-1]):
            return super().execute(*args, **options)
