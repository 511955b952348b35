#!/usr/bin/env bash
# Peak memory against the width of a merge: N revisions on top of one base, merged by one revision with
# N parents. Prints the peak RSS (GNU time's "Maximum resident set size") of the retort tool's offline
# commands and of an upgrade against a throwaway cluster, one line per command.
#   bash bench/wide_merge.sh RETORT_BINARY N [N...]      (needs /usr/bin/time; PG* for the upgrade)
# Results and the command line: docs/reliability.md#memory.
set -euo pipefail

retort=${1:?usage: $0 RETORT_BINARY N [N...]}
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

write() {  # write DIR N
    local dir=$1 n=$2 i parents=""
    mkdir -p "$dir"
    printf -- '-- base\n-- Revision ID: 000000000000\n-- Revises:\n\n-- +upgrade\nSELECT 1;\n' >"$dir/0_base.sql"
    for ((i = 1; i <= n; i++)); do
        printf -- '-- branch %d\n-- Revision ID: b%011d\n-- Revises: 000000000000\n\n-- +upgrade\nSELECT %d;\n' \
            "$i" "$i" "$i" >"$dir/b$i.sql"
        parents+="${parents:+, }b$(printf %011d "$i")"
    done
    printf -- '-- merge\n-- Revision ID: ffffffffffff\n-- Revises: %s\n\n-- +upgrade\nSELECT 0;\n' \
        "$parents" >"$dir/z_merge.sql"
}

peak() {  # peak LABEL COMMAND...: prints LABEL and the peak RSS in MB
    local label=$1
    shift
    /usr/bin/time -v "$@" >/dev/null 2>"$tmp/time" || { tail -5 "$tmp/time"; echo "$label failed" >&2; return 1; }
    awk -v label="$label" '/Maximum resident set size/ { printf "%-28s %8.1f MB\n", label, $6 / 1024 }' "$tmp/time"
}

for n in "$@"; do
    dir=$tmp/m$n
    write "$dir" "$n"
    echo "== merge of $n parents ($((n + 2)) revisions)"
    peak "heads" "$retort" --dir "$dir" heads
    peak "history" "$retort" --dir "$dir" history
    peak "check --offline" "$retort" --dir "$dir" check --offline --allow-multiple-heads
    peak "upgrade --sql" "$retort" --dir "$dir" upgrade --sql
    if [[ -n ${PGHOST:-} ]]; then
        db=wide_merge_$$_$n
        psql -XqAt -d postgres -c "CREATE DATABASE $db"
        PGDATABASE=$db peak "upgrade (PostgreSQL)" "$retort" --dir "$dir" -q upgrade
        PGDATABASE=$db peak "current (PostgreSQL)" "$retort" --dir "$dir" current
        psql -XqAt -d postgres -c "DROP DATABASE $db WITH (FORCE)"
    fi
done
