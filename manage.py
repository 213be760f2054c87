#!/usr/bin/env python
"""Veta's command-line entry point."""

import os
import sys

from django.core.management import execute_from_command_line

from core.embedded_db import ensure_running


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veta.settings")
    ensure_running()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
