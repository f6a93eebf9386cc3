"""The search index's pending list may hold 16 MB (gin_pending_list_limit; the server's default is
4 MB, about 600 tickets): the drainer's SearchMerger merges it every MERGE_EVERY (1,500) tickets
during a burst (intake_queue.py), and the INSERTs must not merge it first, inside the filing's
locks. PostgreSQL only (SQLite has no GIN index)."""

from django.db import migrations


def _set(value):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            if value is None:
                cursor.execute("ALTER INDEX hotline_ticket_search_gin RESET (gin_pending_list_limit)")
            else:
                cursor.execute(f"ALTER INDEX hotline_ticket_search_gin SET (gin_pending_list_limit = {int(value)})")
    return run


class Migration(migrations.Migration):
    dependencies = [("hotline", "0006_intake_queue")]

    operations = [migrations.RunPython(_set(16384), _set(None))]
