"""PostgreSQL: the bigram vector of an entry (title, number, units, body) in a column `search_vec`
(not a model field), built by the IMMUTABLE function search_bigrams — the distinct overlapping
character bigrams of the lower-cased text, none across whitespace, first 16,384 characters —
kept by a BEFORE INSERT / UPDATE trigger, under a GIN index. Other databases: nothing (LIKE)."""

from django.db import migrations

FORWARD = [
    r"""
CREATE OR REPLACE FUNCTION search_bigrams(t text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT array_to_tsvector(coalesce(array_agg(DISTINCT g), '{}'))
  FROM (SELECT c || lead(c) OVER (ORDER BY n) AS g
        FROM unnest(regexp_split_to_array(lower(regexp_replace(left(t, 16384), '\s', ' ', 'g')), ''))
             WITH ORDINALITY AS u(c, n)) AS b
  WHERE strpos(g, ' ') = 0
$$
""",
    r"""
CREATE OR REPLACE FUNCTION search_searchentry_vec() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vec := search_bigrams(NEW.title || ' ' || NEW.number || ' ' || NEW.unit_names || ' ' || NEW.body);
  RETURN NEW;
END
$$
""",
    "ALTER TABLE search_searchentry ADD COLUMN search_vec tsvector",
    """CREATE TRIGGER search_searchentry_vec BEFORE INSERT OR UPDATE OF title, number, unit_names, body
       ON search_searchentry FOR EACH ROW EXECUTE FUNCTION search_searchentry_vec()""",
    "CREATE INDEX search_searchentry_gin ON search_searchentry USING gin (search_vec)",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS search_searchentry_vec ON search_searchentry",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vec",
    "DROP FUNCTION IF EXISTS search_searchentry_vec()",
    "DROP FUNCTION IF EXISTS search_bigrams(text)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
