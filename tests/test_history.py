"""The audit history: PostgreSQL triggers record every change, by whom, and the admin shows it."""

import datetime

import pghistory
import pghistory.models
import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from core.choices import DatePrecision, ModerationStatus, PlacePrecision
from core.history import recent_history
from core.models import Tombstone
from enforcement.choices import ReinfoStatus
from enforcement.models import EnforcementOperation, ReinfoRecord, ReinfoSnapshot, ReinfoStatusChange
from incidents.choices import ActorKind, IncidentType
from incidents.models import Actor, Casualty, Claim, Incident, IncidentSource, Source
from regions.models import District, MiningSite, Region

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 5, 3)


def events_of(obj) -> list:
    """The record's events, oldest first."""
    return list(type(obj).pgh_event_model.objects.filter(pgh_obj_id=obj.pk).order_by("pgh_id"))


def make_incident(**fields) -> Incident:
    return Incident.objects.create(
        **{
            "title": "Ataque en Huaypetue",
            "incident_type": IncidentType.ARMED_ATTACK,
            "date_start": DAY,
            "date_end": DAY,
            "date_precision": DatePrecision.DAY,
            "region_id": "17",
            **fields,
        }
    )


def admin_change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_every_model_of_the_project_apps_is_tracked_except_tombstones_rollups_and_releases():
    untracked = [
        model._meta.label
        for app in ("core", "regions", "incidents", "enforcement", "overview")
        for model in apps.get_app_config(app).get_models()
        if not issubclass(model, pghistory.models.Event) and "pgh_event_models" not in vars(model)
    ]

    # Written by triggers from tracked rows (a trace, and sums derived from incidents), or a
    # release: written once by `manage.py release` and never changed, its files checksummed.
    assert sorted(untracked) == [
        "core.Tombstone",
        "incidents.IncidentRegionMonthRollup",
        "incidents.IncidentRollup",
        "overview.Release",
    ]


def test_saving_a_record_records_its_creation_then_each_change_with_the_new_values():
    incident = make_incident()
    incident.title = "Ataque armado en Huaypetue"
    incident.save()

    created, changed = events_of(incident)

    assert (created.pgh_label, created.title) == ("insert", "Ataque en Huaypetue")
    assert (changed.pgh_label, changed.title) == ("update", "Ataque armado en Huaypetue")
    assert changed.region_id == "17"


def test_saving_an_unchanged_record_records_nothing():
    incident = make_incident()

    incident.save()  # only updated_at moves
    Incident.objects.filter(pk=incident.pk).update(title=incident.title)

    assert [event.pgh_label for event in events_of(incident)] == ["insert"]


def test_a_bulk_update_records_one_event_for_each_row_it_changed():
    actors = Actor.objects.bulk_create(Actor(name=f"Banda {n}", kind=ActorKind.UNKNOWN) for n in range(30))
    ids = [actor.pk for actor in actors]
    Actor.objects.filter(pk=ids[0]).update(kind=ActorKind.CRIMINAL_GROUP)  # already changed: no event below

    Actor.objects.filter(pk__in=ids).update(kind=ActorKind.CRIMINAL_GROUP)

    updates = Actor.pgh_event_model.objects.filter(pgh_obj_id__in=ids, pgh_label="update")
    assert updates.count() == 30  # the first actor's own update, then 29 from the bulk one
    assert set(updates.values_list("kind", flat=True)) == {ActorKind.CRIMINAL_GROUP}


def test_a_bulk_create_records_one_insert_for_each_row():
    sources = Source.objects.bulk_create(Source(title=f"Informe {n}") for n in range(12))

    inserts = Source.pgh_event_model.objects.filter(pgh_obj_id__in=[source.pk for source in sources])

    assert sorted(inserts.values_list("title", flat=True)) == sorted(f"Informe {n}" for n in range(12))
    assert set(inserts.values_list("pgh_label", flat=True)) == {"insert"}


def test_a_delete_records_the_row_as_it_was_and_a_published_record_still_leaves_a_tombstone():
    incident = make_incident(status=ModerationStatus.PUBLISHED, retraction_reason="")
    Casualty.objects.create(incident=incident, outcome="killed", count=2)
    pk = incident.pk

    Incident.objects.filter(pk=pk).delete()

    deleted = Incident.pgh_event_model.objects.get(pgh_obj_id=pk, pgh_label="delete")
    assert (deleted.title, deleted.status) == ("Ataque en Huaypetue", ModerationStatus.PUBLISHED)
    # The casualty went with its incident, by cascade: its deletion is recorded too.
    assert Casualty.pgh_event_model.objects.filter(incident_id=pk, pgh_label="delete").count() == 1
    assert Tombstone.objects.filter(model_label="incidents.incident", object_id=str(pk), reason="deleted").exists()


