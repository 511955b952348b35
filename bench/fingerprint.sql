-- The schema fingerprint the benchmark compares after every run: object count and an md5 over the
-- public schema's tables, columns, constraints, indexes, sequences, views, functions and row counts,
-- without the migration tools' own tables (alembic_version*, dbmate's schema_migrations). Columns are
-- listed by name, not by position: two branches may add columns to one table in either order.
WITH rels AS (
    SELECT c.oid, c.relname, c.relkind
    FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace
      AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
      AND c.relname NOT LIKE 'alembic\_version%'
      AND c.relname <> 'schema_migrations'
), lines AS (
    SELECT format('relation %s %s rows=%s', relname, relkind,
                  CASE WHEN relkind IN ('r', 'p') THEN
                      (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM public.%I', relname),
                                                           false, true, '')))[1]::text END) AS line
    FROM rels
    UNION ALL
    SELECT format('column %s.%s %s notnull=%s identity=%s default=%s', r.relname, a.attname,
                  format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity,
                  pg_get_expr(d.adbin, d.adrelid))
    FROM rels r
    JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    UNION ALL
    SELECT format('constraint %s.%s %s', r.relname, con.conname, pg_get_constraintdef(con.oid))
    FROM rels r JOIN pg_constraint con ON con.conrelid = r.oid
    UNION ALL
    SELECT format('index %s', pg_get_indexdef(i.indexrelid))
    FROM rels r JOIN pg_index i ON i.indrelid = r.oid
    UNION ALL
    SELECT format('view %s %s', r.relname, pg_get_viewdef(r.oid))
    FROM rels r WHERE r.relkind IN ('v', 'm')
    UNION ALL
    SELECT format('function %s', pg_get_functiondef(p.oid))
    FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
)
SELECT count(*) || ' ' || md5(coalesce(string_agg(line, E'\n' ORDER BY line), '')) FROM lines;
