"""A GIS user's tools read the GeoJSON: GDAL's ogrinfo finds one feature per published incident."""

import json
import re
import shutil
import subprocess
import zipfile

import pytest

from incidents.models import Incident

pytestmark = pytest.mark.django_db
OGRINFO = shutil.which("ogrinfo") or "/usr/bin/ogrinfo"


def ogrinfo(path) -> str:
    done = subprocess.run([OGRINFO, "-ro", "-so", "-al", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_ogrinfo_reads_one_point_feature_per_incident_from_the_api(client, tmp_path) -> None:
    response = client.get("/api/v1/incidents/?format=geojson")
    path = tmp_path / "incidents.geojson"
    path.write_bytes(b"".join(response.streaming_content))
    summary = ogrinfo(path)
    published = Incident.objects.published().count()
    assert published >= 5
    assert re.search(rf"^Feature Count: {published}$", summary, re.M), summary
    assert "Geometry: Point" in summary
    assert re.search(r"^point_is_area: Integer\(Boolean\)", summary, re.M), summary
    assert re.search(r"^place_precision: String", summary, re.M), summary


def test_ogrinfo_reads_the_data_packages_geojson(client, tmp_path) -> None:
    archive = tmp_path / "veta-data.zip"
    archive.write_bytes(b"".join(client.get("/about/veta-data.zip").streaming_content))
    with zipfile.ZipFile(archive) as package:
        (tmp_path / "incidents.geojson").write_bytes(package.read("data/incidents.geojson"))
    summary = ogrinfo(tmp_path / "incidents.geojson")
    assert re.search(rf"^Feature Count: {Incident.objects.published().count()}$", summary, re.M), summary
    collection = json.loads((tmp_path / "incidents.geojson").read_text())
    assert collection["metadata"]["without_coordinates"] == 0
