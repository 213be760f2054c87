"""The editorial groups made by veta's migration, and `create_user` that puts accounts in them."""

import importlib
import io
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = pytest.mark.django_db

groups_migration = importlib.import_module("overview.migrations.0001_squashed_0005")
SCHEMA_EDITOR = SimpleNamespace(connection=connection)


def codenames(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def user_in(group_name: str) -> User:
    user = User.objects.create_user(f"{group_name}-test", password="a long test password")
    user.groups.add(Group.objects.get(name=group_name))
    return User.objects.get(pk=user.pk)


def test_the_migration_creates_the_editor_reviewer_and_admin_groups() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= {"editor", "reviewer", "admin"}


def test_an_editor_creates_and_edits_records_but_cannot_publish_or_delete_them() -> None:
    editor = user_in("editor")
    for model in ("incidents.incident", "incidents.claim", "incidents.casualty", "incidents.casualtyoutcomechange",
                  "incidents.actor", "incidents.source", "incidents.incidentactor", "enforcement.enforcementoperation",
                  "enforcement.operationreport", "regions.miningsite", "regions.protectedarea",
                  "enforcement.reinforecord", "enforcement.reinfosnapshot"):  # fmt: skip
        app_label, name = model.split(".")
        for verb in ("view", "add", "change"):
            assert editor.has_perm(f"{app_label}.{verb}_{name}"), (verb, model)
    for permission in ("incidents.publish_incident", "enforcement.publish_enforcementoperation",
                       "regions.publish_miningsite", "incidents.delete_incident",
                       "enforcement.delete_enforcementoperation", "regions.delete_miningsite",
                       "incidents.delete_source", "auth.add_user"):  # fmt: skip
        assert not editor.has_perm(permission), permission
    # Rows that hang off a record may go while the record is edited.
    assert editor.has_perm("incidents.delete_claim")


def test_a_reviewer_has_the_editors_rights_and_publishes_deletes_and_merges() -> None:
    assert codenames("editor") < codenames("reviewer")
    reviewer = user_in("reviewer")
    for permission in ("incidents.publish_incident", "enforcement.publish_enforcementoperation",
                       "regions.publish_miningsite", "incidents.merge_incident", "incidents.delete_incident",
                       "regions.delete_miningsite"):  # fmt: skip
        assert reviewer.has_perm(permission), permission
    assert not reviewer.has_perm("auth.change_user")


def test_an_admin_has_every_veta_permission_and_manages_accounts_and_keys() -> None:
    admin = codenames("admin")
    veta = Permission.objects.filter(content_type__app_label__in=("incidents", "regions", "enforcement"))
    assert {f"{p.content_type.app_label}.{p.codename}" for p in veta.select_related("content_type")} <= admin
    assert {"auth.add_user", "auth.change_group", "authtoken.add_token"} <= admin
    assert codenames("reviewer") <= admin


def test_the_migration_is_idempotent() -> None:
    before = {name: codenames(name) for name in ("editor", "reviewer", "admin")}
    groups_migration.create_groups(apps, SCHEMA_EDITOR)
    assert {name: codenames(name) for name in ("editor", "reviewer", "admin")} == before
    assert Group.objects.filter(name="editor").count() == 1


def test_the_migration_is_reversible() -> None:
    groups_migration.remove_groups(apps, SCHEMA_EDITOR)
    assert not Group.objects.filter(name__in=("editor", "reviewer", "admin")).exists()
    assert not Permission.objects.filter(codename="publish_incident").exists()
    groups_migration.create_groups(apps, SCHEMA_EDITOR)
    assert "incidents.publish_incident" in codenames("reviewer")


# --- create_user -----------------------------------------------------------------------------


def run_create_user(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("create_user", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_user_makes_a_staff_account_in_the_roles_group(monkeypatch) -> None:
    monkeypatch.setenv("NEW_PASSWORD", "correct horse battery staple")
    out, err = run_create_user("lucia", "--role", "reviewer", "--email", "lucia@example.org",
                               "--password-from-env", "NEW_PASSWORD")  # fmt: skip
    user = User.objects.get(username="lucia")
    assert user.is_staff and not user.is_superuser
    assert user.email == "lucia@example.org"
    assert list(user.groups.values_list("name", flat=True)) == ["reviewer"]
    assert user.check_password("correct horse battery staple")
    assert user.has_perm("incidents.publish_incident")
    assert "correct horse" not in out + err


def test_create_user_asks_for_the_password_twice_without_echoing_it(monkeypatch) -> None:
    answers = iter(["another long passphrase", "another long passphrase"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    out, err = run_create_user("mateo", "--role", "editor")
    assert User.objects.get(username="mateo").check_password("another long passphrase")
    assert "passphrase" not in out + err


def test_create_user_refuses_two_different_passwords(monkeypatch) -> None:
    answers = iter(["another long passphrase", "another long passphrasf"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="differ"):
        run_create_user("mateo", "--role", "editor")
    assert not User.objects.filter(username="mateo").exists()


def test_create_user_refuses_an_unknown_role(monkeypatch) -> None:
    monkeypatch.setenv("NEW_PASSWORD", "correct horse battery staple")
    with pytest.raises(CommandError, match=r"Unknown role 'partner': choose one of editor, reviewer, admin\."):
        run_create_user("pablo", "--role", "partner", "--password-from-env", "NEW_PASSWORD")
    assert not User.objects.filter(username="pablo").exists()


def test_create_user_refuses_an_existing_user(monkeypatch) -> None:
    User.objects.create_user("ana", password="whatever it was before")
    monkeypatch.setenv("NEW_PASSWORD", "correct horse battery staple")
    with pytest.raises(CommandError, match="already exists"):
        run_create_user("Ana", "--role", "admin", "--password-from-env", "NEW_PASSWORD")
    assert not User.objects.get(username="ana").groups.exists()


def test_create_user_refuses_an_empty_environment_variable_and_a_weak_password(monkeypatch) -> None:
    monkeypatch.delenv("NEW_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="NEW_PASSWORD is empty or not set"):
        run_create_user("pablo", "--role", "editor", "--password-from-env", "NEW_PASSWORD")
    monkeypatch.setenv("NEW_PASSWORD", "123")
    with pytest.raises(CommandError, match="The password was refused"):
        run_create_user("pablo", "--role", "editor", "--password-from-env", "NEW_PASSWORD")
    assert not User.objects.filter(username="pablo").exists()
