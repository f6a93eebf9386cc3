"""Full-text search over tickets (see hotline/search.py for the design and the figures).

PostgreSQL: a column `search_vec` (tsvector of the distinct overlapping character bigrams of
title + description, no positions, built by the IMMUTABLE SQL function hotline_bigrams), kept by a BEFORE INSERT /
UPDATE OF title, description trigger, a GIN index on it, and an index (unit_id, received_at) for
the scoped recency scan. The column is not a model field (Django never reads or writes it).

SQLite: an external-content FTS5 table `hotline_ticket_fts` (trigram tokenizer, SQLite ≥ 3.34)
over title and description, kept in sync by triggers.

Adding the column and filling it on a big existing table rewrites it (one UPDATE of every row);
run this migration in a maintenance window there.
"""

from django.db import migrations

PG_FORWARD = [
    r"""
CREATE OR REPLACE FUNCTION hotline_bigrams(t text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT array_to_tsvector(coalesce(array_agg(g), '{}'))
  FROM (SELECT c || lead(c) OVER (ORDER BY n) AS g
        FROM unnest(regexp_split_to_array(lower(regexp_replace(left(t, 16384), '\s', ' ', 'g')), ''))
             WITH ORDINALITY AS u(c, n)) AS b
  WHERE strpos(g, ' ') = 0
$$
""",
    r"""
CREATE OR REPLACE FUNCTION hotline_ticket_search_vec() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vec := hotline_bigrams(coalesce(NEW.title, '') || ' ' || coalesce(NEW.description, ''));
  RETURN NEW;
END
$$
""",
    "ALTER TABLE hotline_ticket ADD COLUMN search_vec tsvector",
    "UPDATE hotline_ticket SET search_vec = hotline_bigrams(coalesce(title, '') || ' ' || coalesce(description, ''))",
    """CREATE TRIGGER hotline_ticket_search_vec BEFORE INSERT OR UPDATE OF title, description ON hotline_ticket
       FOR EACH ROW EXECUTE FUNCTION hotline_ticket_search_vec()""",
    "CREATE INDEX hotline_ticket_search_gin ON hotline_ticket USING gin (search_vec)",
    "CREATE INDEX hotline_ticket_unit_recv ON hotline_ticket (unit_id, received_at)",
]

PG_BACKWARD = [
    "DROP INDEX IF EXISTS hotline_ticket_unit_recv",
    "DROP TRIGGER IF EXISTS hotline_ticket_search_vec ON hotline_ticket",
    "ALTER TABLE hotline_ticket DROP COLUMN IF EXISTS search_vec",
    "DROP FUNCTION IF EXISTS hotline_ticket_search_vec()",
    "DROP FUNCTION IF EXISTS hotline_bigrams(text)",
]

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE hotline_ticket_fts USING fts5(title, description, content='hotline_ticket',
       content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER hotline_ticket_fts_ai AFTER INSERT ON hotline_ticket BEGIN
         INSERT INTO hotline_ticket_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
       END""",
    """CREATE TRIGGER hotline_ticket_fts_ad AFTER DELETE ON hotline_ticket BEGIN
         INSERT INTO hotline_ticket_fts(hotline_ticket_fts, rowid, title, description)
         VALUES ('delete', old.id, old.title, old.description);
       END""",
    """CREATE TRIGGER hotline_ticket_fts_au AFTER UPDATE OF title, description ON hotline_ticket BEGIN
         INSERT INTO hotline_ticket_fts(hotline_ticket_fts, rowid, title, description)
         VALUES ('delete', old.id, old.title, old.description);
         INSERT INTO hotline_ticket_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
       END""",
    "INSERT INTO hotline_ticket_fts(hotline_ticket_fts) VALUES ('rebuild')",
    "CREATE INDEX hotline_ticket_unit_recv ON hotline_ticket (unit_id, received_at)",
]

SQLITE_BACKWARD = [
    "DROP INDEX IF EXISTS hotline_ticket_unit_recv",
    "DROP TRIGGER IF EXISTS hotline_ticket_fts_au",
    "DROP TRIGGER IF EXISTS hotline_ticket_fts_ad",
    "DROP TRIGGER IF EXISTS hotline_ticket_fts_ai",
    "DROP TABLE IF EXISTS hotline_ticket_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        todo = statements.get(vendor)
        if todo is None:
            return  # another database: search falls back to LIKE (search.py)
        with schema_editor.connection.cursor() as cursor:
            for sql in todo:
                cursor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("hotline", "0002_seed")]

    operations = [
        migrations.RunPython(_run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
                             _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD})),
    ]