def test_unpublishing_still_leaves_a_tombstone_and_an_event():
    incident = make_incident(status=ModerationStatus.PUBLISHED)

    Incident.objects.filter(pk=incident.pk).update(status=ModerationStatus.DRAFT)

    assert events_of(incident)[-1].status == ModerationStatus.DRAFT
    assert Tombstone.objects.filter(object_id=str(incident.pk), reason="unpublished").exists()


def test_linking_and_unlinking_a_source_is_recorded():
    incident = make_incident()
    source = Source.objects.create(title="Nota de prensa")

    incident.sources.add(source)
    incident.sources.remove(source)

    events = IncidentSource.pgh_event_model.objects.filter(incident_id=incident.pk).order_by("pgh_id")
    assert [(event.pgh_label, event.source_id) for event in events] == [("insert", source.pk), ("delete", source.pk)]


def test_an_upsert_records_only_the_rows_it_really_changes():
    regions = list(Region.objects.filter(pk__in=["13", "17"]).order_by("pk"))
    regions[1].capital = "Puerto Maldonado (capital)"
    count = Region.pgh_event_model.objects.count()

    Region.objects.bulk_create(
        regions,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "display_name", "capital", "updated_at"],
    )

    (event,) = Region.pgh_event_model.objects.order_by("pgh_id")[count:]
    assert (event.pgh_label, event.code, event.capital) == ("update", "17", "Puerto Maldonado (capital)")


def test_reloading_the_geography_and_the_real_records_adds_no_events():
    """The session loaded both once already; loading again changes nothing, so records nothing."""
    tracked = [Region, District, Incident, Claim, MiningSite, EnforcementOperation]
    before = {model: model.pgh_event_model.objects.count() for model in tracked}

    call_command("load_geography", verbosity=0)
    call_command("load_real_records", verbosity=0)

    assert {model: model.pgh_event_model.objects.count() for model in tracked} == before
    assert before[District] >= District.objects.count()  # the first load recorded every district


def test_a_command_can_name_itself_as_the_author_of_its_changes():
    with pghistory.context(command="load_real_records"):
        actor = Actor.objects.create(name="Comité de rondas", kind=ActorKind.COMMUNITY)

    assert events_of(actor)[0].pgh_context == {"command": "load_real_records"}


@pytest.fixture
def editor() -> User:
    """A staff member who may edit incidents and actors."""
    user = User.objects.create_user("editora", password="not-used-here", is_staff=True)
    codenames = ["view_incident", "change_incident", "view_actor", "change_actor"]
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="incidents", codename__in=codenames))
    return user


