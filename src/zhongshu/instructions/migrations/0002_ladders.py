"""The 批示转办 ladder (instructions/ladders.py), editable in the admin afterwards."""

from django.db import migrations


def seed(apps, schema_editor):
    from zhongshu.instructions.ladders import ensure_ladders

    ensure_ladders(apps.get_model("clocks", "Ladder"), apps.get_model("clocks", "Rung"))


def unseed(apps, schema_editor):
    from zhongshu.instructions.ladders import LADDERS

    apps.get_model("clocks", "Ladder").objects.filter(kind__in=list(LADDERS)).delete()


class Migration(migrations.Migration):
    dependencies = [("instructions", "0001_initial"), ("clocks", "0004_light_index")]
    operations = [migrations.RunPython(seed, unseed)]
