"""PostgreSQL: each entry's units also as an int[] column `unit_ids` (not a model field) under a GIN
index, so a unit user's scope is one more bitmap ANDed with the text's (query.visible) instead of a
join per candidate. The many-to-many `units` stays the source (and SQLite's scope);
registry.index writes both."""

from django.db import migrations

FORWARD = [
    "ALTER TABLE search_searchentry ADD COLUMN unit_ids int[] NOT NULL DEFAULT '{}'",
    """UPDATE search_searchentry e SET unit_ids = u.ids FROM (
         SELECT searchentry_id, array_agg(orgunit_id ORDER BY orgunit_id) AS ids
         FROM search_searchentry_units GROUP BY searchentry_id) u WHERE u.searchentry_id = e.id""",
    "CREATE INDEX search_searchentry_units_gin ON search_searchentry USING gin (unit_ids)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_searchentry_units_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS unit_ids",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_bigrams")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
