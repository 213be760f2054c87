"""Context figures move to the composing app: `overview.Indicator` cites an incidents source.

The table and its event table keep their names (the overview models say so in `db_table`),
so the move is in Django's state only. The history triggers are named after the model's
app, so the old ones go here and `overview/0002_indicator` installs them under their new
names; the content types move with the model, carrying the permissions the editorial
groups hold on it.
"""

import pgtrigger.migrations
from django.db import migrations

MOVED = ("indicator", "indicatorevent")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    using = schema_editor.connection.alias
    for model in MOVED:
        # A content type made for the new app before this ran (none is, normally) gives way.
        ContentType.objects.using(using).filter(app_label="overview", model=model).delete()
        ContentType.objects.using(using).filter(app_label="regions", model=model).update(app_label="overview")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    using = schema_editor.connection.alias
    ContentType.objects.using(using).filter(app_label="overview", model__in=MOVED).update(app_label="regions")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        # The editorial groups were given their rights on the model while it lived here.
        ("overview", "0001_groups"),
        ("regions", "0006_without_synthetic"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(model_name="indicator", name="insert_insert"),
        pgtrigger.migrations.RemoveTrigger(model_name="indicator", name="update_update"),
        pgtrigger.migrations.RemoveTrigger(model_name="indicator", name="delete_delete"),
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="indicatorevent", name="pgh_obj"),
                migrations.RemoveField(model_name="indicatorevent", name="region"),
                migrations.RemoveField(model_name="indicatorevent", name="source"),
                migrations.DeleteModel(name="Indicator"),
                migrations.DeleteModel(name="IndicatorEvent"),
            ],
            database_operations=[],
        ),
    ]
