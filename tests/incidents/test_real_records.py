"""Veta's first real records carry the figures, dates and places their sources give."""

import copy
import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from enforcement.models import EnforcementOperation, OperationReport
from incidents.models import Casualty, Claim, Incident, IncidentActor, Source
from overview.models import Indicator
from overview.real_records import DATA_FILE, RealRecordsError, load_real_records, read_real_records
from regions.models import MiningSite, ProtectedArea

pytestmark = pytest.mark.django_db


def incident(key: str) -> Incident:
    return Incident.objects.get(import_key=key)


def test_the_new_year_attack_is_at_least_3_killed_and_7_missing_at_region_level() -> None:
    attack = incident("incident-2026-la-libertad-new-year-attack")
    assert attack.figures("killed") == (3, 3, 3)
    assert attack.figures("missing") == (7, 7, 7)
    assert attack.figures("injured") == (None, None, None)
    assert (attack.region_id, attack.province_id, attack.district_id) == ("13", None, None)
    assert attack.place_precision == "region"
    assert (attack.date_start, attack.date_end, attack.date_precision) == (
        datetime.date(2025, 12, 31),
        datetime.date(2026, 1, 1),
        "days",
    )
    # Both reports say the toll could be higher: "at least 3 killed, at least 7 missing".
    assert {claim.wording for claim in attack.claims.all()} == {"at_least"}
    assert (attack.killed_qualifier, attack.missing_qualifier) == ("at_least", "at_least")
    assert attack.site.kind == "tunnel_entrance"
    assert attack.casualties.get(outcome="missing").count == 7


def test_the_may_2025_attack_killed_13_and_is_known_to_the_month() -> None:
    massacre = incident("incident-2025-05-la-libertad-massacre")
    assert massacre.figures("killed") == (13, 13, 13)
    assert massacre.incident_type == "massacre"
    assert (massacre.date_start, massacre.date_end) == (datetime.date(2025, 5, 1), datetime.date(2025, 5, 31))
    assert massacre.date_label == "May 2025"
    assert massacre.actor_roles.get(role="perpetrator").actor.kind == "criminal_group"


def test_the_puerto_maldonado_riots_are_filed_in_tambopata_district() -> None:
    riots = incident("incident-2012-03-puerto-maldonado-riots")
    assert (riots.region_id, riots.province_id, riots.district_id) == ("17", "1701", "170101")
    assert riots.figures("killed") == (3, 3, 3)
    assert riots.date_label == "March 2012"


def test_the_trafficking_rescue_counts_about_200_rescued() -> None:
    rescue = incident("incident-2011-10-madre-de-dios-trafficking-rescue")
    assert rescue.figures("rescued") == (200, 200, 200)
    assert rescue.claims.get().wording == "about"
    assert rescue.figures("killed") == (None, None, None)


def test_the_la_pampa_arson_killed_one_injured_14_and_followed_an_interdiction() -> None:
    arson = incident("incident-2022-08-25-la-pampa-arson")
    assert arson.figures("killed") == (1, 1, 1)
    assert arson.figures("injured") == (14, 14, 14)
    assert arson.site.name == "La Pampa"
    link = arson.operation_links.get()
    assert link.relation == "triggered"
    assert link.operation.date_start == datetime.date(2022, 8, 24)


def test_the_san_jacinto_camp_was_dismantled_by_the_police_at_province_level() -> None:
    operation = EnforcementOperation.objects.get(import_key="operation-2022-10-04-san-jacinto-camp")
    assert operation.kind == "camp_dismantled"
    assert operation.agencies == ["pnp"]
    assert (operation.province_id, operation.district_id) == ("1701", None)
    assert operation.target_site.kind == "camp"


def test_the_summary_report_keeps_its_own_totals_in_exact_soles() -> None:
    report = OperationReport.objects.get(import_key="report-2025-12-first-week-960-operations")
    assert report.operations_count == 960
    assert report.value_destroyed == Decimal("3700000000.00")
    assert isinstance(report.value_destroyed, Decimal)
    assert report.value_wording == "at_least"
    assert sorted(report.agencies) == ["fema", "navy", "pnp"]
    assert list(report.provinces.values_list("code", flat=True)) == ["1308"]
    # Summary reports are a model of their own, so no operation total can include them.
    assert not EnforcementOperation.objects.filter(title__icontains="960").exists()


def test_the_context_figures_are_recorded_with_their_sources() -> None:
    figures = {figure.topic: figure for figure in Indicator.objects.filter(import_key__isnull=False)}
    assert figures["forest_loss"].value == Decimal("23142")
    assert figures["forest_loss"].region_id == "17"
    assert figures["reinfo_excluded_records"].value == Decimal("50000")
    assert figures["reinfo_excluded_records"].wording == "at_least"
    assert figures["reinfo_formalized_share"].region_id is None
    assert figures["mining_workforce"].value == Decimal("18000")
    assert figures["unregistered_miners_share"].value == Decimal("97")


def test_the_protected_areas_and_mining_sites_named_by_the_sources_exist() -> None:
    assert set(ProtectedArea.objects.values_list("name", flat=True)) >= {
        "Tambopata National Reserve",
        "Bahuaja-Sonene National Park",
    }
    dredging = MiningSite.objects.get(import_key="site-tambopata-river-dredging")
    assert dredging.protected_area.name == "Tambopata National Reserve"
    assert dredging.kind == "river_dredging"
    assert MiningSite.objects.get(import_key="site-palma-real-creek").region_id == "17"


