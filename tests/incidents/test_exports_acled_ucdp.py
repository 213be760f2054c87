"""ACLED- and UCDP-GED-compatible exports of incidents: columns, mapped values, filters, visibility."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.test import Client

from incidents.choices import ActorKind, ActorRole, CasualtyOutcome, CasualtyRole, IncidentType
from incidents.exports import ACLED_FIELDS, TYPE_MAPPING, UCDP_FIELDS, priogrid_gid
from incidents.models import Actor, Casualty, Claim, Incident, IncidentActor, Source
from incidents.services import add_claim
from tests.exports import csv_records, streamed

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents/"
NEW_YEAR = "incident-2026-la-libertad-new-year-attack"
MAY_2025 = "incident-2025-05-la-libertad-massacre"
RIOTS = "incident-2012-03-puerto-maldonado-riots"
RESCUE = "incident-2011-10-madre-de-dios-trafficking-rescue"
ARSON = "incident-2022-08-25-la-pampa-arson"

ACLED_MINIMUM = [
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
    "timestamp",
]  # fmt: skip
UCDP_MINIMUM = [
    "date_start", "date_end", "date_prec", "where_prec", "adm_1", "adm_2", "latitude", "longitude", "best", "low",
    "high", "source_article", "source_office", "source_date", "source_headline", "source_original", "country",
    "country_id", "type_of_violence",
]  # fmt: skip


def real(key: str) -> Incident:
    return Incident.objects.get(import_key=key)


def rows_by_id(response, id_column: str, prefix: str = "") -> dict[int, dict]:
    _, rows = csv_records(response)
    return {int(row[id_column].removeprefix(prefix)): row for row in rows}


def acled(client: Client, query: str = "") -> dict[int, dict]:
    return rows_by_id(client.get(f"{URL}?format=acled{query}"), "event_id_cnty", "PERV")


def ucdp(client: Client, query: str = "") -> dict[int, dict]:
    return rows_by_id(client.get(f"{URL}?format=ucdp{query}"), "id")


def make_incident(**fields) -> Incident:
    defaults = {
        "title": "Test incident",
        "incident_type": IncidentType.ARMED_ATTACK,
        "date_start": datetime.date(2026, 2, 10),
        "date_end": datetime.date(2026, 2, 10),
        "date_precision": "day",
        "region_id": "17",
        "place_precision": "region",
        "status": "published",
    }
    return Incident.objects.create(**{**defaults, **fields})


# --- Columns --------------------------------------------------------------------------------


def test_the_acled_export_has_acleds_columns_in_acleds_order(client) -> None:
    response = client.get(f"{URL}?format=acled")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="veta-incidents-acled.csv"'
    header, rows = csv_records(response)
    assert header == ACLED_FIELDS
    assert [name for name in header if name in ACLED_MINIMUM] == ACLED_MINIMUM
    assert len(rows) == 5


def test_the_ucdp_export_has_the_ged_columns(client) -> None:
    response = client.get(f"{URL}?format=ucdp")
    assert response["Content-Disposition"] == 'attachment; filename="veta-incidents-ucdp.csv"'
    header, rows = csv_records(response)
    assert header == UCDP_FIELDS
    assert set(UCDP_MINIMUM) <= set(header)
    assert len(rows) == 5


def test_every_incident_type_has_an_acled_and_ucdp_mapping() -> None:
    assert set(TYPE_MAPPING) == set(IncidentType.values)


# --- The real records, mapped ------------------------------------------------------------------


def test_the_month_precision_massacre_maps_to_time_precision_3_and_date_prec_4(client) -> None:
    incident = real(MAY_2025)
    row = acled(client)[incident.pk]
    assert row["event_date"] == "2025-05-16"  # the middle of the month, as ACLED codes a month
    assert (row["year"], row["time_precision"]) == ("2025", "3")
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"]) == (
        "Political violence",
        "Violence against civilians",
        "Attack",
    )
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"], row["interaction"]) == (
        "Criminal gangs (unidentified)",
        "3",
        "Informal miners",
        "7",
        "37",
    )
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["iso"], row["region"], row["country"]) == ("604", "South America", "Peru")
    assert (row["admin1"], row["admin2"], row["admin3"]) == ("La Libertad", "", "")
    # Known only at region level: placed at the region's capital, with the precision of a region.
    assert (row["location"], row["latitude"], row["longitude"], row["geo_precision"]) == (
        "Trujillo",
        "-8.100000",
        "-79.030556",
        "3",
    )
    assert row["fatalities"] == "13"
    assert row["tags"] == "veta_type=massacre; date_range=2025-05-01/2025-05-31"
    assert row["notes"] == incident.description
    assert row["timestamp"] == str(int(incident.updated_at.timestamp()))

    ged = ucdp(client)[incident.pk]
    assert (ged["date_start"], ged["date_end"], ged["date_prec"], ged["year"]) == (
        "2025-05-01",
        "2025-05-31",
        "4",
        "2025",
    )
    assert (ged["where_prec"], ged["adm_1"], ged["adm_2"]) == ("4", "La Libertad department", "")
    assert (ged["best"], ged["low"], ged["high"]) == ("13", "13", "13")
    assert (ged["deaths_a"], ged["deaths_b"], ged["deaths_civilians"], ged["deaths_unknown"]) == ("0", "0", "13", "0")
    assert (ged["type_of_violence"], ged["side_a"], ged["side_b"]) == (
        "3",
        "Criminal gangs (unidentified)",
        "Civilians",
    )
    assert (ged["country"], ged["country_id"], ged["region"]) == ("Peru", "135", "Americas")
    assert ged["number_of_sources"] == "2"
    assert ged["source_headline"] == (
        "Report on an armed attack on informal miners in La Libertad on New Year's Eve; "
        "Peru mine attack: 3 dead and 7 missing in La Libertad"
    )
    assert ged["where_description"] == "Same district as the New Year attack (not named)"
    assert ged["geom_wkt"] == "POINT (-79.030556 -8.100000)"
    assert ged["priogrid_gid"] == str(priogrid_gid(Decimal("-8.1"), Decimal("-79.030556"))) == "117562"


def test_the_new_year_attack_over_two_days_maps_to_time_precision_2_and_date_prec_2(client) -> None:
    incident = real(NEW_YEAR)
    row = acled(client)[incident.pk]
    assert (row["event_date"], row["time_precision"], row["fatalities"]) == ("2025-12-31", "2", "3")
    assert (row["actor1"], row["inter1"], row["interaction"]) == ("Unidentified armed assailants", "3", "37")
    ged = ucdp(client)[incident.pk]
    assert (ged["date_start"], ged["date_end"], ged["date_prec"]) == ("2025-12-31", "2026-01-01", "2")
    assert ged["source_office"] == ""  # the outlets are not known


def test_the_puerto_maldonado_riots_map_to_riots_at_district_precision(client) -> None:
    incident = real(RIOTS)
    row = acled(client)[incident.pk]
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"]) == (
        "Political violence; Demonstrations",
        "Riots",
        "Violent demonstration",
    )
    # The police are state forces (1); the miners they fired on, rioters (5).
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"], row["interaction"]) == (
        "National Police of Peru (PNP)",
        "1",
        "Informal miners",
        "5",
        "15",
    )
    assert (row["admin1"], row["admin2"], row["admin3"]) == ("Madre de Dios", "Tambopata", "Tambopata")
    assert (row["location"], row["geo_precision"], row["time_precision"]) == ("Puerto Maldonado", "2", "3")
    assert (row["source"], row["fatalities"], row["civilian_targeting"]) == ("InSight Crime", "3", "")
    ged = ucdp(client)[incident.pk]
    assert (ged["where_prec"], ged["adm_1"], ged["adm_2"]) == ("3", "Madre de Dios department", "Tambopata province")
    assert (ged["type_of_violence"], ged["side_a"], ged["side_b"], ged["gwnoa"]) == (
        "3",
        "National Police of Peru (PNP)",
        "Civilians",
        "135",
    )
    assert (ged["deaths_civilians"], ged["deaths_unknown"], ged["best"]) == ("0", "3", "3")
    assert ged["source_article"] == 'InSight Crime, "Crackdown on illegal mining triggers protests in Puerto Maldonado"'


def test_the_la_pampa_arson_by_miners_is_mob_violence_and_state_based_for_ucdp(client) -> None:
    incident = real(ARSON)
    row = acled(client)[incident.pk]
    assert (row["event_date"], row["time_precision"]) == ("2022-08-25", "1")
    assert (row["event_type"], row["sub_event_type"], row["disorder_type"]) == (
        "Riots",
        "Mob violence",
        "Political violence",
    )
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("5", "1", "15")
    assert (row["location"], row["geo_precision"], row["fatalities"]) == ("Puerto Maldonado", "3", "1")
    assert row["tags"] == "veta_type=attack_on_security_forces"
    ged = ucdp(client)[incident.pk]
    assert (ged["type_of_violence"], ged["side_a"], ged["side_b"], ged["gwnoa"]) == (
        "1",
        "Police and armed forces",
        "Illegal miners",
        "135",
    )
    assert (ged["date_prec"], ged["best"], ged["deaths_unknown"]) == ("1", "1", "1")
    assert ged["dyad_name"] == "Police and armed forces - Illegal miners"


def test_the_trafficking_rescue_is_a_strategic_development_without_a_ucdp_type(client) -> None:
    incident = real(RESCUE)
    row = acled(client)[incident.pk]
    assert (row["event_type"], row["sub_event_type"], row["fatalities"]) == ("Strategic developments", "Other", "0")
    # No perpetrator is named: the police who responded are actor 1.
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"]) == (
        "National Police of Peru (PNP)",
        "1",
        "Trafficked women and girls",
        "7",
    )
    ged = ucdp(client)[incident.pk]
    assert (ged["type_of_violence"], ged["best"], ged["low"], ged["high"]) == ("", "0", "0", "0")


def test_an_incident_with_its_own_point_keeps_it_with_geo_precision_1(client) -> None:
    incident = make_incident(
        title="Shooting at a dredge",
        place_precision="exact",
        latitude=Decimal("-12.850000"),
        longitude=Decimal("-69.700000"),
        location_name="Dredge on the Malinowski river",
        incident_type=IncidentType.CLASH_WITH_SECURITY_FORCES,
    )
    row = acled(client)[incident.pk]
    assert (row["location"], row["latitude"], row["longitude"], row["geo_precision"]) == (
        "Dredge on the Malinowski river",
        "-12.850000",
        "-69.700000",
        "1",
    )
    assert (row["event_type"], row["sub_event_type"], row["fatalities"]) == ("Battles", "Armed clash", "0")
    ged = ucdp(client)[incident.pk]
    assert (ged["where_prec"], ged["where_coordinates"], ged["priogrid_gid"]) == (
        "1",
        "Dredge on the Malinowski river",
        str(priogrid_gid(Decimal("-12.85"), Decimal("-69.7"))),
    )
    assert (ged["type_of_violence"], ged["side_a"], ged["gwnoa"]) == ("1", "Government of Peru", "135")


def test_ucdp_deaths_are_apportioned_by_role_and_add_up_to_best(client) -> None:
    incident = make_incident(title="Clash at a camp", incident_type=IncidentType.CLASH_WITH_SECURITY_FORCES)
    police = Actor.objects.create(name="DIRMEAMB patrol", kind=ActorKind.SECURITY_FORCES)
    gang = Actor.objects.create(name="Los Topos", kind=ActorKind.CRIMINAL_GROUP)
    IncidentActor.objects.create(incident=incident, actor=gang, role=ActorRole.PERPETRATOR)
    IncidentActor.objects.create(incident=incident, actor=police, role=ActorRole.TARGET)
    for role, count in ((CasualtyRole.SECURITY_FORCES, 2), (CasualtyRole.ASSAILANT, 3), (CasualtyRole.CIVILIAN, 1)):
        Casualty.objects.create(incident=incident, outcome=CasualtyOutcome.KILLED, role=role, count=count)
    source = Source.objects.create(title="Enfrentamiento", url="https://example.org/enfrentamiento")
    add_claim(Claim(incident=incident, source=source, claimed_on=datetime.date(2026, 2, 11), killed=8))
    ged = ucdp(client)[incident.pk]
    assert (ged["side_a"], ged["side_b"]) == ("DIRMEAMB patrol", "Los Topos")
    assert (ged["deaths_a"], ged["deaths_b"], ged["deaths_civilians"], ged["deaths_unknown"], ged["best"]) == (
        "2",
        "3",
        "1",
        "2",
        "8",
    )
    row = acled(client)[incident.pk]
    assert (row["actor1"], row["inter1"], row["actor2"], row["inter2"], row["interaction"]) == (
        "Los Topos",
        "3",
        "DIRMEAMB patrol",
        "1",
        "13",
    )


# --- Filters, visibility, private data -----------------------------------------------------------


def test_the_lists_filters_apply_to_both_exports(client) -> None:
    madre_de_dios = {real(key).pk for key in (RIOTS, RESCUE, ARSON)}
    assert set(acled(client, "&region=17")) == madre_de_dios
    assert set(ucdp(client, "&region=17")) == madre_de_dios
    assert set(acled(client, "&type=massacre")) == {real(MAY_2025).pk}
    assert set(ucdp(client, "&date_from=2025-05-20&date_to=2025-05-21")) == {real(MAY_2025).pk}
    assert set(acled(client, "&min_killed=3&region=13")) == {real(NEW_YEAR).pk, real(MAY_2025).pk}


def test_a_bad_filter_on_an_acled_or_ucdp_export_is_a_400(client) -> None:
    for export in ("acled", "ucdp"):
        response = client.get(f"{URL}?format={export}&region=ZZ")
        assert response.status_code == 400
        assert "region" in json.loads(response.content)


def test_drafts_are_left_out_for_the_public_and_shown_to_editors(client) -> None:
    draft = make_incident(title="Unverified draft", status="draft")
    assert draft.pk not in acled(client)
    assert draft.pk not in ucdp(client)
    assert "Unverified draft" not in streamed(client.get(f"{URL}?format=acled"))
    editor = User.objects.create_user("editor-exports", password="x" * 12)
    editor.user_permissions.add(Permission.objects.get(codename="change_incident"))
    client.force_login(editor)
    assert draft.pk in acled(client)
    assert draft.pk in ucdp(client)


def test_private_casualty_names_and_ages_never_appear_even_for_editors(client) -> None:
    incident = real(NEW_YEAR)
    Casualty.objects.create(
        incident=incident, outcome=CasualtyOutcome.KILLED, role=CasualtyRole.MINER, name="Juan Quispe Mamani", age=34
    )
    editor = User.objects.create_user("editor-private", password="x" * 12)
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["change_incident", "change_casualty"]))
    for viewer in (None, editor):
        if viewer:
            client.force_login(viewer)
        for export in ("acled", "ucdp"):
            text = streamed(client.get(f"{URL}?format={export}"))
            assert "Quispe" not in text
            assert ",34," not in text


def test_csv_without_a_format_stays_vetas_own_layout(client) -> None:
    response = client.get(URL, headers={"accept": "text/csv"})
    header, _ = csv_records(response)
    assert header[:4] == ["id", "title", "title_es", "type"]


def test_the_exports_run_the_same_queries_for_3_or_30_more_incidents(client, django_assert_num_queries) -> None:
    def exported(export: str, expected_rows: int) -> None:
        # Expect 5 queries: the incidents with places and site joined, then actors,
        # casualties, claims and sources prefetched for the whole chunk.
        with django_assert_num_queries(5):
            _, rows = csv_records(client.get(f"{URL}?format={export}"))
        assert len(rows) == expected_rows

    for extra in (3, 27):
        for number in range(extra):
            incident = make_incident(title=f"Extra {number}", region_id="17")
            IncidentActor.objects.create(
                incident=incident, actor=Actor.objects.get(name="Illegal miners"), role=ActorRole.PERPETRATOR
            )
        expected = 5 + (3 if extra == 3 else 30)
        exported("acled", expected)
        exported("ucdp", expected)


def test_the_schema_documents_the_acled_and_ucdp_formats(client) -> None:
    schema = client.get("/api/v1/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/incidents/"]["get"]["parameters"]
    export = next(parameter for parameter in parameters if parameter["name"] == "format")
    assert {"json", "csv", "geojson", "acled", "ucdp"} <= set(export["schema"]["enum"])
    assert "ACLED" in export["description"] and "UCDP" in export["description"]
    # Other lists keep their own formats.
    sources = schema["paths"]["/api/v1/sources/"]["get"]["parameters"]
    assert "acled" not in next(parameter for parameter in sources if parameter["name"] == "format")["schema"]["enum"]


# --- The management command ------------------------------------------------------------------------


def export_command(*args: str) -> str:
    out = io.StringIO()
    call_command("export_incidents", *args, "-", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize("export", ["acled", "ucdp", "csv"])
def test_the_command_writes_what_the_api_serves(client, export, tmp_path) -> None:
    target = tmp_path / f"out-{export}.csv"
    call_command("export_incidents", "--format", export, "--region", "17", str(target), stderr=io.StringIO())
    from_command = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    from_api = list(csv.reader(io.StringIO(streamed(client.get(f"{URL}?format={export}&region=17")))))
    assert from_command == from_api
    assert len(from_command) == 4


def test_the_command_writes_geojson_and_leaves_out_drafts() -> None:
    make_incident(
        title="Pointed draft", status="draft", place_precision="exact", latitude=Decimal("-12.6"),
        longitude=Decimal("-69.2"),
    )  # fmt: skip
    make_incident(title="Pointed", place_precision="exact", latitude=Decimal("-12.6"), longitude=Decimal("-69.2"))
    text = export_command("--format", "geojson")
    assert '"Pointed"' in text
    assert "Pointed draft" not in text
    assert "Pointed draft" not in export_command("--format", "acled")


def test_the_command_refuses_a_bad_filter() -> None:
    with pytest.raises(CommandError, match="--region: No region has the code 99"):
        export_command("--format", "ucdp", "--region", "99")
