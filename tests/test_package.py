"""The public data package: its CSVs match their datapackage.json and the database, and hold only public data."""

import csv
import datetime
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from enforcement.choices import ReinfoStatus
from enforcement.models import (
    EnforcementOperation,
    MachineryDestroyed,
    OperationReport,
    ReinfoRecord,
    ReinfoSnapshot,
    ReinfoStatusChange,
)
from enforcement.validators import ruc_check_digit
from incidents.choices import ActorKind, ActorRole, CasualtyOutcome, CasualtyRole, IncidentType
from incidents.models import Actor, Casualty, Claim, Incident, IncidentActor, Source
from overview import package
from overview.models import Indicator
from regions.models import District, MiningSite, ProtectedArea, Province, Region

pytestmark = pytest.mark.django_db

FRICTIONLESS_TYPES = {"string", "integer", "number", "boolean", "date", "datetime"}
NAME = re.compile(r"^[a-z0-9._-]+$")


def ruc(first_ten: str) -> str:
    return first_ten + str(ruc_check_digit(first_ten))


@pytest.fixture
def records() -> dict:
    """Drafts and private data that must stay out, and public REINFO and machinery rows that must go in."""
    draft_source = Source.objects.create(title="Only a draft rests on this", url="https://example.org/draft-only")
    draft_actor = Actor.objects.create(name="Draft-only gang", kind=ActorKind.CRIMINAL_GROUP)
    draft_site = MiningSite.objects.create(name="Unpublished camp", kind="camp", region_id="17", status="draft")
    draft = Incident.objects.create(
        title="Unverified draft shooting", incident_type=IncidentType.ARMED_ATTACK,
        date_start=datetime.date(2026, 2, 1), date_end=datetime.date(2026, 2, 1), region_id="17", status="draft",
        site=draft_site,
    )  # fmt: skip
    Claim.objects.create(incident=draft, source=draft_source, claimed_on=datetime.date(2026, 2, 2), killed=2)
    draft.sources.add(draft_source)
    IncidentActor.objects.create(incident=draft, actor=draft_actor, role=ActorRole.PERPETRATOR)
    Casualty.objects.create(incident=draft, outcome=CasualtyOutcome.KILLED, role=CasualtyRole.MINER, count=2)
    published = Incident.objects.create(
        title="Published attack at an unpublished camp", incident_type=IncidentType.ARMED_ATTACK,
        date_start=datetime.date(2026, 2, 3), date_end=datetime.date(2026, 2, 3), region_id="17", status="published",
        site=draft_site, place_precision="exact", latitude=Decimal("-12.7"), longitude=Decimal("-69.3"),
    )  # fmt: skip
    private = Casualty.objects.create(
        incident=published, outcome=CasualtyOutcome.KILLED, role=CasualtyRole.MINER, name="Rosa Huamán Quispe", age=29
    )
    public = Casualty.objects.create(
        incident=published, outcome=CasualtyOutcome.KILLED, role=CasualtyRole.CIVILIAN, name="Alcalde Público",
        age=51, name_is_public=True,
    )  # fmt: skip
    draft_operation = EnforcementOperation.objects.create(
        title="Draft raid", kind="raid", date_start=datetime.date(2026, 2, 5), date_end=datetime.date(2026, 2, 5),
        region_id="17", status="draft",
    )  # fmt: skip
    operation = EnforcementOperation.objects.get(import_key="operation-2022-10-04-san-jacinto-camp")
    MachineryDestroyed.objects.create(operation=operation, kind="dredge", count=3)
    MachineryDestroyed.objects.create(operation=draft_operation, kind="raft", count=9)
    snapshot = ReinfoSnapshot.objects.create(as_of=datetime.date(2025, 12, 1), title="REINFO Dec 2025", row_count=1)
    record = ReinfoRecord.objects.create(
        ruc=ruc("2060000001"), declarant_name="Minera Ejemplo S.A.C.", codigo_unico="010000125",
        district_id="170101", status=ReinfoStatus.VIGENTE, first_snapshot=snapshot, last_snapshot=snapshot,
        mining_site=draft_site,
    )  # fmt: skip
    ReinfoStatusChange.objects.create(
        record=record, snapshot=snapshot, from_status="", to_status=ReinfoStatus.VIGENTE, changed_on=snapshot.as_of
    )
    return {
        "draft": draft,
        "draft_source": draft_source,
        "draft_actor": draft_actor,
        "draft_site": draft_site,
        "draft_operation": draft_operation,
        "published": published,
        "private": private,
        "public": public,
        "record": record,
    }


