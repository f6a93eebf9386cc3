"""Seed the default escalation ladder (kind "default"): 预警, 到期提醒, 催办 (repeating), 督办."""

from django.db import migrations


def seed(apps, schema_editor):
    from zhongshu.clocks.defaults import ensure_default_ladder

    ensure_default_ladder(apps.get_model("clocks", "Ladder"), apps.get_model("clocks", "Rung"))


def unseed(apps, schema_editor):
    apps.get_model("clocks", "Ladder").objects.filter(kind="default").delete()


class Migration(migrations.Migration):
    dependencies = [("clocks", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
