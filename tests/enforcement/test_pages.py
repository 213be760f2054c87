"""The enforcement pages: /operations/, /operations/<id>/ and the REINFO search at /reinfo/.

The test database holds Veta's real records (tests/conftest.py): two published operations
in Madre de Dios, the Inter-Oceanic interdiction of 24 August 2022 (no agencies named,
followed by the La Pampa arson) and the San Jacinto camp dismantled by the PNP on
4 October 2022 (province 1701), and the summary report of 960 operations in the first
week of December 2025 (La Libertad, more than S/ 3,700 million destroyed). It holds no
REINFO records: the tests add their own.
"""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import translation

from core import pages
from core.choices import DatePrecision, ModerationStatus, PlacePrecision, Wording
from core.templatetags.veta import soles
from enforcement.choices import Agency, IncidentLinkKind, MachineryKind, OperationKind, ReinfoStatus
from enforcement.models import (
    EnforcementOperation,
    MachineryDestroyed,
    OperationIncidentLink,
    ReinfoRecord,
    ReinfoSnapshot,
    ReinfoStatusChange,
)
from enforcement.validators import ruc_check_digit
from incidents.choices import IncidentType
from incidents.models import Incident, Source

pytestmark = pytest.mark.django_db

AYACUCHO, HUAMANGA, AYACUCHO_DISTRICT = "05", "0501", "050101"
INTEROCEANIC = "operation-2022-08-24-interoceanic-interdiction"
SAN_JACINTO = "operation-2022-10-04-san-jacinto-camp"


def editor(django_user_model):
    """A user who may change operations and incidents, and so sees their drafts."""
    user = django_user_model.objects.create_user("editor", password="not-used")
    for app_label, codename in [("enforcement", "change_enforcementoperation"), ("incidents", "change_incident")]:
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


def make_operation(title: str, *, status: str = ModerationStatus.PUBLISHED, **fields) -> EnforcementOperation:
    day = fields.pop("day", datetime.date(2024, 3, 14))
    return EnforcementOperation.objects.create(
        title=title,
        kind=fields.pop("kind", OperationKind.INTERDICTION),
        date_start=day,
        date_end=day,
        date_precision=DatePrecision.DAY,
        region_id=fields.pop("region_id", AYACUCHO),
        place_precision=fields.pop("place_precision", PlacePrecision.REGION),
        status=status,
        **fields,
    )


def titles(response) -> list[str]:
    return [operation.title for operation in response.context["rows"]]


def spanish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


# --- /operations/ ------------------------------------------------------------------------


def test_operation_list_shows_the_published_operations_newest_first(client):
    response = client.get("/operations/")

    assert response.status_code == 200
    assert titles(response) == [
        "PNP dismantles a mining camp in San Jacinto de Aguajal",
        "Interdiction operation on the Inter-Oceanic Highway, Madre de Dios",
    ]
    html = response.content.decode()
    assert "2 operations" in html
    assert "4 October 2022" in html
    assert "National Police (PNP)" in html


def test_operation_list_filters_by_agency(client):
    response = client.get("/operations/?agency=pnp")

    assert titles(response) == ["PNP dismantles a mining camp in San Jacinto de Aguajal"]
    assert "1 operation" in response.content.decode()


def test_operation_list_filters_by_dates_place_kind_text_and_site(client):
    camp = EnforcementOperation.objects.get(import_key=SAN_JACINTO)

    assert titles(client.get("/operations/?date_from=2022-09-01")) == [camp.title]
    assert titles(client.get("/operations/?date_to=2022-09-01")) == [
        "Interdiction operation on the Inter-Oceanic Highway, Madre de Dios"
    ]
    assert titles(client.get("/operations/?province=1701")) == [camp.title]
    assert titles(client.get("/operations/?region=13")) == []
    assert titles(client.get("/operations/?kind=camp_dismantled")) == [camp.title]
    assert titles(client.get("/operations/?q=highway")) == [
        "Interdiction operation on the Inter-Oceanic Highway, Madre de Dios"
    ]
    assert titles(client.get(f"/operations/?site={camp.target_site_id}")) == [camp.title]


def test_operation_list_says_when_no_operation_matches(client):
    html = client.get("/operations/?region=13").content.decode()

    assert "No operation matches these filters." in html


def test_operation_list_refuses_a_bad_date_with_400_and_the_field_error(client):
    response = client.get("/operations/?date_from=14/03/2024")

    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    assert response.context["rows"] == []


