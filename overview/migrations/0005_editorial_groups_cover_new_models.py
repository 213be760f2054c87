"""The editorial groups' rights over the records added since `0001_groups`.

- editor and reviewer: relate incidents to each other (`incidents.IncidentRelation`, a row
  that hangs off an incident, so editors may remove one too) and see the dataset's releases;
- admin: every permission of Veta's apps, as `0001_groups` gave it then, now including the
  composing apps (context figures, releases, e-mail alerts), proposed revisions and the
  history tables of the new records.

Idempotent, and reversible (it takes back only what it gave).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

VETA_APPS = ("core", "incidents", "regions", "enforcement", "overview", "alerts")
ACCOUNT_APPS = ("auth", "authtoken")
# (app, codename) each editor and reviewer holds.
EDITORIAL = [
    *(("incidents", f"{verb}_incidentrelation") for verb in ("view", "add", "change", "delete")),
    ("overview", "view_release"),
]


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    for label in VETA_APPS:
        app_config = global_apps.get_app_config(label)
        create_contenttypes(app_config, verbosity=0, using=using, apps=apps)
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    editorial = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in EDITORIAL
    ]
    for name in ("editor", "reviewer"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*editorial)
    admin, _ = Group.objects.get_or_create(name="admin")
    admin.permissions.add(*Permission.objects.filter(content_type__app_label__in=(*VETA_APPS, *ACCOUNT_APPS)))


def take_back(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    editorial = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in EDITORIAL}, codename__in=[code for _, code in EDITORIAL]
    )
    for group in Group.objects.filter(name__in=("editor", "reviewer")):
        group.permissions.remove(*editorial)
    admin = Group.objects.filter(name="admin").first()
    if admin is not None:
        admin.permissions.remove(*Permission.objects.filter(content_type__app_label__in=("overview", "alerts")))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("core", "0002_proposed_revision"),
        ("incidents", "0024_incident_history_covers_qualifiers_and_texts"),
        ("regions", "0007_indicator_moves_to_overview"),
        ("enforcement", "0007_value_wording_more_than"),
        ("alerts", "0001_followers_alerts_deliveries"),
        ("overview", "0004_indicator_wording_more_than"),
    ]

    operations = [migrations.RunPython(grant, take_back)]
