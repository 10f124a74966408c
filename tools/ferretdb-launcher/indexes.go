package main

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// FerretDB 1.24 stores a collection as a table of jsonb documents and creates each MongoDB index as
// a btree over the fields' expressions, e.g. ((_jsonb -> 'residentId'), (_jsonb -> 'measuredAt')).
// But it pushes an equality filter down to SQL as containment, `_jsonb -> 'residentId' @> '"…"'`
// (containment gives MongoDB's "an array field matches any element"), and btree cannot answer @>:
// PostgreSQL reads the whole table for every query, `_id` lookups included (docs/database.md has
// the EXPLAIN output).
//
// This event trigger gives every FerretDB index a companion that can: a GIN index (jsonb_path_ops,
// which answers exactly @>) over the same fields, each written as the expression FerretDB filters
// with (`->` for a top-level field, `#>` for a dotted path). A multicolumn GIN answers an equality
// on any subset of its fields, intersecting them inside the index, so equality filters on strings,
// ObjectIds, dates, integers and booleans become index lookups: `{residentId}` and
// `{residentId, seq}` alike. fastupdate is off: a pending list would be scanned whole by every
// query until the next vacuum, which made reads grow with recent inserts (bench:scale).
// Dropping the collection drops its companions with the table.
const equalityIndexesSQL = `
CREATE OR REPLACE FUNCTION public.passbook_equality_index(index_oid oid) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  table_oid oid;
  table_name text;
  access_method text;
  field_count int;
  column_expression text;
  fields text[];
  expressions text[] := '{}';
  companion text;
BEGIN
  SELECT i.indrelid, c.relname, am.amname, i.indnatts
    INTO table_oid, table_name, access_method, field_count
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
    JOIN pg_class c ON c.oid = i.indrelid
   WHERE i.indexrelid = index_oid;
  IF access_method IS DISTINCT FROM 'btree' OR table_name LIKE '\_ferretdb\_%' THEN
    RETURN;
  END IF;
  FOR n IN 1..field_count LOOP
    column_expression := pg_get_indexdef(index_oid, n, false);
    IF position('_jsonb -> ' in column_expression) = 0 THEN
      RETURN;
    END IF;
    SELECT array_agg(replace(m[1], '''''', '''') ORDER BY k) INTO fields
      FROM regexp_matches(column_expression, '''((?:[^'']|'''')*)''::text', 'g') WITH ORDINALITY AS t(m, k);
    IF fields IS NULL THEN
      RETURN;
    END IF;
    IF array_length(fields, 1) = 1 THEN
      expressions := expressions || format('(_jsonb -> %L) jsonb_path_ops', fields[1]);
    ELSE
      expressions := expressions || format('(_jsonb #> %L) jsonb_path_ops', fields::text);
    END IF;
  END LOOP;
  companion := left(table_name, 40) || '_eq_' || left(md5(array_to_string(expressions, ',')), 12);
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin (%s) WITH (fastupdate = off)', companion, table_oid::regclass, array_to_string(expressions, ', '));
END
$fn$;

CREATE OR REPLACE FUNCTION public.passbook_equality_indexes_on_create() RETURNS event_trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  created record;
BEGIN
  FOR created IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE object_type = 'index' LOOP
    PERFORM public.passbook_equality_index(created.objid);
  END LOOP;
END
$fn$;

DO $do$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'passbook_equality_indexes') THEN
    CREATE EVENT TRIGGER passbook_equality_indexes ON ddl_command_end WHEN TAG IN ('CREATE INDEX')
      EXECUTE FUNCTION public.passbook_equality_indexes_on_create();
  END IF;
END
$do$;

-- Indexes created before the trigger existed get their companions too.
SELECT public.passbook_equality_index(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
 WHERE c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace, 'pg_toast'::regnamespace);
`

func installEqualityIndexes(ctx context.Context, url string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, equalityIndexesSQL)
	return err
}