def test_operation_list_refuses_an_unknown_agency_with_400(client):
    response = client.get("/operations/?agency=cia")

    assert response.status_code == 400
    assert "cia" in response.context["result"].filterset.form.errors["agency"][0]


def test_operation_list_links_to_the_api_csv_and_geojson_of_the_same_filter(client):
    html = client.get("/operations/?agency=pnp&date_from=2022-01-01&sort=-value&page=1").content.decode()

    assert "/operations/export/?agency=pnp&amp;date_from=2022-01-01&amp;format=csv" in html
    assert "/operations/export/?agency=pnp&amp;date_from=2022-01-01&amp;format=geojson" in html


def test_operation_list_shows_the_value_destroyed_in_soles_and_the_machinery(client):
    operation = make_operation("Interdicción en el río", value_destroyed=Decimal("3700000000"))
    MachineryDestroyed.objects.create(operation=operation, kind=MachineryKind.DREDGE, count=3)

    html = client.get(f"/operations/?region={AYACUCHO}").content.decode()

    assert "S/ 3,700 million" in html
    assert "3 × dredge" in html


def test_operation_list_in_spanish_writes_soles_the_spanish_way(client):
    html = spanish(client).get("/operations/").content.decode()

    with translation.override("es"):
        report_value = soles(Decimal("3700000000"))
    assert report_value in html
    assert "S/ 3,700" not in html


def test_reinfo_list_renders_in_spanish(client, records):
    response = spanish(client).get("/reinfo/")

    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()


def test_operation_list_sorts_by_value_destroyed_largest_first_unknown_last(client):
    make_operation("Small", value_destroyed=Decimal("1000"))
    make_operation("Large", value_destroyed=Decimal("5000000"))
    make_operation("Unknown")

    largest_first = client.get(f"/operations/?region={AYACUCHO}&sort=value")
    smallest_first = client.get(f"/operations/?region={AYACUCHO}&sort=-value")

    assert titles(largest_first) == ["Large", "Small", "Unknown"]
    assert titles(smallest_first) == ["Unknown", "Small", "Large"]
    assert 'aria-sort="descending"' in largest_first.content.decode()


def test_operation_list_shows_summary_reports_apart_from_single_operations(client):
    html = client.get("/operations/").content.decode()

    assert "960 operations against illegal mining in the first week of December 2025" in html
    assert "at least S/ 3,700 million" in html
    assert "never added" in html
    # The summary report's 960 operations are not counted among the single ones.
    assert "2 operations" in html


def test_operation_list_filters_summary_reports_by_region_and_dates(client):
    assert "960 operations against" not in client.get("/operations/?region=17").content.decode()
    assert "960 operations against" not in client.get("/operations/?date_to=2025-01-01").content.decode()
    assert "960 operations against" in client.get("/operations/?region=13&date_from=2025-12-05").content.decode()


def test_draft_operations_are_hidden_from_the_public_and_shown_to_editors(client, django_user_model):
    draft = make_operation("Operativo sin revisar", status=ModerationStatus.DRAFT)

    assert "Operativo sin revisar" not in titles(client.get("/operations/"))
    assert client.get(f"/operations/{draft.pk}/").status_code == 404

    client.force_login(editor(django_user_model))
    assert "Operativo sin revisar" in titles(client.get("/operations/"))
    detail = client.get(f"/operations/{draft.pk}/")
    assert detail.status_code == 200
    assert "status-badge--draft" in detail.content.decode()


def test_operation_list_query_count_does_not_grow_with_the_rows(client, django_assert_num_queries):
    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            operation = make_operation(f"Operativo {number:02}", value_destroyed=Decimal(number * 1000))
            MachineryDestroyed.objects.create(operation=operation, kind=MachineryKind.ENGINE, count=number + 1)

    add(3, 0)
    with django_assert_num_queries(QUERIES_PER_OPERATION_LIST):
        few = client.get(f"/operations/?region={AYACUCHO}")
    add(27, 3)
    with django_assert_num_queries(QUERIES_PER_OPERATION_LIST):
        many = client.get(f"/operations/?region={AYACUCHO}")

    assert len(few.context["rows"]) == 3
    assert len(many.context["rows"]) == 30