def test_a_change_made_in_the_admin_records_the_editor_and_the_page(editor):
    incident = make_incident(district_id="170101", province_id="1701", place_precision=PlacePrecision.DISTRICT)
    client = Client()
    client.force_login(editor)
    data = {
        "title": "Ataque en Huaypetue (corregido)",
        "incident_type": IncidentType.ARMED_ATTACK,
        "status": ModerationStatus.DRAFT,
        "description": "",
        "date_precision": DatePrecision.DAY,
        "date_start": DAY.isoformat(),
        "date_end": "",
        "place_precision": PlacePrecision.DISTRICT,
        "region": "17",
        "province": "1701",
        "district": "170101",
        "location_name": "",
        "latitude": "",
        "longitude": "",
        "site": "",
        "published_at_0": "",
        "published_at_1": "",
        "retraction_reason": "",
        "import_key": "",
    }
    for prefix in ("actor_roles", "casualties", "claims", "relations_from"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})

    response = client.post(admin_change_url(incident), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    change = events_of(incident)[-1]
    assert change.title == "Ataque en Huaypetue (corregido)"
    assert change.pgh_context["user"] == editor.pk
    assert change.pgh_context["url"] == admin_change_url(incident)


def test_a_change_made_through_the_api_with_a_token_records_its_user(editor):
    actor = Actor.objects.create(name="Mineros de Pataz", kind=ActorKind.MINERS_INFORMAL)
    token = Token.objects.create(user=editor)

    response = Client().patch(
        f"/api/v1/actors/{actor.pk}/",
        {"description": "Mineros informales del distrito."},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )

    assert response.status_code == 200, response.content
    change = events_of(actor)[-1]
    assert change.description == "Mineros informales del distrito."
    assert change.pgh_context["user"] == editor.pk


def test_the_incident_change_page_shows_who_changed_what_from_what_to_what(admin_client, django_user_model):
    incident = make_incident()
    user = django_user_model.objects.get(username="admin")
    with pghistory.context(user=user.pk, url="/admin/"):
        incident.title = "Ataque armado en Huaypetue"
        incident.save()
    Claim.objects.create(incident=incident, source=Source.objects.create(title="Informe"), claimed_on=DAY, killed=4)

    response = admin_client.get(admin_change_url(incident))

    assert response.status_code == 200
    page = response.content.decode()
    assert "History of this incident" in page
    assert "<li>title in English: Ataque en Huaypetue → Ataque armado en Huaypetue</li>" in page
    assert ">admin<" in page  # who
    assert "History of its claims" in page
    assert "<li>killed: — → 4</li>" in page


def test_a_district_change_page_shows_its_history(admin_client):
    district = District.objects.get(pk="170101")

    response = admin_client.get(admin_change_url(district))

    assert response.status_code == 200
    assert "History of this district" in response.content.decode()


@pytest.mark.parametrize("model", [Incident, Claim, Casualty, EnforcementOperation, MiningSite, Source, District])
def test_the_main_admins_show_a_history(model):
    model_admin = admin.site._registry[model]

    assert any(getattr(inline.model, "pgh_tracked_model", None) is model for inline in model_admin.inlines)


def test_saving_an_incident_in_the_admin_needs_no_form_data_for_its_history(admin_client):
    """The history inlines are display-only: a save posts nothing for them."""
    incident = make_incident()
    response = admin_client.get(admin_change_url(incident))
    formset_prefixes = {formset.formset.prefix for formset in response.context["inline_admin_formsets"]}

    assert {"actor_roles", "casualties", "claims"} <= formset_prefixes
    assert len(formset_prefixes) == 10  # four editable inlines, six histories


def test_an_editor_sees_the_history_only_of_records_they_may_see(editor):
    """The editor may see incidents but not casualty records, whose history holds victims' names."""
    incident = make_incident()
    Casualty.objects.create(incident=incident, outcome="killed", count=1, name="Juan Quispe")
    client = Client()
    client.force_login(editor)

    page = client.get(admin_change_url(incident)).content.decode()

    assert "History of this incident" in page
    assert "History of its claims" not in page
    assert "History of its casualties" not in page
    assert "Juan Quispe" not in page


def test_a_reinfo_record_page_shows_its_history_and_its_status_changes_history(admin_client):
    """Its page keeps one inline, the status history; the audit history is a read-only table."""
    snapshot = ReinfoSnapshot.objects.create(as_of=datetime.date(2024, 12, 31))
    record = ReinfoRecord.objects.create(
        ruc="20600000001",
        declarant_name="Minera de Prueba SAC",
        codigo_unico="010000124",
        district_id="170101",
        status=ReinfoStatus.VIGENTE,
    )
    ReinfoStatusChange.objects.create(
        record=record, snapshot=snapshot, from_status="", to_status=ReinfoStatus.VIGENTE, changed_on=snapshot.as_of
    )
    ReinfoRecord.objects.filter(pk=record.pk).update(status=ReinfoStatus.SUSPENDIDO)

    page = admin_client.get(admin_change_url(record)).content.decode()

    assert '<table class="history">' in page
    assert "<div>status: vigente (current) → suspendido (suspended)</div>" in page
    assert "<div>to: — → vigente (current)</div>" in page  # the status change's own creation


def test_a_history_shows_at_most_the_latest_events():
    actor = Actor.objects.create(name="Banda de prueba", kind=ActorKind.UNKNOWN)
    for number in range(5):
        Actor.objects.filter(pk=actor.pk).update(description=f"versión {number}")

    history = recent_history(Actor.pgh_event_model, "pgh_obj", actor, limit=2)

    assert [summary.changes[0].new for _, summary in history] == ["versión 4", "versión 3"]
    assert history[0][1].changes[0].old == "versión 3"  # measured against the event before, though not shown


def test_a_command_that_writes_names_itself_in_the_history():
    from django.core.management import call_command

    from regions.models import Region

    Region.objects.filter(code="17").update(display_name="Madre de Dios (renamed)")
    call_command("load_geography", verbosity=0)
    event = Region.pgh_event_model.objects.filter(pgh_obj_id="17").order_by("-pgh_id").first()
    assert event.display_name == "Madre de Dios"
    assert event.pgh_context["command"] == "load_geography"
