"""The tombstones belong to the kernel now (core/0001 renames the table): the incidents app forgets the model."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0016_feed_indexes"),
        ("core", "0001_tombstone"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Tombstone")]),
    ]
