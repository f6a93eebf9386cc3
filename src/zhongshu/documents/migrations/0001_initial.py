from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="EmptyPhrase",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                ("phrase", models.CharField(max_length=40, unique=True, verbose_name="套话")),
                ("active", models.BooleanField(default=True, verbose_name="启用")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="说明")),
            ],
            options={"verbose_name": "套话", "verbose_name_plural": "套话", "ordering": ["phrase"]},
        ),
    ]
