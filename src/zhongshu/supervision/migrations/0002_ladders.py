"""Seed the escalation ladders of 督查督办 (supervision.task / .accept / .report / .recheck)."""

from django.db import migrations


def seed(apps, schema_editor):
    from zhongshu.supervision.ladders import ensure_ladders

    ensure_ladders(apps.get_model("clocks", "Ladder"), apps.get_model("clocks", "Rung"))


def unseed(apps, schema_editor):
    from zhongshu.supervision.ladders import LADDERS

    apps.get_model("clocks", "Ladder").objects.filter(kind__in=list(LADDERS)).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial"), ("clocks", "0002_default_ladder")]
    operations = [migrations.RunPython(seed, unseed)]