# The form's regions, provinces, districts and mining sites; count the operations; fetch the
# page; its machinery; fetch the reports (none here, so no prefetch of their regions and
# provinces). The region code is checked against the codes the server has read.
QUERIES_PER_OPERATION_LIST = 8


def test_operation_list_says_more_than_the_cap_when_more_operations_match(client, monkeypatch):
    monkeypatch.setattr(pages, "COUNT_CAP", 2)
    for number in range(3):
        make_operation(f"Operativo contado {number}")

    html = client.get(f"/operations/?region={AYACUCHO}").content.decode()
    assert '<p class="result-count" role="status">More than 2 operations</p>' in html
    assert "Pages stop after the first 2;" in html
    spanish_html = spanish(client).get(f"/operations/?region={AYACUCHO}").content.decode()
    assert '<p class="result-count" role="status">Más de 2 operativos</p>' in spanish_html


# --- /operations/<id>/ ---------------------------------------------------------------------


def test_operation_detail_shows_date_place_agencies_and_sources(client):
    camp = EnforcementOperation.objects.get(import_key=SAN_JACINTO)

    response = client.get(f"/operations/{camp.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "PNP dismantles a mining camp in San Jacinto de Aguajal" in html
    assert "4 October 2022" in html
    assert "Tambopata" in html and "/provinces/1701/" in html
    assert "National Police (PNP)" in html
    assert f'href="/sites/{camp.target_site_id}/"' in html
    assert "Illegal mining threatens Tambopata National Reserve" in html


def test_operation_detail_shows_a_date_at_its_precision(client):
    operation = make_operation("Operativo de mayo")
    operation.date_start, operation.date_end = datetime.date(2025, 5, 1), datetime.date(2025, 5, 31)
    operation.date_precision = DatePrecision.MONTH
    operation.save()

    html = client.get(f"/operations/{operation.pk}/").content.decode()

    assert "May 2025" in html
    assert "1 May 2025" not in html


def test_operation_detail_shows_results_machinery_and_source_links(client):
    source = Source.objects.create(title="Nota de prensa del operativo", url="https://example.org/nota", outlet="PNP")
    operation = make_operation(
        "Interdicción con resultados",
        agencies=[Agency.PNP_ENVIRONMENT, Agency.NAVY],
        value_destroyed=Decimal("12500000.50"),
        value_wording=Wording.ABOUT,
        arrests=4,
        mercury_seized_kg=Decimal("12.5"),
    )
    operation.sources.add(source)
    MachineryDestroyed.objects.create(operation=operation, kind=MachineryKind.DREDGE, count=2)
    MachineryDestroyed.objects.create(operation=operation, kind=MachineryKind.ENGINE, count=11)

    html = client.get(f"/operations/{operation.pk}/").content.decode()

    assert "PNP Environmental Directorate; Navy" in html
    assert "about S/ 12.5 million" in html
    assert ">4<" in html
    assert "12.5 kg" in html
    assert "dredge" in html and ">11<" in html
    assert 'href="https://example.org/nota"' in html


def test_operation_detail_shows_the_value_destroyed_in_english_and_spanish(client):
    operation = make_operation("Destrucción de maquinaria", value_destroyed=Decimal("3700000000"))

    english = client.get(f"/operations/{operation.pk}/").content.decode()
    spanish_html = spanish(client).get(f"/operations/{operation.pk}/").content.decode()

    assert "S/ 3,700 million" in english
    with translation.override("es"):
        in_spanish = soles(Decimal("3700000000"))
    assert in_spanish.startswith("S/ 3.700 ")
    assert in_spanish in spanish_html
    assert "3,700" not in spanish_html


def test_operation_detail_lists_linked_incidents_with_the_relation(client):
    interdiction = EnforcementOperation.objects.get(import_key=INTEROCEANIC)
    arson = Incident.objects.get(import_key="incident-2022-08-25-la-pampa-arson")

    html = client.get(f"/operations/{interdiction.pk}/").content.decode()

    assert f'href="/incidents/{arson.pk}/"' in html
    assert "the operation was followed by the incident" in html
    assert "The sources name no agency." in html


def test_operation_detail_hides_draft_incidents_from_the_public(client, django_user_model):
    operation = make_operation("Operativo con incidente en borrador")
    draft = Incident.objects.create(
        title="Enfrentamiento sin confirmar",
        incident_type=IncidentType.CLASH_WITH_SECURITY_FORCES,
        date_start=datetime.date(2024, 3, 14),
        date_end=datetime.date(2024, 3, 14),
        region_id=AYACUCHO,
        status=ModerationStatus.DRAFT,
    )
    OperationIncidentLink.objects.create(operation=operation, incident=draft, relation=IncidentLinkKind.DURING)

    assert "Enfrentamiento sin confirmar" not in client.get(f"/operations/{operation.pk}/").content.decode()
    client.force_login(editor(django_user_model))
    assert "Enfrentamiento sin confirmar" in client.get(f"/operations/{operation.pk}/").content.decode()


def test_operation_detail_names_summary_reports_of_the_same_period_and_region(client):
    operation = make_operation("Operativo en Pataz", region_id="13", day=datetime.date(2025, 12, 3))

    html = client.get(f"/operations/{operation.pk}/").content.decode()

    assert "960 operations against illegal mining in the first week of December 2025" in html
    assert "never added" in html


def test_operation_detail_of_a_missing_operation_is_404(client):
    assert client.get("/operations/999999/").status_code == 404


# --- /reinfo/ ------------------------------------------------------------------------------


def ruc(first_ten: str) -> str:
    return first_ten + str(ruc_check_digit(first_ten))


@pytest.fixture
def snapshots() -> tuple[ReinfoSnapshot, ReinfoSnapshot]:
    return (
        ReinfoSnapshot.objects.create(as_of=datetime.date(2025, 6, 30), row_count=3),
        ReinfoSnapshot.objects.create(as_of=datetime.date(2025, 12, 31), row_count=3),
    )


def make_record(number: int, *, status: str = ReinfoStatus.VIGENTE, district: str = AYACUCHO_DISTRICT, **fields):
    return ReinfoRecord.objects.create(
        ruc=fields.pop("ruc", ruc(f"10{number:08}")),
        declarant_name=fields.pop("declarant_name", f"Declarante {number:02}"),
        codigo_unico=fields.pop("codigo_unico", f"0100{number:04}"),
        mining_right_name=fields.pop("mining_right_name", f"Derecho {number:02}"),
        district_id=district,
        status=status,
        **fields,
    )


@pytest.fixture
def records(snapshots) -> list[ReinfoRecord]:
    first, second = snapshots
    vigente = make_record(1, declarant_name="Minera Señor de Qoyllur Riti", ruc=ruc("2060000001"))
    suspendido = make_record(2, status=ReinfoStatus.SUSPENDIDO, district="170101")
    excluido = make_record(3, status=ReinfoStatus.EXCLUIDO, district="130801")
    for record, before in [(suspendido, ReinfoStatus.VIGENTE), (excluido, ReinfoStatus.SUSPENDIDO)]:
        ReinfoStatusChange.objects.create(
            record=record, snapshot=first, from_status="", to_status=before, changed_on=first.as_of
        )
        ReinfoStatusChange.objects.create(
            record=record, snapshot=second, from_status=before, to_status=record.status, changed_on=second.as_of
        )
    return [vigente, suspendido, excluido]


def declarants(response) -> list[str]:
    return [record.declarant_name for record in response.context["rows"]]


def test_reinfo_list_says_when_veta_holds_no_records(client):
    response = client.get("/reinfo/")

    assert response.status_code == 200
    assert "Veta holds no REINFO records yet" in response.content.decode()


def test_reinfo_list_says_more_than_the_cap_when_more_records_match(client, records, monkeypatch):
    monkeypatch.setattr(pages, "COUNT_CAP", 2)

    html = client.get("/reinfo/").content.decode()
    assert '<p class="result-count" role="status">More than 2 REINFO records</p>' in html
    spanish_html = spanish(client).get("/reinfo/").content.decode()
    assert '<p class="result-count" role="status">Más de 2 registros del REINFO</p>' in spanish_html
    assert "Las páginas se detienen tras los primeros 2;" in spanish_html


def test_reinfo_list_shows_records_with_status_and_history(client, records):
    response = client.get("/reinfo/")

    html = response.content.decode()
    assert declarants(response) == ["Declarante 02", "Declarante 03", "Minera Señor de Qoyllur Riti"]
    assert "3 REINFO records" in html
    assert "suspendido (suspended)" in html
    assert "2 changes" in html
    assert "31 Dec 2025" in html
    excluded = next(row for row in response.context["rows"] if row.status == ReinfoStatus.EXCLUIDO)
    assert (excluded.change_count, excluded.last_change) == (2, datetime.date(2025, 12, 31))


def test_reinfo_list_sorts_by_latest_change_with_unchanged_records_last(client, records):
    latest_first = declarants(client.get("/reinfo/?sort=changed"))
    oldest_first = declarants(client.get("/reinfo/?sort=-changed"))

    assert latest_first[-1] == "Minera Señor de Qoyllur Riti"
    assert oldest_first[0] == "Minera Señor de Qoyllur Riti"


def test_reinfo_list_finds_a_record_by_its_ruc(client, records):
    response = client.get(f"/reinfo/?ruc={records[0].ruc}")

    assert response.status_code == 200
    assert declarants(response) == ["Minera Señor de Qoyllur Riti"]


def test_reinfo_list_refuses_a_ruc_with_a_wrong_check_digit_with_400_and_says_why(client, records):
    good = records[0].ruc
    bad = good[:10] + str((int(good[10]) + 1) % 10)

    response = client.get(f"/reinfo/?ruc={bad}")

    assert response.status_code == 400
    html = response.content.decode()
    assert "The RUC&#x27;s check digit is wrong." in html
    assert f'value="{bad}"' in html
    assert response.context["rows"] == []


def test_reinfo_list_refuses_a_short_ruc_with_400(client):
    response = client.get("/reinfo/?ruc=2010004")

    assert response.status_code == 400
    assert "A RUC has exactly 11 digits." in response.content.decode()


def test_reinfo_list_filters_by_declarant_codigo_status_and_place(client, records):
    assert declarants(client.get("/reinfo/?q=qoyllur riti")) == ["Minera Señor de Qoyllur Riti"]
    assert declarants(client.get("/reinfo/?codigo_unico=01000003")) == ["Declarante 03"]
    assert declarants(client.get("/reinfo/?status=suspendido")) == ["Declarante 02"]
    assert declarants(client.get("/reinfo/?region=17")) == ["Declarante 02"]
    assert declarants(client.get("/reinfo/?province=1308")) == ["Declarante 03"]
    assert declarants(client.get(f"/reinfo/?district={AYACUCHO_DISTRICT}")) == ["Minera Señor de Qoyllur Riti"]


def test_reinfo_list_counts_records_by_status_under_the_current_filter(client, records):
    make_record(4, status=ReinfoStatus.EXCLUIDO, district="130801")

    everywhere = client.get("/reinfo/").context["status_counts"]
    la_libertad = client.get("/reinfo/?region=13").context["status_counts"]

    assert {item["code"]: item["count"] for item in everywhere} == {
        "vigente": 1,
        "suspendido": 1,
        "excluido": 2,
        "not_listed": 0,
    }
    assert {item["code"]: item["count"] for item in la_libertad} == {
        "vigente": 0,
        "suspendido": 0,
        "excluido": 2,
        "not_listed": 0,
    }


def test_reinfo_status_counts_leave_out_the_chosen_status_so_each_count_is_a_choice(client, records):
    response = client.get("/reinfo/?status=vigente")

    counts = {item["code"]: item["count"] for item in response.context["status_counts"]}
    assert counts == {"vigente": 1, "suspendido": 1, "excluido": 1, "not_listed": 0}
    assert declarants(response) == ["Minera Señor de Qoyllur Riti"]
    assert 'aria-current="true"' in response.content.decode()


def test_reinfo_list_links_to_the_api_csv_of_the_same_filter(client, records):
    html = client.get("/reinfo/?status=excluido&region=13&sort=ruc").content.decode()

    assert "/reinfo/export/?status=excluido&amp;region=13&amp;format=csv" in html


def test_reinfo_list_query_count_does_not_grow_with_the_rows(client, django_assert_num_queries):
    for number in range(3):
        make_record(number)
    # Expect 7 queries: the form's regions, provinces and districts, count the records, fetch
    # the page (history as subqueries), count by status, and the latest snapshot. The region
    # code is checked against the codes the server has read.
    with django_assert_num_queries(7):
        few = client.get(f"/reinfo/?region={AYACUCHO}")
    for number in range(3, 30):
        make_record(number)
    with django_assert_num_queries(7):
        many = client.get(f"/reinfo/?region={AYACUCHO}")

    assert len(few.context["rows"]) == 3
    assert len(many.context["rows"]) == 30
    assert HUAMANGA in [code for _group, options in many.context["fields"][5].groups for code, _label in options]
