"""Numbered, citable releases of the public dataset.

`manage.py release` builds the data package as it is now, writes beside it a changelog of the
incidents added, changed and retracted since the previous release and a `SHA256SUMS` file
(`sha256sum -c SHA256SUMS` verifies both), and records the release. Releases are listed on
`/about/releases/` and at `/api/v1/releases/`; their files are served from
`/about/releases/<number>/<file>`. A release is never rebuilt: its files and checksums stay
what they were when it was made.
"""

import datetime
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core import citation
from core.embedded_db import project_data_dir
from core.sql import quote_name
from incidents.models import Incident
from overview.models import Release
from overview.package import build_package, data_state

CHANGELOG = "CHANGELOG.md"
CHECKSUMS = "SHA256SUMS"
LATEST = "LATEST"
LATEST_CACHE_KEY = "veta:latest-release"


class ReleaseError(Exception):
    """A release that cannot be made, with the reason."""


def releases_dir() -> Path:
    """Where releases are kept: <VETA_DATA_DIR>/releases/<number>/."""
    return project_data_dir(Path(settings.BASE_DIR)) / "releases"


def release_files(release: Release) -> list[str]:
    return [release.package_name, CHANGELOG, CHECKSUMS]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def published_manifest() -> dict[str, str]:
    """Every published incident's id and last change, as the changelog compares them."""
    rows = Incident.objects.published().order_by("pk").values_list("pk", "updated_at")
    return {str(pk): updated_at.isoformat() for pk, updated_at in rows.iterator(chunk_size=10_000)}


@dataclass(frozen=True)
class Changes:
    added: list[int]
    changed: list[int]
    retracted: list[int]


def compare(previous: dict[str, str], current: dict[str, str]) -> Changes:
    """Incidents added, changed and retracted (withdrawn, merged or deleted) between two manifests."""
    return Changes(
        added=sorted(int(pk) for pk in current.keys() - previous.keys()),
        changed=sorted(int(pk) for pk in current.keys() & previous.keys() if current[pk] != previous[pk]),
        retracted=sorted(int(pk) for pk in previous.keys() - current.keys()),
    )


def changelog_text(number: int, published_at: datetime.datetime, previous: Release | None, changes: Changes) -> str:
    titles = dict(Incident.objects.filter(pk__in=changes.added + changes.changed).values_list("pk", "title"))
    since = f"release {previous.number} ({previous.published_at.date().isoformat()})" if previous else "the start"
    lines = [
        f"# Veta data, release {number} ({published_at.date().isoformat()})",
        "",
        f"Changes since {since}: {len(changes.added)} incidents added, {len(changes.changed)} changed, "
        f"{len(changes.retracted)} retracted.",
    ]
    for heading, ids, with_title in (
        ("Added", changes.added, True),
        ("Changed", changes.changed, True),
        ("Retracted (withdrawn, merged into another or deleted)", changes.retracted, False),
    ):
        lines += ["", f"## {heading}", ""]
        lines += [f"- {pk}: {titles.get(pk, '')}".rstrip(": ") if with_title else f"- {pk}" for pk in ids] or ["None."]
    return "\n".join(lines) + "\n"


def make_release(notes: str = "", site_url: str | None = None) -> Release:
    """Build, write and record the next release; nothing is recorded if any step fails."""
    root = releases_dir()
    root.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        # One release at a time: a second `release` waits here for the first to commit.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {quote_name(Release._meta.db_table)} IN SHARE ROW EXCLUSIVE MODE")
        previous = Release.objects.order_by("-number").first()
        number = (previous.number if previous else 0) + 1
        published_at = timezone.now()
        state = data_state()
        manifest = published_manifest()
        changes = compare(previous.manifest if previous else {}, manifest)
        staging = Path(tempfile.mkdtemp(dir=root, prefix=f".release-{number}-"))
        try:
            package = staging / f"veta-data-{number}.zip"
            build_package(package, site_url, state, citation.Release(number, timezone.localdate(published_at)))
            changelog = staging / CHANGELOG
            changelog.write_text(changelog_text(number, published_at, previous, changes), encoding="utf-8")
            sums = {package.name: sha256(package), CHANGELOG: sha256(changelog)}
            (staging / CHECKSUMS).write_text("".join(f"{digest}  {name}\n" for name, digest in sums.items()))
            release = Release.objects.create(
                number=number,
                published_at=published_at,
                data_as_of=state.last_change,
                notes=notes,
                package_sha256=sums[package.name],
                package_size=package.stat().st_size,
                changelog_sha256=sums[CHANGELOG],
                manifest=manifest,
                added=changes.added,
                changed=changes.changed,
                retracted=changes.retracted,
            )
            target = root / str(number)
            if target.exists():
                raise ReleaseError(f"{target} already exists: a release {number} was begun and not recorded")
            os.replace(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    latest = root / f".{LATEST}-{number}"
    latest.write_text(f"{number} {timezone.localdate(published_at).isoformat()}\n")
    os.replace(latest, root / LATEST)
    cache.delete(LATEST_CACHE_KEY)
    return release


def latest_release() -> citation.Release | None:
    """The newest release as citations name it, from the `LATEST` file beside the releases' folders,
    which `make_release` writes once its release is recorded: a page that cites it costs no query."""
    found = cache.get(LATEST_CACHE_KEY)
    if found is None:
        try:
            number, published_on = (releases_dir() / LATEST).read_text().split()
            found = citation.Release(int(number), datetime.date.fromisoformat(published_on))
        except (OSError, ValueError):
            found = False
        cache.set(LATEST_CACHE_KEY, found, 60)
    return found or None


# --- Pages -------------------------------------------------------------------------------------


@require_safe
def release_list(request: HttpRequest) -> HttpResponse:
    """/about/releases/: every release, newest first, with its files, checksums and changes."""
    releases = Release.objects.defer("manifest").order_by("-number")
    return render(request, "about/releases.html", {"releases": releases, "files": (CHANGELOG, CHECKSUMS)})


@require_safe
def release_file(request: HttpRequest, number: int, name: str) -> FileResponse:
    """A release's package, changelog or checksums, as they were written."""
    release = Release.objects.defer("manifest").filter(number=number).first()
    if release is None or name not in release_files(release):
        raise Http404("No such release file.")
    path = releases_dir() / str(number) / name
    if not path.is_file():
        raise Http404("This release's files are not on this server.")
    content_type = "application/zip" if name.endswith(".zip") else "text/plain; charset=utf-8"
    response = FileResponse(
        path.open("rb"), as_attachment=name.endswith(".zip"), filename=name, content_type=content_type
    )
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
