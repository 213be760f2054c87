"""Optimistic concurrency in the admin: two editors save the same record; the second sees both versions.

Every change form of a Veta record carries the version (`updated_at`) it was opened at.
A save from an older version is refused, whole (inlines too), with the editor's input,
the current saved values beside it, and the new version, so a deliberate second save works.
"""

import threading
import time
from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib.auth.models import User
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from core.concurrency import (
    VERSION_FIELD,
    VersionConflict,
    VersionedModelForm,
    check_version,
    version_token,
)
from core.models import Tombstone
from enforcement.models import EnforcementOperation
from incidents.choices import ActorKind
from incidents.models import Actor, Claim, Incident, Source
from regions.models import MiningSite
from tests.threads import committed as _in_own_connection

# `server`: versions and locks between sessions: writes committed on other connections.
pytestmark = [pytest.mark.django_db, pytest.mark.server]


# A browser's view of a form: what it would post back -----------------------------------------


class FormFields(HTMLParser):
    """The name/value pairs a browser would submit from the page's main form (no buttons)."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.in_form = False
        self.pairs: list[tuple[str, str]] = []
        self._select: str | None = None
        self._option: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.in_form = a.get("id") == self.form_id
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.pairs.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select is not None and "selected" in a:
            self.pairs.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the newline that follows <textarea>.
            self.pairs.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None


def form_data(response, model: type) -> dict[str, str | list[str]]:
    parser = FormFields(f"{model._meta.model_name}_form")
    parser.feed(response.content.decode())
    data: dict[str, str | list[str]] = {}
    for name, value in parser.pairs:
        if name in data:
            data[name] = [*([data[name]] if isinstance(data[name], str) else data[name]), value]
        else:
            data[name] = value
    return data


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def editor_client(username: str) -> Client:
    user = User.objects.create_superuser(username=username, email=f"{username}@veta.example.org", password="x")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def first_editor() -> Client:
    return editor_client("editor-rosa")


@pytest.fixture
def second_editor() -> Client:
    return editor_client("editor-luis")


def opened(client: Client, obj) -> dict:
    response = client.get(change_url(obj))
    assert response.status_code == 200
    data = form_data(response, type(obj))
    assert data[VERSION_FIELD] == version_token(obj)
    return data


def real(model: type, import_key: str):
    return model.objects.get(import_key=import_key)


RECORDS = [
    pytest.param(Incident, "incident-2025-05-la-libertad-massacre", "title", id="incident"),
    pytest.param(MiningSite, "site-la-pampa", "name", id="mining-site"),
    pytest.param(EnforcementOperation, "operation-2022-08-24-interoceanic-interdiction", "title", id="operation"),
]


# Two editors, one record -------------------------------------------------------------------


@pytest.mark.parametrize(("model", "import_key", "field"), RECORDS)
def test_the_second_editor_to_save_is_told_and_sees_both_versions(
    first_editor, second_editor, model, import_key, field
) -> None:
    record = real(model, import_key)
    original = getattr(record, field)
    rosa, luis = opened(first_editor, record), opened(second_editor, record)

    saved = first_editor.post(change_url(record), {**rosa, field: "Versión de Rosa"})
    assert saved.status_code == 302

    refused = second_editor.post(change_url(record), {**luis, field: "Versión de Luis"})

    assert refused.status_code == 200
    record.refresh_from_db()
    assert getattr(record, field) == "Versión de Rosa"
    form = refused.context["adminform"].form
    conflict = form.conflict
    assert conflict is not None
    assert conflict.saved_by == "editor-rosa"
    [row] = [row for row in conflict.fields if row.name == field]
    assert (row.opened, row.current, row.edit) == (original, "Versión de Rosa", "Versión de Luis")
    assert row.both_changed
    html = refused.content.decode()
    assert "Someone else (editor-rosa) saved this record at" in html
    assert "Your changes are below; the current saved values are shown beside them." in html
    assert "The version you opened" in html and "The current saved version" in html and "Your edit" in html
    # The form keeps Luis's input and now carries the current version.
    again = form_data(refused, model)
    assert again[field] == "Versión de Luis"
    assert again[VERSION_FIELD] == version_token(record)


@pytest.mark.parametrize(("model", "import_key", "field"), RECORDS)
def test_the_second_editor_saves_deliberately_after_reviewing_the_conflict(
    first_editor, second_editor, model, import_key, field
) -> None:
    record = real(model, import_key)
    rosa, luis = opened(first_editor, record), opened(second_editor, record)
    first_editor.post(change_url(record), {**rosa, field: "Versión de Rosa"})
    refused = second_editor.post(change_url(record), {**luis, field: "Versión de Luis"})

    saved = second_editor.post(change_url(record), form_data(refused, model))

    assert saved.status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == "Versión de Luis"


def test_a_field_only_the_other_editor_changed_is_shown_so_it_is_not_undone_unseen(first_editor, second_editor):
    incident = real(Incident, "incident-2025-05-la-libertad-massacre")
    rosa, luis = opened(first_editor, incident), opened(second_editor, incident)
    first_editor.post(change_url(incident), {**rosa, "location_name": "Bocamina Rosa"})

    refused = second_editor.post(change_url(incident), {**luis, "title": "Título de Luis"})

    rows = {row.name: row for row in refused.context["adminform"].form.conflict.fields}
    assert set(rows) == {"location_name", "title"}
    assert rows["location_name"].current == "Bocamina Rosa"
    assert rows["location_name"].edit == rows["location_name"].opened
    assert not rows["location_name"].both_changed
    assert rows["title"].edit == "Título de Luis"


def test_inlines_posted_with_a_refused_save_are_not_written(first_editor, second_editor):
    incident = real(Incident, "incident-2025-05-la-libertad-massacre")
    source = Source.objects.create(title="Nota de prueba", outlet="Diario de prueba")
    claims_before = Claim.objects.filter(incident=incident).count()
    rosa, luis = opened(first_editor, incident), opened(second_editor, incident)
    first_editor.post(change_url(incident), {**rosa, "title": "Versión de Rosa"})

    total = int(luis["claims-TOTAL_FORMS"])
    new_claim = {
        "source": str(source.pk),
        "claimed_on": "2025-05-06",
        "killed": "99",
        "wording": "exact",
        "grade": "single_source",
        "notes": "",
    }
    luis = {**luis, "claims-TOTAL_FORMS": str(total + 1)}
    luis.update({f"claims-{total}-{name}": value for name, value in new_claim.items()})
    luis[f"claims-{total}-incident"] = str(incident.pk)
    refused = second_editor.post(change_url(incident), {**luis, "title": "Versión de Luis"})

    assert refused.status_code == 200
    assert refused.context["adminform"].form.conflict is not None
    assert Claim.objects.filter(incident=incident).count() == claims_before
    assert not Claim.objects.filter(incident=incident, killed=99).exists()
    incident.refresh_from_db()
    assert incident.title == "Versión de Rosa"


def test_an_editor_alone_saves_as_before(first_editor):
    site = real(MiningSite, "site-la-pampa")

    response = first_editor.post(change_url(site), {**opened(first_editor, site), "notes": "Revisado."})

    assert response.status_code == 302
    site.refresh_from_db()
    assert site.notes == "Revisado."


def test_a_save_without_a_version_from_an_older_script_is_not_checked(first_editor):
    site = real(MiningSite, "site-la-pampa")
    data = opened(first_editor, site)
    site.save()  # a newer version
    del data[VERSION_FIELD]

    assert first_editor.post(change_url(site), {**data, "notes": "Sin versión."}).status_code == 302


def test_a_tampered_version_is_refused_like_an_old_one(first_editor):
    site = real(MiningSite, "site-la-pampa")
    data = opened(first_editor, site)

    response = first_editor.post(change_url(site), {**data, VERSION_FIELD: "not a version", "notes": "x"})

    assert response.status_code == 200
    assert response.context["adminform"].form.conflict is not None
    site.refresh_from_db()
    assert site.notes != "x"


def test_the_version_field_is_not_logged_as_a_change(first_editor):
    from django.contrib.admin.models import LogEntry

    site = real(MiningSite, "site-la-pampa")
    first_editor.post(change_url(site), {**opened(first_editor, site), "notes": "Revisado."})

    message = LogEntry.objects.filter(object_id=str(site.pk)).latest("action_time").get_change_message()
    assert "version" not in message.lower()


def test_an_admin_form_of_its_own_gets_the_version_check_too():
    from django.contrib import admin

    from core.admin_widgets import EditorAdminMixin

    class OwnForm(forms.ModelForm):
        class Meta:
            model = Actor
            fields = ["name", "kind", "description"]

    class OwnAdmin(EditorAdminMixin, admin.ModelAdmin):
        form = OwnForm

    form_class = OwnAdmin(Actor, admin.AdminSite()).get_form(None, None, fields=["name", "kind", "description"])

    assert VERSION_FIELD in form_class.base_fields
    actor = Actor.objects.create(name="Banda de prueba", kind=ActorKind.CRIMINAL_GROUP)
    token = version_token(actor)
    actor.save()
    form = form_class({"name": "Otra", "kind": ActorKind.CRIMINAL_GROUP, VERSION_FIELD: token}, instance=actor)
    assert not form.is_valid()
    assert form.conflict is not None


def test_a_versioned_form_saves_when_its_version_is_current():
    class ActorForm(VersionedModelForm):
        class Meta:
            model = Actor
            fields = ["name", "kind", "description"]

    actor = Actor.objects.create(name="Banda de prueba", kind=ActorKind.CRIMINAL_GROUP)
    form = ActorForm(
        {"name": "Otra", "kind": ActorKind.CRIMINAL_GROUP, VERSION_FIELD: version_token(actor)}, instance=actor
    )

    assert form.is_valid(), form.errors
    form.save()
    assert Actor.objects.get(pk=actor.pk).name == "Otra"


# A real race: two connections, one version --------------------------------------------------


def _delete_committed_actor(pk: int) -> None:
    Actor.objects.filter(pk=pk).delete()
    Actor.pgh_event_model.objects.filter(pgh_obj_id=pk).delete()
    Tombstone.objects.filter(model_label="incidents.actor", object_id=str(pk)).delete()


def test_of_two_simultaneous_saves_from_the_same_version_exactly_one_wins(monkeypatch):
    """Two threads, each with its own connection, save the same committed row from one version.

    Each save is slowed down after its check so that, without the row lock, both would
    pass the check before either wrote. With it, the second waits, sees the first's
    version and is refused.
    """
    assert connection.in_atomic_block  # this test's own transaction sees none of the threads' rows
    pk = _in_own_connection(lambda: Actor.objects.create(name="Carrera de prueba", kind=ActorKind.CRIMINAL_GROUP).pk)
    try:
        token = _in_own_connection(lambda: version_token(Actor.objects.get(pk=pk)))
        original_save = Actor.save

        def slow_save(self, *args, **kwargs):
            time.sleep(0.3)
            return original_save(self, *args, **kwargs)

        monkeypatch.setattr(Actor, "save", slow_save)
        barrier = threading.Barrier(2)
        outcomes: dict[str, str] = {}

        def writer(name: str) -> None:
            try:
                actor = Actor.objects.get(pk=pk)
                actor.description = f"escrito por {name}"
                barrier.wait(timeout=10)
                # As the admin saves: check the version, which locks the row, then write.
                with transaction.atomic():
                    check_version(Actor, pk, token)
                    actor.save()
                outcomes[name] = "saved"
            except VersionConflict:
                outcomes[name] = "conflict"
            finally:
                connections.close_all()

        threads = [threading.Thread(target=writer, args=(name,)) for name in ("rosa", "luis")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert sorted(outcomes.values()) == ["conflict", "saved"]
        [winner] = [name for name, outcome in outcomes.items() if outcome == "saved"]
        saved = _in_own_connection(lambda: Actor.objects.get(pk=pk).description)
        assert saved == f"escrito por {winner}"
    finally:
        _in_own_connection(lambda: _delete_committed_actor(pk))


def test_check_version_returns_the_current_version_or_refuses_another():
    actor = Actor.objects.create(name="Banda de prueba", kind=ActorKind.CRIMINAL_GROUP)
    token = version_token(actor)

    assert check_version(Actor, actor.pk, token) == actor.updated_at
    with pytest.raises(VersionConflict):
        check_version(Actor, actor.pk, "2000-01-01T00:00:00+00:00")
