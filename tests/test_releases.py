"""Numbered releases: `manage.py release` writes a package, a changelog and checksums that verify,
lists them on /about/releases/ and in the API, and the citations name the latest release."""

import datetime
import io
import json
import subprocess
import zipfile

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.choices import ModerationStatus
from incidents.models import Incident
from overview import releases
from overview.models import Release

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 6, 1)


@pytest.fixture(autouse=True)
def releases_in_a_folder_of_the_test(tmp_path, monkeypatch):
    monkeypatch.setattr(releases, "releases_dir", lambda: tmp_path / "releases")
    cache.delete(releases.LATEST_CACHE_KEY)
    yield tmp_path / "releases"
    cache.delete(releases.LATEST_CACHE_KEY)


def make_incident(title: str, status: str = ModerationStatus.PUBLISHED) -> Incident:
    return Incident.objects.create(
        title=title,
        incident_type="armed_attack",
        date_start=DAY,
        date_end=DAY,
        region_id="17",
        place_precision="region",
        status=status,
    )


def release(notes: str = "") -> tuple[Release, str]:
    out = io.StringIO()
    call_command("release", notes=notes, stdout=out)
    return Release.objects.get(number=Release.objects.order_by("-number").values_list("number", flat=True)[0]), (
        out.getvalue()
    )


def test_the_first_release_adds_every_published_incident_and_its_checksums_verify(releases_in_a_folder_of_the_test):
    draft = make_incident("A draft no release may show", status=ModerationStatus.DRAFT)
    made, output = release("First public release")

    published = set(Incident.objects.published().values_list("pk", flat=True))
    assert made.number == 1
    assert set(made.added) == published and published
    assert draft.pk not in made.added
    assert made.changed == [] and made.retracted == []
    assert "Release 1 published" in output and "sha256sum -c SHA256SUMS" in output

    folder = releases_in_a_folder_of_the_test / "1"
    assert sorted(path.name for path in folder.iterdir()) == ["CHANGELOG.md", "SHA256SUMS", "veta-data-1.zip"]
    checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK") == 2
    assert made.package_sha256 in (folder / "SHA256SUMS").read_text()
    with zipfile.ZipFile(folder / "veta-data-1.zip") as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
        incidents_csv = archive.read("data/incidents.csv").decode()
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert "A draft no release may show" not in incidents_csv
    changelog = (folder / "CHANGELOG.md").read_text()
    assert f"{len(published)} incidents added, 0 changed, 0 retracted" in changelog


def test_the_next_release_lists_what_was_added_changed_and_retracted_since(releases_in_a_folder_of_the_test):
    changed, retracted = make_incident("Will be corrected"), make_incident("Will be withdrawn")
    release()
    changed.title = "Corrected after a second source"
    changed.save()
    Incident.objects.filter(pk=retracted.pk).update(status=ModerationStatus.RETRACTED, retraction_reason="A duplicate")
    added = make_incident("Published after the first release")

    second, _ = release()

    assert (second.number, second.added, second.changed, second.retracted) == (
        2,
        [added.pk],
        [changed.pk],
        [retracted.pk],
    )
    changelog = (releases_in_a_folder_of_the_test / "2" / "CHANGELOG.md").read_text()
    assert "since release 1" in changelog
    assert f"- {added.pk}: Published after the first release" in changelog
    assert f"- {changed.pk}: Corrected after a second source" in changelog
    assert f"- {retracted.pk}" in changelog and "Will be withdrawn" not in changelog
    # The first release's files stay as they were.
    first = Release.objects.get(number=1)
    assert releases.sha256(releases_in_a_folder_of_the_test / "1" / first.package_name) == first.package_sha256


def test_a_failed_build_records_no_release_and_leaves_no_files(releases_in_a_folder_of_the_test, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(releases, "build_package", broken)
    with pytest.raises(Exception, match="No release was made: disk full"):
        call_command("release", stdout=io.StringIO())
    assert not Release.objects.exists()
    assert list(releases_in_a_folder_of_the_test.iterdir()) == []


def test_releases_are_listed_on_their_page_and_in_the_api_and_their_files_are_served(client):
    made, _ = release("For the annual report")

    page = client.get("/about/releases/").content.decode()
    assert "Release 1" in page and "For the annual report" in page
    assert made.package_sha256 in page and made.changelog_sha256 in page
    assert 'href="/about/releases/1/veta-data-1.zip"' in page

    listed = client.get("/api/v1/releases/").json()
    entry = listed["results"][0]
    assert entry["number"] == 1 and entry["package_sha256"] == made.package_sha256
    assert entry["licence"]["name"] == "CC-BY-4.0"
    assert entry["package_url"] == "http://testserver/about/releases/1/veta-data-1.zip"
    assert client.get("/api/v1/releases/1/").json()["added"] == made.added

    download = client.get("/about/releases/1/veta-data-1.zip")
    body = b"".join(download.streaming_content)
    assert download["Content-Type"] == "application/zip"
    assert "immutable" in download["Cache-Control"]
    assert releases.hashlib.sha256(body).hexdigest() == made.package_sha256
    assert client.get("/about/releases/1/SHA256SUMS").status_code == 200
    assert client.get("/about/releases/1/../../settings.py").status_code == 404
    assert client.get("/about/releases/1/other.zip").status_code == 404
    assert client.get("/about/releases/9/SHA256SUMS").status_code == 404


def test_with_no_release_the_page_says_how_to_make_one(client):
    assert "manage.py release" in client.get("/about/releases/").content.decode()
    assert client.get("/api/v1/releases/").json()["results"] == []


@pytest.mark.parametrize("page", ["479001600", "two", "0"])
def test_a_page_of_releases_that_does_not_exist_is_refused_naming_the_parameter(client, page):
    response = client.get("/api/v1/releases/", {"page": page})
    assert response.status_code == 400
    assert list(response.json()) == ["page"]


def test_the_citation_names_the_latest_release_its_date_access_date_address_and_licence(client):
    incident = Incident.objects.published().order_by("pk").first()
    before = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "No numbered release of the data has been made yet" in before

    release()
    today = datetime.date.today()
    html = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "release 1 of " in html  # APA: "[Data set, release 1 of YYYY-MM-DD]"
    assert f"http://testserver/incidents/{incident.pk}/" in html
    assert f"Retrieved {today.strftime('%B')} {today.day}, {today.year}" in html
    assert "Licence: CC-BY-4.0" in html
    assert "version = {1}," in html and f"urldate = {{{today.isoformat()}}}" in html

    spanish = client.get(f"/incidents/{incident.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Conjunto de datos, versión 1" in spanish and "Recuperado el" in spanish

    about = client.get("/about/").content.decode()
    assert "Veta: violence around illegal and informal gold mining in Peru [Data set, release 1 of" in about
    assert "@misc{veta," in about


def test_a_release_locks_the_table_so_two_at_once_get_two_numbers(releases_in_a_folder_of_the_test) -> None:
    # A second `release` waits on this lock until the first commits, then reads its number.
    with CaptureQueriesContext(connection) as queries:
        first = releases.make_release()
    assert any('LOCK TABLE "overview_release" IN SHARE ROW EXCLUSIVE MODE' in query["sql"] for query in queries)
    assert (first.number, releases.make_release().number) == (1, 2)
