"""The admin, as an editor uses it: every page loads, searches find places, forms fill in what they may."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.admin_widgets import ChoiceArrayField
from core.choices import DatePrecision, PlacePrecision, Wording
from core.models import Revision
from enforcement.choices import Agency, ReinfoStatus
from enforcement.models import EnforcementOperation, OperationReport, ReinfoRecord, ReinfoSnapshot, ReinfoStatusChange
from enforcement.validators import ruc_check_digit
from incidents.choices import ClaimGrade, IncidentType
from incidents.models import Claim, Incident, Source
from regions.choices import SiteKind
from regions.models import District, MiningSite

pytestmark = pytest.mark.django_db

REGISTERED_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_url(model: type, view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def management_form(prefix: str, total: int = 0, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def incident_form_data(**fields: object) -> dict[str, object]:
    """An incident add-form POST with empty actor, casualty and claim inlines."""
    return {
        "title": "Ataque a mineros en Tambopata",
        "incident_type": IncidentType.ARMED_ATTACK,
        "status": "draft",
        "description": "",
        "date_precision": DatePrecision.DAY,
        "date_start": "2024-05-03",
        "date_end": "",
        "place_precision": PlacePrecision.DISTRICT,
        "region": "",
        "province": "",
        "district": "",
        "location_name": "",
        "latitude": "",
        "longitude": "",
        "site": "",
        "published_at_0": "",
        "published_at_1": "",
        "retraction_reason": "",
        "import_key": "",
        **management_form("actor_roles"),
        **management_form("casualties"),
        **management_form("claims"),
        **management_form("relations_from"),
        **fields,
    }


def claim_inline_data(source: Source, index: int = 0, **fields: object) -> dict[str, object]:
    values = {
        "source": source.pk,
        "claimed_on": "2024-05-04",
        "killed": "",
        "injured": "",
        "missing": "",
        "kidnapped": "",
        "rescued": "",
        "wording": Wording.EXACT,
        "grade": ClaimGrade.SINGLE_SOURCE,
        "notes": "",
        **fields,
    }
    return {f"claims-{index}-{name}": value for name, value in values.items()}


def operation_form_data(**fields: object) -> dict[str, object]:
    """An enforcement-operation add-form POST with empty machinery and incident inlines."""
    return {
        "title": "Interdicción en La Pampa",
        "kind": "interdiction",
        "status": "draft",
        "description": "",
        "date_precision": DatePrecision.DAY,
        "date_start": "2024-06-10",
        "date_end": "",
        "place_precision": PlacePrecision.PROVINCE,
        "region": "",
        "province": "1701",
        "district": "",
        "location_name": "",
        "latitude": "",
        "longitude": "",
        "target_site": "",
        "value_destroyed": "",
        "value_wording": Wording.EXACT,
        "arrests": "",
        "mercury_seized_kg": "",
        "fuel_seized_gallons": "",
        "gold_seized_grams": "",
        "published_at_0": "",
        "published_at_1": "",
        "retraction_reason": "",
        "import_key": "",
        **management_form("machinery"),
        **management_form("incident_links"),
        **fields,
    }


def form_errors(response) -> dict[str, list[str]]:
    return response.context["adminform"].form.errors


def make_source(title: str = "Informe de prueba") -> Source:
    return Source.objects.create(title=title, outlet="Diario de prueba")


def make_incident(district_code: str, title: str = "Incidente de prueba") -> Incident:
    district = District.objects.get(pk=district_code)
    day = datetime.date(2023, 3, 14)
    return Incident.objects.create(
        title=title,
        incident_type=IncidentType.ARMED_ATTACK,
        date_start=day,
        date_end=day,
        date_precision=DatePrecision.DAY,
        region_id=district_code[:2],
        province_id=district.province_id,
        district=district,
        place_precision=PlacePrecision.DISTRICT,
    )


def valid_ruc(first_ten: str) -> str:
    return f"{first_ten}{ruc_check_digit(first_ten)}"


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=lambda model: model._meta.label)
def test_every_registered_model_changelist_loads_for_an_editor(admin_client, model):
    response = admin_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200


# Tombstones and the statistics rollups are written by PostgreSQL triggers only, and
# django-axes' login attempts and logs by django-axes only; nobody adds one by hand.
WRITTEN_BY_TRIGGERS = {"core.Tombstone", "incidents.IncidentRollup", "incidents.IncidentRegionMonthRollup"}
# Proposed revisions are opened by an editor's save of a published record, never added by hand.
OPENED_BY_SAVES = {"core.Revision"}
# Readers follow places themselves (double opt-in); only an admin sees or removes an address.
READERS_OWN = {"alerts.Alert", "alerts.Follower"}
ADDABLE_MODELS = [
    model
    for model in REGISTERED_MODELS
    if model._meta.label not in WRITTEN_BY_TRIGGERS | OPENED_BY_SAVES | READERS_OWN and model._meta.app_label != "axes"
]


@pytest.mark.parametrize("model", ADDABLE_MODELS, ids=lambda model: model._meta.label)
def test_every_registered_model_add_page_loads_for_an_editor(admin_client, model):
    response = admin_client.get(admin_url(model, "add"))

    assert response.status_code == 200


def test_nobody_can_add_a_tombstone_or_a_rollup_row_by_hand(admin_client):
    from core.models import Tombstone
    from incidents.models import IncidentRegionMonthRollup, IncidentRollup

    assert admin_client.get(admin_url(Tombstone, "add")).status_code == 403
    assert admin_client.get(admin_url(IncidentRollup, "add")).status_code == 403
    assert admin_client.get(admin_url(IncidentRegionMonthRollup, "add")).status_code == 403


def test_nobody_adds_a_proposed_revision_by_hand(admin_client):
    assert admin_client.get(admin_url(Revision, "add")).status_code == 403


def test_nobody_can_add_a_login_attempt_by_hand(admin_client):
    from axes.models import AccessAttempt, AccessLog

    assert admin_client.get(admin_url(AccessAttempt, "add")).status_code == 403
    assert admin_client.get(admin_url(AccessLog, "add")).status_code == 403


def test_every_model_of_the_project_apps_is_registered_or_an_inline():
    inline_models = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
    project_models = [
        model for app in ("regions", "incidents", "enforcement") for model in apps.get_app_config(app).get_models()
    ]

    missing = [model._meta.label for model in project_models if model not in set(admin.site._registry) | inline_models]

    assert missing == []


def test_existing_records_change_pages_load_for_an_editor(admin_client):
    incident = Incident.objects.filter(claims__isnull=False).first()
    operation = EnforcementOperation.objects.first()

    for obj in (incident, operation):
        response = admin_client.get(admin_url(type(obj), "change", obj.pk))
        assert response.status_code == 200


def test_district_search_finds_junin_without_accents(admin_client):
    response = admin_client.get(admin_url(District, "changelist"), {"q": "junin"})

    names = {district.display_name for district in response.context["cl"].result_list}
    assert "Junín" in names
    assert "Junín" in response.content.decode()


def test_district_search_finds_junin_with_accents(admin_client):
    response = admin_client.get(admin_url(District, "changelist"), {"q": "Junín"})

    names = {district.display_name for district in response.context["cl"].result_list}
    assert "Junín" in names


def test_district_autocomplete_for_an_incident_finds_tambopata(admin_client):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "incidents", "model_name": "incident", "field_name": "district", "term": "tambopata"},
    )

    assert response.status_code == 200
    results = response.json()["results"]
    assert {"id": "170101", "text": "Tambopata (Tambopata)"} in results


def test_mining_site_search_finds_a_site_by_another_name(admin_client):
    site = MiningSite.objects.create(
        name="Sector de prueba",
        aliases=["Quebrada Escondida Alta"],
        kind=SiteKind.ALLUVIAL_AREA,
        region_id="17",
    )

    response = admin_client.get(admin_url(MiningSite, "changelist"), {"q": "escondida alta"})

    assert list(response.context["cl"].result_list) == [site]


def test_incident_added_with_a_district_only_gets_its_province_region_and_figures_from_the_claim(admin_client):
    source = make_source()
    data = incident_form_data(district="170101", **management_form("claims", total=1))
    data.update(claim_inline_data(source, killed="3"))

    response = admin_client.post(admin_url(Incident, "add"), data)

    assert response.status_code == 302, response.context and form_errors(response)
    incident = Incident.objects.get(title="Ataque a mineros en Tambopata")
    assert (incident.region_id, incident.province_id, incident.district_id) == ("17", "1701", "170101")
    assert incident.figures("killed") == (3, 3, 3)
    assert incident.date_end == incident.date_start == datetime.date(2024, 5, 3)


def test_incident_known_to_the_month_gets_the_whole_month_when_the_end_is_left_empty(admin_client):
    data = incident_form_data(
        district="170101", date_precision=DatePrecision.MONTH, date_start="2024-05-17", date_end=""
    )

    response = admin_client.post(admin_url(Incident, "add"), data)

    assert response.status_code == 302
    incident = Incident.objects.get(title="Ataque a mineros en Tambopata")
    assert (incident.date_start, incident.date_end) == (datetime.date(2024, 5, 1), datetime.date(2024, 5, 31))


def test_incident_add_form_leaves_region_and_end_date_optional_for_the_models_clean_to_fill(admin_client):
    response = admin_client.get(admin_url(Incident, "add"))

    fields = response.context["adminform"].form.fields
    assert not fields["region"].required
    assert not fields["date_end"].required
    # The autocomplete inside the admin's wrapper must offer to clear the region too.
    assert not fields["region"].widget.widget.is_required


def test_incident_without_region_province_or_district_is_refused_with_an_error_on_region(admin_client):
    data = incident_form_data(place_precision=PlacePrecision.REGION)

    response = admin_client.post(admin_url(Incident, "add"), data)

    assert response.status_code == 200
    assert "region" in form_errors(response)
    assert not Incident.objects.filter(title="Ataque a mineros en Tambopata").exists()


def test_incident_figures_follow_claims_edited_in_the_inline(admin_client):
    source = make_source()
    incident = make_incident("170101", title="Incidente con reclamos")
    claim = Claim.objects.create(incident=incident, source=source, claimed_on=datetime.date(2023, 3, 15), killed=2)
    data = incident_form_data(
        title=incident.title,
        district="170101",
        date_start="2023-03-14",
        **management_form("claims", total=1, initial=1),
    )
    data.update(claim_inline_data(source, killed="5", claimed_on="2023-03-15", id=claim.pk, incident=incident.pk))

    response = admin_client.post(admin_url(Incident, "change", incident.pk), data)

    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.figures("killed") == (5, 5, 5)


def test_incident_figures_are_shown_read_only(admin_client):
    incident = make_incident("170101")

    response = admin_client.get(admin_url(Incident, "change", incident.pk))

    form = response.context["adminform"].form
    assert "killed_best" not in form.fields
    assert "Figures (derived from claims)" in response.content.decode()


def test_claim_saved_or_deleted_on_its_own_page_refreshes_its_incident_figures(admin_client):
    source = make_source()
    incident = make_incident("170101")

    response = admin_client.post(
        admin_url(Claim, "add"),
        {
            "incident": incident.pk,
            "source": source.pk,
            "claimed_on": "2023-03-15",
            "injured": "4",
            "wording": Wording.EXACT,
            "grade": ClaimGrade.RELIABLE,
            "notes": "",
        },
    )

    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.figures("injured") == (4, 4, 4)

    claim = incident.claims.get()
    response = admin_client.post(admin_url(Claim, "delete", claim.pk), {"post": "yes"})

    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.figures("injured") == (None, None, None)


def test_claims_deleted_in_bulk_refresh_their_incidents_figures(admin_client):
    source = make_source()
    incident = make_incident("170101")
    claim = Claim.objects.create(incident=incident, source=source, claimed_on=datetime.date(2023, 3, 15), killed=2)
    incident.refresh_from_db()

    response = admin_client.post(
        admin_url(Claim, "changelist"), {"action": "delete_selected", "_selected_action": [claim.pk], "post": "yes"}
    )

    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.figures("killed") == (None, None, None)


def test_operation_agencies_are_offered_as_checkboxes(admin_client):
    response = admin_client.get(admin_url(EnforcementOperation, "add"))

    content = response.content.decode()
    assert 'type="checkbox" name="agencies" value="pnp"' in content
    assert isinstance(response.context["adminform"].form.fields["agencies"], ChoiceArrayField)


def test_operation_saved_with_ticked_agencies_stores_them_and_its_region(admin_client):
    data = operation_form_data(agencies=[Agency.PNP, Agency.ARMY])

    response = admin_client.post(admin_url(EnforcementOperation, "add"), data)

    assert response.status_code == 302, response.context and form_errors(response)
    operation = EnforcementOperation.objects.get(title="Interdicción en La Pampa")
    assert operation.agencies == [Agency.PNP, Agency.ARMY]
    assert (operation.region_id, operation.province_id) == ("17", "1701")


def test_operation_with_an_agency_not_in_the_choices_gets_a_form_error(admin_client):
    data = operation_form_data(agencies=[Agency.PNP, "martians"])

    response = admin_client.post(admin_url(EnforcementOperation, "add"), data)

    assert response.status_code == 200
    errors = form_errors(response)["agencies"]
    assert errors == [f"“martians” is not one of the allowed values: {', '.join(Agency.values)}."]
    assert not EnforcementOperation.objects.filter(title="Interdicción en La Pampa").exists()


def test_operation_report_agencies_refuse_values_not_in_the_choices(admin_client):
    data = {
        "title": "Balance de operaciones 2024",
        "issuer": "Comando Conjunto",
        "source": make_source().pk,
        "scope": "",
        "regions": ["17"],
        "agencies": [Agency.NAVY, "coast_guard"],
        "date_precision": DatePrecision.YEAR,
        "date_start": "2024-01-01",
        "date_end": "",
        "operations_count": "120",
        "value_destroyed": "",
        "value_wording": Wording.ABOUT,
        "arrests": "",
        "notes": "",
        "import_key": "",
    }

    refused = admin_client.post(admin_url(OperationReport, "add"), data)
    accepted = admin_client.post(admin_url(OperationReport, "add"), {**data, "agencies": [Agency.NAVY]})

    assert "“coast_guard” is not one of the allowed values" in form_errors(refused)["agencies"][0]
    assert accepted.status_code == 302, accepted.context and form_errors(accepted)
    report = OperationReport.objects.get(title="Balance de operaciones 2024")
    assert report.agencies == [Agency.NAVY]
    assert (report.date_start, report.date_end) == (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))


def test_incident_changelist_runs_the_same_number_of_queries_for_one_or_many_incidents(admin_client):
    url = admin_url(Incident, "changelist")
    admin_client.get(url)
    make_incident("170101", title="Primer incidente")
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)

    for code in ("130801", "170201", "170301", "120501", "100101"):
        make_incident(code, title=f"Incidente en {code}")
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)

    assert response.context["cl"].result_count >= 6
    assert len(many) == len(few)


def test_reinfo_record_shows_its_status_history_read_only(admin_client):
    snapshot = ReinfoSnapshot.objects.create(as_of=datetime.date(2024, 12, 31), title="REINFO diciembre")
    record = ReinfoRecord.objects.create(
        ruc=valid_ruc("2060000000"),
        declarant_name="Minera de Prueba SAC",
        codigo_unico="010000124",
        district_id="170101",
        status=ReinfoStatus.SUSPENDIDO,
        first_snapshot=snapshot,
        last_snapshot=snapshot,
    )
    ReinfoStatusChange.objects.create(
        record=record,
        snapshot=snapshot,
        from_status=ReinfoStatus.VIGENTE,
        to_status=ReinfoStatus.SUSPENDIDO,
        changed_on=snapshot.as_of,
    )

    response = admin_client.get(admin_url(ReinfoRecord, "change", record.pk))

    assert response.status_code == 200
    (history,) = response.context["inline_admin_formsets"]
    assert not history.has_add_permission
    assert not history.has_change_permission
    assert not history.has_delete_permission
    assert "suspendido (suspended)" in response.content.decode()


def test_reinfo_record_saves_with_its_read_only_status_history(admin_client):
    snapshot = ReinfoSnapshot.objects.create(as_of=datetime.date(2024, 12, 31))
    record = ReinfoRecord.objects.create(
        ruc=valid_ruc("1040000000"),
        declarant_name="Pérez Quispe, Juan",
        codigo_unico="010000224",
        district_id="170101",
        status=ReinfoStatus.VIGENTE,
    )
    change = ReinfoStatusChange.objects.create(
        record=record, snapshot=snapshot, to_status=ReinfoStatus.VIGENTE, changed_on=snapshot.as_of
    )
    data = {
        "ruc": record.ruc,
        "declarant_name": record.declarant_name,
        "codigo_unico": record.codigo_unico,
        "mining_right_name": "Derecho Minero Uno",
        "district": "170101",
        "status": ReinfoStatus.VIGENTE,
        "mining_site": "",
        "first_snapshot": "",
        "last_snapshot": "",
        **management_form("status_changes", total=1, initial=1),
        "status_changes-0-id": change.pk,
        "status_changes-0-record": record.pk,
    }

    response = admin_client.post(admin_url(ReinfoRecord, "change", record.pk), data)

    assert response.status_code == 302, response.context and form_errors(response)
    record.refresh_from_db()
    assert record.mining_right_name == "Derecho Minero Uno"
    assert record.status_changes.get() == change


def test_choice_array_field_drops_repeated_values():
    field = ChoiceArrayField(choices=Agency.choices, required=False)

    assert field.clean(["pnp", "army", "pnp"]) == ["pnp", "army"]
    assert field.clean([]) == []
