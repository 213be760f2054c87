"""Veta's first real records carry the figures, dates and places their sources give."""

import datetime
from decimal import Decimal

import pytest

from enforcement.models import EnforcementOperation, OperationReport
from incidents.models import Incident, Source
from overview.real_records import INCIDENTS, load_real_records
from regions.models import Indicator, MiningSite, ProtectedArea

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
    assert {claim.wording for claim in attack.claims.all()} == {"at_least", "exact"}
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
    for spec in INCIDENTS:
        record = incident(spec["import_key"])
        assert record.status == "published"
        claim_sources = set(record.claims.values_list("source_id", flat=True))
        assert claim_sources
        assert claim_sources == set(record.sources.values_list("id", flat=True))


def test_loading_again_creates_nothing_and_keeps_an_editors_changes() -> None:
    attack = incident("incident-2026-la-libertad-new-year-attack")
    attack.title = "Edited by an editor"
    attack.save()
    sources_before = Source.objects.count()
    created = load_real_records()
    assert set(created.values()) == {0}
    assert Source.objects.count() == sources_before
    attack.refresh_from_db()
    assert attack.title == "Edited by an editor"


def test_a_deleted_real_incident_is_created_again_by_the_next_load() -> None:
    incident("incident-2025-05-la-libertad-massacre").delete()
    created = load_real_records()
    assert created["incidents"] == 1
    assert incident("incident-2025-05-la-libertad-massacre").figures("killed") == (13, 13, 13)
