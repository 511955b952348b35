#!/usr/bin/env bash
# Real histories: every corpus under CORPUS_ROOT (one folder of revision files each, e.g. lemmy/) is
# upgraded to head and downgraded to base by retort, and the same SQL is run by psql, one transaction
# per revision, on a second database:  corpus_test.sh RETORT_BINARY CORPUS_ROOT
#
# Both sides go on past a failing revision (retort by stamping it, psql by skipping it), so every revision
# is tried. The test passes when retort and psql fail at the same revisions with the same messages and
# leave the same schema (pg_dump --schema-only) after the upgrade and after the downgrade. The failures
# themselves (PostgreSQL 16+ syntax, broken downgrades upstream) are printed, not judged.
#
# retort runs with --no-parse-check: the histories hold SQL newer than the parser's grammar (PostgreSQL
# 16+), which is exactly what this test lets fail at run time, as psql does.
# Needs the fixture's PG* variables. Exits 77 (CTest SKIP_RETURN_CODE) when CORPUS_ROOT holds no corpus.
# The corpora are test data under their own licences: they are read where they are, never copied.
set -euo pipefail

retort=${1:?usage: $0 RETORT_BINARY CORPUS_ROOT}
root=${2:?usage: $0 RETORT_BINARY CORPUS_ROOT}

corpora=()
if [[ -d $root ]]; then
    for d in "$root"/*/; do
        compgen -G "$d*.sql" >/dev/null && corpora+=("${d%/}")
    done
fi
if [[ ${#corpora[@]} -eq 0 ]]; then
    echo "SKIP: no corpus under $root"
    exit 77
fi

tmp=$(mktemp -d)
dbs=()
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
cleanup() {
    for db in "${dbs[@]}"; do psql_ -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
failed=0
mismatch() {
    echo "MISMATCH: $*"
    failed=1
}

# The section of revision file $1 named $2 (upgrade or downgrade): the lines after its marker.
section() {
    awk -v want="$2" '
        /^--[ \t]*\+upgrade[ \t]*$/   { on = (want == "upgrade"); next }
        /^--[ \t]*\+downgrade[ \t]*$/ { on = (want == "downgrade"); next }
        on' "$1"
}
header() { sed -n "s/^-- $2:[ \t]*//p" "$1" | head -n 1 | tr -d '\r'; }

schema() {
    pg_dump --schema-only --no-owner --no-privileges --exclude-table='alembic_version*' -d "$1" |
        grep -v '^--\|^SET \|^SELECT pg_catalog.set_config\|^\\restrict \|^\\unrestrict ' | cat -s
}

# Compares the schemas of databases $3 (retort) and $4 (psql) of corpus $1 after phase $2.
compare_schemas() {
    local name=$1 phase=$2
    schema "$3" >"$tmp/$name.$phase.retort.schema"
    schema "$4" >"$tmp/$name.$phase.psql.schema"
    if cmp -s "$tmp/$name.$phase.retort.schema" "$tmp/$name.$phase.psql.schema"; then
        echo "$phase: schema identical to psql's ($(wc -l <"$tmp/$name.$phase.psql.schema") lines of pg_dump)"
    else
        mismatch "$name: schema after $phase differs from psql's:"
        diff "$tmp/$name.$phase.retort.schema" "$tmp/$name.$phase.psql.schema" | head -n 40 || true
    fi
}

# psql side: runs section $2 of every file given (in that order) on database $1 in one session, as
# retort does, each revision in its own transaction, going on past failures; prints
# "REVISION<TAB>message" for each failure (its first error).
psql_pass() {
    local db=$1 which=$2 f
    shift 2
    for f in "$@"; do
        printf '\\warn REVISION %s\nBEGIN;\n' "$(header "$f" "Revision ID")"
        section "$f" "$which"
        printf '\n;\nCOMMIT;\n'
    done >"$tmp/script.sql"
    psql -X -q -v ON_ERROR_STOP=0 -d "$db" -f "$tmp/script.sql" 2>&1 >/dev/null |
        awk '/^REVISION / { id = $2; reported = 0; next }
             /ERROR:  / && !reported { sub(/.*ERROR:  /, ""); printf "%s\t%s\n", id, $0; reported = 1 }'
}