def build(tmp_path: Path, *args: str) -> zipfile.ZipFile:
    target = tmp_path / "veta-data.zip"
    call_command("export_package", str(target), *args, stdout=io.StringIO())
    return zipfile.ZipFile(target)


def read_csv(archive: zipfile.ZipFile, path: str) -> tuple[list[str], list[dict[str, str]]]:
    rows = list(csv.reader(io.StringIO(archive.read(path).decode("utf-8"), newline="")))
    return rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def descriptor(archive: zipfile.ZipFile) -> dict:
    return json.loads(archive.read("datapackage.json"))


def tables(archive: zipfile.ZipFile) -> dict[str, tuple[dict, list[dict[str, str]]]]:
    """Each tabular resource's descriptor and rows."""
    found = {}
    for resource in descriptor(archive)["resources"]:
        if resource.get("profile") == "tabular-data-resource":
            header, rows = read_csv(archive, resource["path"])
            assert header == [field["name"] for field in resource["schema"]["fields"]], resource["name"]
            found[resource["name"]] = (resource, rows)
    return found


def valid_cell(value: str, field_type: str) -> bool:
    parsers = {
        "string": str,
        "integer": int,
        "number": Decimal,
        "boolean": {"true": True, "false": False}.__getitem__,
        "date": datetime.date.fromisoformat,
        "datetime": lambda text: datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ"),
    }
    try:
        parsers[field_type](value)
    except (ValueError, KeyError, ArithmeticError):
        return False
    return True


# --- The package's structure ------------------------------------------------------------------


def test_the_package_holds_every_table_a_geojson_and_the_texts(tmp_path, records) -> None:
    archive = build(tmp_path)
    names = set(archive.namelist())
    assert {"datapackage.json", "LICENSE.txt", "CITATION.txt", "data/incidents.geojson"} <= names
    expected = {
        "incidents", "claims", "casualties", "actors", "incident_actors", "sources", "incident_sources", "operations",
        "operation_machinery", "operation_incidents", "operation_sources", "operation_reports", "reinfo_snapshots",
        "reinfo_records", "reinfo_status_changes", "mining_sites", "protected_areas", "regions", "provinces",
        "districts", "indicators",
    }  # fmt: skip
    assert set(tables(archive)) == expected
    assert {f"data/{name}.csv" for name in expected} <= names
    assert archive.testzip() is None


def test_the_datapackage_json_follows_the_frictionless_data_package_spec(tmp_path, records) -> None:
    archive = build(tmp_path)
    package_descriptor = descriptor(archive)
    assert package_descriptor["profile"] == "data-package"
    assert NAME.match(package_descriptor["name"])
    assert package_descriptor["title"]
    assert package_descriptor["licenses"] and all(
        "name" in licence or "path" in licence for licence in package_descriptor["licenses"]
    )
    datetime.datetime.strptime(package_descriptor["created"], "%Y-%m-%dT%H:%M:%SZ")
    resources = package_descriptor["resources"]
    names = [resource["name"] for resource in resources]
    assert len(names) == len(set(names))
    by_name = {resource["name"]: resource for resource in resources}
    for resource in resources:
        assert NAME.match(resource["name"]), resource["name"]
        assert resource["path"] in archive.namelist()
        assert resource["title"] and resource["description"]
        if resource["profile"] != "tabular-data-resource":
            assert resource["mediatype"] == "application/geo+json"
            continue
        schema = resource["schema"]
        field_names = [field["name"] for field in schema["fields"]]
        assert len(field_names) == len(set(field_names)), resource["name"]
        for field in schema["fields"]:
            assert field["type"] in FRICTIONLESS_TYPES, (resource["name"], field)
            assert field["description"], (resource["name"], field["name"])
            assert set(field.get("constraints", {})) <= {"required", "enum", "pattern"}
        primary_key = schema["primaryKey"] if isinstance(schema["primaryKey"], list) else [schema["primaryKey"]]
        assert set(primary_key) <= set(field_names), resource["name"]
        for foreign_key in schema.get("foreignKeys", []):
            assert foreign_key["fields"] in field_names
            target = by_name[foreign_key["reference"]["resource"]]
            assert foreign_key["reference"]["fields"] in [field["name"] for field in target["schema"]["fields"]]
    for resource_name in ("regions", "provinces", "districts"):
        assert by_name[resource_name]["licenses"][0]["name"] == "MIT"


