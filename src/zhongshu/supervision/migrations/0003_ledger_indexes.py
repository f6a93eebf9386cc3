"""Indexes for the ledger at scale (bench/supervision_ledger.py): a unit's tasks with their matter
(the unit scope and the unit filter as index-only scans) and tasks by deadline (sort=deadline)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('clocks', '0002_default_ladder'),
        ('org', '0002_alter_passwordhistory_options'),
        ('supervision', '0002_ladders'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['unit', 'matter'], name='sv_task_unit_matter'),
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['deadline', 'id'], name='sv_task_deadline_id'),
        ),
    ]