# retort side: runs `retort --dir $2 $3 $4` on database $1 until it succeeds; after each failure it
# stamps past the failing revision (itself when upgrading, its parents when downgrading) and prints
# "REVISION<TAB>message".
retort_pass() {
    local db=$1 dir=$2 command=$3 target=$4 out rc id past
    while true; do
        rc=0
        out=$(PGDATABASE=$db "$retort" --dir "$dir" --no-parse-check -q "$command" "$target" 2>&1) || rc=$?
        [[ $rc -eq 0 ]] && return 0
        id=$(sed -n "s/.*error: $command of revision \([A-Za-z0-9_]*\) .*/\1/p" <<<"$out" | head -n 1)
        if [[ $rc -ne 1 || -z $id ]]; then
            echo "retort $command $target exited $rc without naming a failed revision:" >&2
            echo "$out" >&2
            return 1
        fi
        printf '%s\t%s\n' "$id" "$(sed -n 's/.* failed: [0-9A-Z]\{5\}: //p' <<<"$out" | head -n 1)"
        if [[ $command == upgrade ]]; then
            past=$id
        else
            past=$(header "$(grep -lx -- "-- Revision ID: $id" "$dir"/*.sql)" Revises | tr -d ' ')
            past=${past:-base}
        fi
        PGDATABASE=$db "$retort" --dir "$dir" --no-parse-check -q stamp ${past//,/ } >/dev/null
    done
}

for corpus in "${corpora[@]}"; do
    name=$(basename "$corpus")
    files=("$corpus"/*.sql)
    reversed=()
    for ((i = ${#files[@]} - 1; i >= 0; i--)); do reversed+=("${files[i]}"); done
    db_retort="corpus_${name//[^A-Za-z0-9_]/_}_retort_$$"
    db_psql="corpus_${name//[^A-Za-z0-9_]/_}_psql_$$"
    dbs+=("$db_retort" "$db_psql")
    for db in "$db_retort" "$db_psql"; do
        psql_ -d postgres -c "CREATE DATABASE $db"
        # What a corpus says must exist before its first revision (e.g. another tool's tables).
        for s in "$corpus"/support/*.sql; do [[ -f $s ]] && psql_ -d "$db" -f "$s" >/dev/null; done
    done
    echo "== $name: ${#files[@]} revisions"

    start=$SECONDS
    retort_pass "$db_retort" "$corpus" upgrade head >"$tmp/$name.retort_up"
    retort_up_s=$((SECONDS - start))
    start=$SECONDS
    psql_pass "$db_psql" upgrade "${files[@]}" >"$tmp/$name.psql_up"
    psql_up_s=$((SECONDS - start))
    applied=$(psql -X -At -d "$db_retort" -c "SELECT count(*) FROM alembic_version_history WHERE status = 'applied'")
    echo "upgrade: retort applied $applied of ${#files[@]} (${retort_up_s} s; psql ${psql_up_s} s); failed:"
    sed 's/^/  /' "$tmp/$name.retort_up"
    # retort ran them in file order, as psql did.
    psql -X -At -d "$db_retort" -c "SELECT revision FROM alembic_version_log WHERE operation = 'upgrade' AND
        outcome = 'success' ORDER BY id" >"$tmp/$name.order"
    for f in "${files[@]}"; do header "$f" "Revision ID"; done | grep -vxF -f <(cut -f1 "$tmp/$name.retort_up") \
        >"$tmp/$name.file_order" || true
    cmp -s "$tmp/$name.order" "$tmp/$name.file_order" || mismatch "$name: retort applied the revisions in another order than their files"
    cmp -s "$tmp/$name.retort_up" "$tmp/$name.psql_up" ||
        mismatch "$name: upgrade failures differ from psql's: $(diff "$tmp/$name.retort_up" "$tmp/$name.psql_up" | tr '\n' ' ')"
    compare_schemas "$name" upgrade "$db_retort" "$db_psql"

    start=$SECONDS
    retort_pass "$db_retort" "$corpus" downgrade base >"$tmp/$name.retort_down"
    retort_down_s=$((SECONDS - start))
    # retort reverts the revisions it stamped past too (as Alembic would); psql tries every downgrade.
    psql_pass "$db_psql" downgrade "${reversed[@]}" >"$tmp/$name.psql_down"
    echo "downgrade: $(wc -l <"$tmp/$name.retort_down") of ${#files[@]} failed (${retort_down_s} s):"
    sed 's/^/  /' "$tmp/$name.retort_down"
    cmp -s "$tmp/$name.retort_down" "$tmp/$name.psql_down" ||
        mismatch "$name: downgrade failures differ from psql's: $(diff "$tmp/$name.retort_down" "$tmp/$name.psql_down" | tr '\n' ' ')"
    compare_schemas "$name" downgrade "$db_retort" "$db_psql"
done

[[ $failed -eq 0 ]] || { echo "FAIL: retort and psql disagree (see MISMATCH above)"; exit 1; }
echo "PASS: retort and psql agree on every corpus"