def test_coded_fields_list_their_codes_and_meanings(tmp_path) -> None:
    fields = {
        field["name"]: field
        for resource in descriptor(build(tmp_path))["resources"]
        if resource["name"] == "incidents"
        for field in resource["schema"]["fields"]
    }
    assert fields["type"]["constraints"]["enum"] == list(IncidentType.values)
    assert "massacre = massacre (4 or more killed)" in fields["type"]["description"]
    assert fields["date_precision"]["constraints"]["enum"] == ["day", "days", "week", "month", "year"]
    assert fields["place_precision"]["constraints"]["enum"] == ["exact", "near", "district", "province", "region"]


# --- The data ----------------------------------------------------------------------------------------


def test_every_csv_rereads_with_the_csv_module_and_obeys_its_schema(tmp_path, records) -> None:
    found = tables(build(tmp_path))
    keys: dict[tuple[str, str], set[str]] = {}
    for name, (resource, rows) in found.items():
        for field in resource["schema"]["fields"]:
            keys[(name, field["name"])] = {row[field["name"]] for row in rows}
    for name, (resource, rows) in found.items():
        schema = resource["schema"]
        for field in schema["fields"]:
            constraints = field.get("constraints", {})
            for row in rows:
                value = row[field["name"]]
                if value == "":
                    assert not constraints.get("required"), (name, field["name"], row)
                    continue
                assert valid_cell(value, field["type"]), (name, field["name"], value)
                if "enum" in constraints:
                    assert value in constraints["enum"], (name, field["name"], value)
                if "pattern" in constraints:
                    assert re.fullmatch(constraints["pattern"], value), (name, field["name"], value)
        primary_key = schema["primaryKey"] if isinstance(schema["primaryKey"], list) else [schema["primaryKey"]]
        identities = [tuple(row[key] for key in primary_key) for row in rows]
        assert len(identities) == len(set(identities)), name
        for foreign_key in schema.get("foreignKeys", []):
            referenced = keys[(foreign_key["reference"]["resource"], foreign_key["reference"]["fields"])]
            dangling = {row[foreign_key["fields"]] for row in rows} - referenced - {""}
            assert not dangling, (name, foreign_key, dangling)


def test_the_csvs_match_the_database(tmp_path, records) -> None:
    found = tables(build(tmp_path))
    incidents = {int(row["id"]): row for row in found["incidents"][1]}
    assert set(incidents) == set(Incident.objects.published().values_list("pk", flat=True))
    for incident in Incident.objects.published():
        row = incidents[incident.pk]
        assert row["title"] == incident.title
        assert row["type"] == incident.incident_type
        assert (row["date_start"], row["date_end"]) == (incident.date_start.isoformat(), incident.date_end.isoformat())
        assert row["region_code"] == incident.region_id
        for outcome in ("killed", "injured", "missing", "rescued"):
            low, best, high = incident.figures(outcome)
            assert row[f"{outcome}_best"] == ("" if best is None else str(best))
            assert row[f"{outcome}_low"] == ("" if low is None else str(low))
            assert row[f"{outcome}_high"] == ("" if high is None else str(high))
    claims = {int(row["id"]) for row in found["claims"][1]}
    assert claims == set(Claim.objects.filter(incident__status="published").values_list("pk", flat=True))
    assert len(found["regions"][1]) == Region.objects.count() == 25
    assert len(found["provinces"][1]) == Province.objects.count()
    assert len(found["districts"][1]) == District.objects.count()
    la_libertad = next(row for row in found["regions"][1] if row["code"] == "13")
    assert (la_libertad["display_name"], la_libertad["iso_code"]) == ("La Libertad", "PE-LAL")
    report = found["operation_reports"][1][0]
    assert report["value_destroyed"] == "3700000000.00"  # exact soles, never a float
    assert (report["region_codes"], report["province_codes"]) == ("13", "1308")
    record = found["reinfo_records"][1][0]
    assert (record["ruc"], record["district_code"], record["status"]) == (
        records["record"].ruc,
        "170101",
        "vigente",
    )
    assert found["reinfo_status_changes"][1][0]["from_status"] == ""
    operation_machinery = found["operation_machinery"][1]
    assert [(row["kind"], row["count"]) for row in operation_machinery] == [("dredge", "3")]


