from django.db import migrations


def seed(apps, schema_editor):
    from zhongshu.workcal.seed import package_years, seed_years

    years = [y for y in package_years() if y >= 2015]
    seed_years(apps.get_model("workcal", "CalendarYear"), apps.get_model("workcal", "CalendarDay"), years)


class Migration(migrations.Migration):
    dependencies = [("workcal", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
