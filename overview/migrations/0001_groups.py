"""The editorial groups: editor, reviewer and admin, with their permissions over every app.

The groups span the apps, so the composing app owns them. On a database set up before the
kernel app existed (as `veta/0001_groups`) this runs again and only adds what is missing.

- editor: sees, adds and changes every Veta record (drafts are created and edited, then
  submitted for review); deletes only the rows that hang off a record (claims, casualties,
  outcome changes, actor and source links, machinery), never a record itself; cannot publish.
- reviewer: the editor's rights, plus deleting records and the `publish_<model>` permissions
  (publish, retract and republish incidents, operations and mining sites) and `merge_incident`.
- admin: every permission of Veta's apps, plus managing users, groups and API keys.

Partners hold an API key (`manage.py create_api_key`) and belong to no group: they read.

Permissions are normally created after `migrate` (post_migrate signal); this migration
creates them itself first, so that it can give them out. It is idempotent (running it on a
database that already has the groups only adds what is missing) and reversible (the groups
and the custom permissions go).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

VETA_APPS = ("core", "incidents", "regions", "enforcement")
ACCOUNT_APPS = ("auth", "authtoken")

# Models editors see, add and change; records with an editorial status among them.
EDITED_MODELS = {
    "incidents": (
        "actor", "source", "incident", "incidentactor", "casualty", "casualtyoutcomechange", "claim", "incidentsource",
    ),
    "regions": ("protectedarea", "miningsite", "indicator", "protectedarearegion"),
    "enforcement": (
        "enforcementoperation", "machinerydestroyed", "operationincidentlink", "operationreport", "reinfosnapshot",
        "reinforecord", "reinfostatuschange", "operationsource", "operationreportregion", "operationreportprovince",
    ),
}  # fmt: skip
# Rows that belong to a record; an editor may remove them while editing it.
EDITOR_DELETES = {
    "incidents": ("incidentactor", "casualty", "casualtyoutcomechange", "claim", "incidentsource"),
    "regions": ("protectedarearegion",),
    "enforcement": (
        "machinerydestroyed", "operationincidentlink", "operationsource", "operationreportregion",
        "operationreportprovince",
    ),
}  # fmt: skip
# Reference data everyone in the newsroom reads but no one edits by hand.
VIEWED_MODELS = {"regions": ("region", "province", "district"), "core": ("tombstone",)}

# (app, model, codename, name) of the permissions no model declares.
CUSTOM_PERMISSIONS = (
    ("incidents", "incident", "publish_incident", "Can publish, retract and republish incidents"),
    ("incidents", "incident", "merge_incident", "Can merge duplicate incidents"),
    (
        "enforcement",
        "enforcementoperation",
        "publish_enforcementoperation",
        "Can publish, retract and republish enforcement operations",
    ),
    ("regions", "miningsite", "publish_miningsite", "Can publish and retract mining sites"),
)


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def create_groups(apps, schema_editor):
    using = schema_editor.connection.alias
    for label in ("contenttypes", "auth", *ACCOUNT_APPS[1:], *VETA_APPS):
        app_config = global_apps.get_app_config(label)
        create_contenttypes(app_config, verbosity=0, using=using, apps=apps)
        create_permissions(app_config, verbosity=0, using=using, apps=apps)

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for app_label, model, codename, name in CUSTOM_PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        Permission.objects.get_or_create(codename=codename, content_type=content_type, defaults={"name": name})

    editor = []
    for app_label, models in EDITED_MODELS.items():
        for model in models:
            editor += [_permission(apps, app_label, f"{verb}_{model}") for verb in ("view", "add", "change")]
    for app_label, models in EDITOR_DELETES.items():
        editor += [_permission(apps, app_label, f"delete_{model}") for model in models]
    for app_label, models in VIEWED_MODELS.items():
        editor += [_permission(apps, app_label, f"view_{model}") for model in models]

    reviewer = list(editor)
    for app_label, models in EDITED_MODELS.items():
        reviewer += [_permission(apps, app_label, f"delete_{model}") for model in models]
    reviewer += [_permission(apps, app_label, codename) for app_label, _, codename, _ in CUSTOM_PERMISSIONS]

    admin = Permission.objects.filter(content_type__app_label__in=(*VETA_APPS, *ACCOUNT_APPS))

    for name, permissions in (("editor", editor), ("reviewer", reviewer), ("admin", admin)):
        group, _ = Group.objects.get_or_create(name=name)
        # A model that has since moved to another app (context figures, now the composing app's)
        # has no permission under its old app: the later migration that moved it carried its rights.
        group.permissions.add(*[permission for permission in permissions if permission is not None])


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name__in=("editor", "reviewer", "admin")).delete()
    for app_label, _, codename, _ in CUSTOM_PERMISSIONS:
        Permission.objects.filter(content_type__app_label=app_label, codename=codename).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("core", "0001_tombstone"),
        ("incidents", "0017_tombstone_to_core"),
        ("regions", "0003_history"),
        ("enforcement", "0003_history"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