def test_every_table_holds_exactly_the_public_records_of_the_database(tmp_path, records) -> None:
    found = tables(build(tmp_path))
    published = {"status": "published"}

    casualties = {int(row["id"]): row for row in found["casualties"][1]}
    assert set(casualties) == set(Casualty.objects.filter(incident__status="published").values_list("pk", flat=True))
    for casualty in Casualty.objects.filter(pk__in=casualties):
        row = casualties[casualty.pk]
        assert (row["incident_id"], row["outcome"], row["role"], row["count"]) == (
            str(casualty.incident_id), casualty.outcome, casualty.role, str(casualty.count)
        )  # fmt: skip
    assert casualties[records["public"].pk]["name"] == "Alcalde Público"
    assert casualties[records["private"].pk]["name"] == casualties[records["private"].pk]["age"] == ""

    actors = {int(row["id"]): row for row in found["actors"][1]}
    used_actors = set(IncidentActor.objects.filter(incident__status="published").values_list("actor_id", flat=True))
    assert set(actors) == used_actors and records["draft_actor"].pk not in actors
    for actor in Actor.objects.filter(pk__in=actors):
        assert (actors[actor.pk]["name"], actors[actor.pk]["kind"]) == (actor.name, actor.kind)

    incident_sources = {(int(row["incident_id"]), int(row["source_id"])) for row in found["incident_sources"][1]}
    assert incident_sources == set(
        Incident.sources.through.objects.filter(incident__status="published").values_list("incident_id", "source_id")
    )

    sources = {int(row["id"]): row for row in found["sources"][1]}
    resting_on = (
        {source_id for _incident, source_id in incident_sources}
        | set(Claim.objects.filter(incident__status="published").values_list("source_id", flat=True))
        | set(EnforcementOperation.sources.through.objects.filter(
            enforcementoperation__status="published").values_list("source_id", flat=True))
        | set(OperationReport.objects.values_list("source_id", flat=True))
        | set(Indicator.objects.values_list("source_id", flat=True))
        | set(ReinfoSnapshot.objects.exclude(source=None).values_list("source_id", flat=True))
    )  # fmt: skip
    assert set(sources) == resting_on and records["draft_source"].pk not in sources
    for source in Source.objects.filter(pk__in=sources):
        row = sources[source.pk]
        assert (row["title"], row["url"], row["language"]) == (source.title, source.url or "", source.language)

    operations = {int(row["id"]): row for row in found["operations"][1]}
    assert set(operations) == set(EnforcementOperation.objects.filter(**published).values_list("pk", flat=True))
    assert records["draft_operation"].pk not in operations
    for operation in EnforcementOperation.objects.filter(pk__in=operations):
        row = operations[operation.pk]
        assert (row["title"], row["kind"], row["region_code"]) == (operation.title, operation.kind, operation.region_id)
        assert row["agencies"] == ";".join(operation.agencies)
        value = operation.value_destroyed
        assert row["value_destroyed"] == ("" if value is None else format(value, "f"))

    sites = {int(row["id"]): row for row in found["mining_sites"][1]}
    assert set(sites) == set(MiningSite.objects.filter(**published).values_list("pk", flat=True))
    assert records["draft_site"].pk not in sites
    for site in MiningSite.objects.filter(pk__in=sites):
        row = sites[site.pk]
        assert (row["name"], row["kind"], row["region_code"]) == (site.name, site.kind, site.region_id)

    areas = {int(row["id"]): row for row in found["protected_areas"][1]}
    assert set(areas) == set(ProtectedArea.objects.values_list("pk", flat=True))
    for area in ProtectedArea.objects.all():
        row = areas[area.pk]
        assert (row["name"], row["category"]) == (area.name, area.category)
        assert row["region_codes"] == ";".join(area.regions.order_by("code").values_list("code", flat=True))

    indicators = {int(row["id"]): row for row in found["indicators"][1]}
    assert set(indicators) == set(Indicator.objects.values_list("pk", flat=True))
    for indicator in Indicator.objects.all():
        row = indicators[indicator.pk]
        assert Decimal(row["value"]) == indicator.value
        assert (row["unit"], row["source_id"], row["region_code"]) == (
            indicator.unit, str(indicator.source_id), indicator.region_id or ""
        )  # fmt: skip

    snapshots = {int(row["id"]): row for row in found["reinfo_snapshots"][1]}
    assert set(snapshots) == set(ReinfoSnapshot.objects.values_list("pk", flat=True))
    for snapshot in ReinfoSnapshot.objects.all():
        row = snapshots[snapshot.pk]
        assert (row["as_of"], row["row_count"], row["title"]) == (
            snapshot.as_of.isoformat(), str(snapshot.row_count), snapshot.title
        )  # fmt: skip
    # The real records hold something in every table compared here, so no comparison is of two empty sets.
    for name in ("casualties", "actors", "sources", "incident_sources", "operations", "mining_sites",
                 "protected_areas", "indicators", "reinfo_snapshots"):  # fmt: skip
        assert found[name][1], name