def test_every_real_incident_is_published_and_traced_to_the_sources_of_its_claims() -> None:
    for row in read_real_records()["incidents"]:
        record = incident(row.key)
        assert record.status == "published"
        claim_sources = set(record.claims.values_list("source_id", flat=True))
        assert claim_sources
        assert claim_sources == set(record.sources.values_list("id", flat=True))


def test_loading_again_creates_nothing_and_keeps_an_editors_changes() -> None:
    attack = incident("incident-2026-la-libertad-new-year-attack")
    attack.title = "Edited by an editor"
    attack.save()
    before = [model.objects.count() for model in (Source, Incident, Claim, Casualty, IncidentActor)]
    created = load_real_records()
    assert set(created.values()) == {0}
    assert [model.objects.count() for model in (Source, Incident, Claim, Casualty, IncidentActor)] == before
    attack.refresh_from_db()
    assert attack.title == "Edited by an editor"


def test_a_deleted_real_incident_is_created_again_by_the_next_load() -> None:
    incident("incident-2025-05-la-libertad-massacre").delete()
    created = load_real_records()
    assert created["incidents"] == 1
    assert incident("incident-2025-05-la-libertad-massacre").figures("killed") == (13, 13, 13)


# The data file ------------------------------------------------------------------------------------


def shipped() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def written(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "real_records.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(RealRecordsError) as error:
        load_real_records(path)
    return error.value.problems


def test_every_incident_of_the_file_is_loaded_with_its_claims_and_casualties() -> None:
    for record in shipped()["incidents"]:
        loaded = incident(record["import_key"])
        assert loaded.claims.count() == len(record["claims"])
        assert loaded.casualties.count() == len(record["casualties"])
        assert loaded.actor_roles.count() == len(record["actors"])


def test_a_deleted_real_incident_comes_back_with_the_figures_its_claims_give() -> None:
    incident("incident-2026-la-libertad-new-year-attack").delete()
    load_real_records()
    attack = incident("incident-2026-la-libertad-new-year-attack")
    assert attack.figures("killed") == (3, 3, 3)
    assert attack.figures("missing") == (7, 7, 7)
    # The operation that links to it was already loaded, and is kept as it is.
    assert EnforcementOperation.objects.filter(import_key__startswith="operation-").count() == 2


def test_a_wrong_value_is_reported_with_its_record_and_field(tmp_path: Path) -> None:
    data = shipped()
    data["incidents"][0]["claims"][1]["wording"] = "roughly"
    data["sources"][2]["language"] = "klingon"
    data["indicators"][0]["date_start"] = "December 2025"

    problems = problems_of(written(tmp_path, data))

    assert any(
        problem.startswith("incidents “incident-2026-la-libertad-new-year-attack”, claims[1], wording:")
        and "roughly" in problem
        for problem in problems
    ), problems
    assert any(p.startswith("sources “source-insight-crime-puerto-maldonado-protests”, language:") for p in problems)
    assert any(p.startswith("indicators “indicator-2025-12-reinfo-formalized-share”, date_start:") for p in problems), (
        problems
    )


def test_a_key_that_names_no_record_an_unknown_field_and_a_claim_without_figures_are_reported(
    tmp_path: Path,
) -> None:
    data = shipped()
    arson = next(record for record in data["incidents"] if record["import_key"] == "incident-2022-08-25-la-pampa-arson")
    arson["site"] = "site-nowhere"
    arson["killed"] = 1
    arson["claims"][0] = {key: value for key, value in arson["claims"][0].items() if key not in ("killed", "injured")}
    data["operations"][1]["sources"] = ["source-dialogo-tambopata-bahuaja-sonene", "source-unknown"]

    problems = problems_of(written(tmp_path, data))

    label = "incidents “incident-2022-08-25-la-pampa-arson”"
    assert f"{label}, site: no record of “sites” has the key “site-nowhere”." in problems
    assert f"{label}, killed: unknown field." in problems
    assert any(problem.startswith(f"{label}, claims[0]: A claim gives at least one figure") for problem in problems)
    assert (
        "operations “operation-2022-10-04-san-jacinto-camp”, sources: no record of “sources” has the key "
        "“source-unknown”." in problems
    )


def test_two_records_with_the_same_key_and_a_code_that_is_not_inei_are_reported(tmp_path: Path) -> None:
    data = shipped()
    data["sites"].append(copy.deepcopy(data["sites"][0]))
    data["reports"][0]["provinces"] = ["9999"]

    problems = problems_of(written(tmp_path, data))

    assert (
        "sites “site-la-libertad-new-year-tunnel”, import_key: another record of the list has the same key." in problems
    )
    assert any(
        problem.startswith("reports “report-2025-12-first-week-960-operations”, provinces: “9999”")
        for problem in problems
    )


def test_nothing_is_written_while_the_file_has_a_problem(tmp_path: Path) -> None:
    incident("incident-2025-05-la-libertad-massacre").delete()
    data = shipped()
    data["sources"][0]["kind"] = "rumour"
    claims_before = Claim.objects.count()

    problems_of(written(tmp_path, data))

    assert not Incident.objects.filter(import_key="incident-2025-05-la-libertad-massacre").exists()
    assert Claim.objects.count() == claims_before


def test_a_file_that_is_not_json_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "real_records.json"
    path.write_text('{"sources": [\n  {"import_key": "x",}\n]}', encoding="utf-8")

    assert problems_of(path)[0].startswith("real_records.json, line 2:")


def test_the_command_refuses_a_file_with_problems_and_lists_them(tmp_path: Path) -> None:
    data = shipped()
    data["actors"][0]["kind"] = "aliens"

    with pytest.raises(CommandError, match="actors “Unidentified armed assailants”, kind:"):
        call_command("load_real_records", file=written(tmp_path, data), verbosity=0)
