#!/usr/bin/env bash
# The example project's migrations, baked into build/example: upgrade head on a fresh database, then
# history marks the head as current, seed fills the country table once, the declared schema (schema/)
# is exactly what the migrations produce, a change by hand is drift, then downgrade base leaves nothing
# behind.
set -euo pipefail
example=$1
schema=$2
db=retort_example_$$
psql -XqAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" postgres
trap 'psql -XqAt -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" postgres' EXIT
export PGDATABASE=$db

"$example" upgrade head
history=$("$example" history -i)
echo "$history"
grep -q '^5e6f708192a3 -> 6f708192a3b4 (geo) (head) (current), ' <<<"$history"
[ "$(psql -XqAt -c 'SELECT count(*) FROM alembic_version_history')" = 6 ]
[ "$(psql -XqAt -c "SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_title_idx'::regclass")" = t ]

seeded=$("$example" seed)
echo "$seeded"
grep -q '^Running seed 0001_countries.sql, countries of the world (' <<<"$seeded"
[ "$(psql -XqAt -c 'SELECT count(*) FROM country')" = 51 ]
[ "$("$example" seed)" = "Nothing to seed: 1 already applied, 0 skipped." ]
[ "$(psql -XqAt -c 'SELECT count(*) FROM alembic_version_seeds')" = 1 ]

# The declared schema in schema/ is what the migrations produce, and the database holds exactly that.
"$example" check --declared "$schema" --dev-url dbname=postgres
"$example" check --drift --dev-url dbname=postgres
psql -XqAt -c 'ALTER TABLE items ADD COLUMN note text'
drift=0
report=$("$example" check --drift --dev-url dbname=postgres 2>&1) || drift=$?
[ "$drift" = 13 ] || { echo "$report"; echo "check --drift after a change by hand: exit $drift, not 13"; exit 1; }
grep -q 'added by hand: column public.items.note' <<<"$report"
psql -XqAt -c 'ALTER TABLE items DROP COLUMN note'

"$example" downgrade base
[ "$(psql -XqAt -c 'SELECT count(*) FROM alembic_version')" = 0 ]
[ -z "$(psql -XqAt -c "SELECT to_regclass('users')")" ]
echo "example: upgrade, history, seed, check --declared, check --drift and downgrade base passed"