def test_no_draft_and_nothing_only_a_draft_uses_reaches_the_package(tmp_path, records) -> None:
    archive = build(tmp_path)
    found = tables(archive)
    everything = "".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.startswith("data/"))
    for text in ("Unverified draft shooting", "Only a draft rests on this", "Draft-only gang", "Unpublished camp",
                 "Draft raid"):  # fmt: skip
        assert text not in everything
    draft_id = str(records["draft"].pk)
    assert draft_id not in {row["incident_id"] for row in found["claims"][1]}
    assert draft_id not in {row["incident_id"] for row in found["incident_actors"][1]}
    assert draft_id not in {row["incident_id"] for row in found["casualties"][1]}
    assert str(records["draft_operation"].pk) not in {row["operation_id"] for row in found["operation_machinery"][1]}
    # A published incident and a REINFO record at a draft site keep no trace of the site.
    published = next(row for row in found["incidents"][1] if row["id"] == str(records["published"].pk))
    assert published["site_id"] == ""
    assert found["reinfo_records"][1][0]["mining_site_id"] == ""
    assert str(records["draft_operation"].pk) not in {row["id"] for row in found["operations"][1]}


def test_private_names_and_ages_stay_out_and_public_ones_go_in(tmp_path, records) -> None:
    archive = build(tmp_path)
    everything = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    assert "Rosa Huamán Quispe" not in everything
    rows = {int(row["id"]): row for row in tables(archive)["casualties"][1]}
    assert (rows[records["private"].pk]["name"], rows[records["private"].pk]["age"]) == ("", "")
    assert (rows[records["public"].pk]["name"], rows[records["public"].pk]["age"]) == ("Alcalde Público", "51")


def test_the_geojson_draws_every_published_incident(tmp_path, records) -> None:
    collection = json.loads(build(tmp_path).read("data/incidents.geojson"))
    assert collection["type"] == "FeatureCollection"
    published = list(Incident.objects.published().order_by("pk").values_list("pk", flat=True))
    assert [feature["id"] for feature in collection["features"]] == published
    own = [feature["id"] for feature in collection["features"] if not feature["properties"]["point_is_area"]]
    assert own == [records["published"].pk]
    assert collection["metadata"] == {
        "features": 6,
        "without_coordinates": 0,
        "license": {
            "name": "CC-BY-4.0",
            "title": "Creative Commons Attribution 4.0 International",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        },
    }


def test_the_data_is_cc_by_and_the_reference_data_keeps_its_own_licence(tmp_path) -> None:
    archive = build(tmp_path, "--site-url", "https://veta.example.org/")
    licence = archive.read("LICENSE.txt").decode()
    assert "Creative Commons Attribution 4.0 International licence (CC-BY-4.0)" in licence
    assert "Copyright (c) 2021 Jesus M. Castagnetto" in licence
    assert "Copyright (c) 2025 MichaelSuarez0" in licence
    assert "MIT License" in licence
    citation = archive.read("CITATION.txt").decode()
    assert "https://veta.example.org/about/veta-data.zip" in citation
    assert "@misc{veta" in citation
    assert descriptor(archive)["homepage"] == "https://veta.example.org/"


def test_building_runs_the_same_queries_for_3_or_30_more_incidents(tmp_path, django_assert_num_queries) -> None:
    def queries_for(extra: int) -> None:
        Incident.objects.bulk_create(
            Incident(title=f"Bulk {extra} {n}", incident_type="extortion", date_start=datetime.date(2026, 1, 5),
                     date_end=datetime.date(2026, 1, 5), region_id="17", status="published")
            for n in range(extra)
        )  # fmt: skip
        # Expect 26 queries: the data's state, one per table (21), the regions and
        # provinces of the summary reports and the regions of protected areas
        # (prefetched, 3), and the incidents for the GeoJSON.
        with django_assert_num_queries(26):
            package.build_package(tmp_path / f"package-{extra}.zip")

    queries_for(3)
    queries_for(27)


