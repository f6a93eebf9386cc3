from django.db import migrations


def seed_ladders(apps, schema_editor):
    from zhongshu.meetings.ladders import ensure_ladders

    ensure_ladders(apps.get_model("clocks", "Ladder"), apps.get_model("clocks", "Rung"))


def unseed_ladders(apps, schema_editor):
    from zhongshu.meetings.ladders import LADDERS

    apps.get_model("clocks", "Ladder").objects.filter(kind__in=list(LADDERS)).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('clocks', '0004_light_index'),
        ('meetings', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(seed_ladders, unseed_ladders),
    ]
