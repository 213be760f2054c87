"""Compile the gettext catalogues (.po → .mo) in pure Python.

Django's compilemessages needs GNU gettext's msgfmt, which a fresh machine may lack; the
set-up and the test suite compile with polib instead, so the Spanish pages work right
after `make run`. Only catalogues whose .mo is missing or older than the .po are written.
"""

from pathlib import Path

import polib
from django.conf import settings


def catalogue_dirs() -> list[Path]:
    from django.apps import apps

    base = Path(settings.BASE_DIR)
    dirs = [Path(path) for path in settings.LOCALE_PATHS]
    # Only Veta's own apps, which sit at the top of the project (not the installed packages).
    dirs += [Path(config.path) / "locale" for config in apps.get_app_configs() if Path(config.path).parent == base]
    return [directory for directory in dirs if directory.is_dir()]


def compile_catalogues() -> list[Path]:
    """Write every stale .mo file of Veta's own catalogues; return those written."""
    written = []
    for directory in catalogue_dirs():
        for po_path in sorted(directory.glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            written.append(mo_path)
    return written