def parallel_plans(on: bool) -> None:
    """Let PostgreSQL run the data state's UNION ALL as a Parallel Append, or forbid it, for this transaction."""
    settings = {"parallel_setup_cost": 0, "parallel_tuple_cost": 0, "min_parallel_table_scan_size": 0}
    with connection.cursor() as cursor:
        for name, value in settings.items():
            cursor.execute(f"SET LOCAL {name} = {value}")
        cursor.execute(f"SET LOCAL max_parallel_workers_per_gather = {4 if on else 0}")


# `server`: the server's planner and its parallel workers.
@pytest.mark.server
def test_the_data_state_is_the_same_whatever_order_postgresql_returns_the_tables_in() -> None:
    # A Parallel Append (large or bloated tables, or fresh statistics after autovacuum)
    # returns the tables' rows in whichever order its workers finish them.
    parallel_plans(on=False)
    serial = package.data_state()
    parallel_plans(on=True)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + package.data_state_query())
        assert "Parallel Append" in "\n".join(row for (row,) in cursor.fetchall())
    assert [package.data_state() for _ in range(5)] == [serial] * 5


# --- /about/veta-data.zip -----------------------------------------------------------------------------


@pytest.fixture
def packages_dir(tmp_path, monkeypatch) -> Path:
    directory = tmp_path / "packages"
    monkeypatch.setattr(package, "package_dir", lambda: directory)
    return directory


def test_the_download_serves_the_package_and_builds_it_once_while_the_data_stays_the_same(
    client, packages_dir, monkeypatch
) -> None:
    builds = []
    real_build = package.build_package

    def counting_build(*args, **kwargs):
        builds.append(args[0])
        return real_build(*args, **kwargs)

    states = []
    real_state = package.data_state

    def recording_state():
        states.append(real_state())
        return states[-1]

    monkeypatch.setattr(package, "build_package", counting_build)
    monkeypatch.setattr(package, "data_state", recording_state)
    response = client.get("/about/veta-data.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="veta-data.zip"'
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "datapackage.json" in archive.namelist()
    assert "http://testserver/about/veta-data.zip" in archive.read("CITATION.txt").decode()
    etag = response["ETag"]

    again = client.get("/about/veta-data.zip")
    # On a mismatch, name the tables whose state moved between the two downloads.
    moved = set(states[0].tables) ^ set(states[-1].tables)
    assert again["ETag"] == etag, sorted(moved, key=str)
    b"".join(again.streaming_content)
    assert len(builds) == 1
    assert client.get("/about/veta-data.zip", headers={"if-none-match": etag}).status_code == 304

    Incident.objects.create(
        title="A new published incident", incident_type="extortion", date_start=datetime.date(2026, 3, 1),
        date_end=datetime.date(2026, 3, 1), region_id="13", status="published",
    )  # fmt: skip
    changed = client.get("/about/veta-data.zip", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert b"A new published incident" in zipfile.ZipFile(io.BytesIO(b"".join(changed.streaming_content))).read(
        "data/incidents.csv"
    )
    assert len(builds) == 2
    assert len(list(packages_dir.glob("veta-data-*.zip"))) == 1  # the outdated package is gone


def test_the_download_is_the_public_package_even_for_editors(client, packages_dir, records, admin_user) -> None:
    client.force_login(admin_user)
    response = client.get("/about/veta-data.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert b"Unverified draft shooting" not in archive.read("data/incidents.csv")


def test_the_download_refuses_other_methods(client, packages_dir) -> None:
    assert client.post("/about/veta-data.zip").status_code == 405


def test_publishing_without_saving_still_gives_a_new_package(client, packages_dir, records) -> None:
    first = client.get("/about/veta-data.zip")
    etag = first["ETag"]
    b"".join(first.streaming_content)  # read to the end, which closes the file
    Incident.objects.filter(pk=records["draft"].pk).update(status="published")  # updated_at stays as it was
    response = client.get("/about/veta-data.zip", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert b"Unverified draft shooting" in zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).read(
        "data/incidents.csv"
    )
