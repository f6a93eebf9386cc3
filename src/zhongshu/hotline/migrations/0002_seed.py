"""Seed the hotline's escalation ladders and the default time limits (both editable in the admin)."""

from django.db import migrations


def seed(apps, schema_editor):
    from zhongshu.hotline.ladders import ensure_ladders
    from zhongshu.hotline.limits import ensure_rules

    ensure_ladders(apps.get_model("clocks", "Ladder"), apps.get_model("clocks", "Rung"))
    ensure_rules(apps.get_model("hotline", "TimeLimitRule"))


def unseed(apps, schema_editor):
    from zhongshu.hotline.ladders import LADDERS

    apps.get_model("clocks", "Ladder").objects.filter(kind__in=list(LADDERS)).delete()
    apps.get_model("hotline", "TimeLimitRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_initial"), ("clocks", "0002_default_ladder")]
    operations = [migrations.RunPython(seed, unseed)]
