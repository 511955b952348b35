#!/usr/bin/env bash
# Two branches each add a revision and lock it; merging them gives no conflict in retort.lock, then a
# merge revision over both heads is locked and `check --offline --strict` passes.
#
#   git_merge_test.sh TOOL WORK
#
# Ids are chosen so that the outcome does not depend on chance: in the first history the two new lines
# sort into different places of the file (git merges them by itself); in the second they sort next to
# each other, which git reports as a conflict unless .gitattributes says `retort.lock merge=union`.
# Exit 77 (skipped) without git.
set -u

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

command -v git >/dev/null || { echo "git is not installed; skipped"; exit 77; }
tool=$1 work=$2
rm -rf "$work"
mkdir -p "$work/home"

# No user or system configuration may change how git merges here.
export HOME=$work/home GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=retort GIT_AUTHOR_EMAIL=retort@example.invalid
export GIT_COMMITTER_NAME=retort GIT_COMMITTER_EMAIL=retort@example.invalid

add_revision() {
    local repo=$1 file=$2 id=$3 revises=$4
    printf -- '-- %s\n--\n-- Revision ID: %s\n-- Revises: %s\n\n-- +upgrade\nCREATE TABLE t_%s (id int);\n\n-- +downgrade\nDROP TABLE t_%s;\n' \
        "$id" "$id" "$revises" "$id" "$id" >"$repo/migrations/$file"
}

# git_in REPO ARGS...: git in REPO, quietly.
git_in() {
    local repo=$1
    shift
    git -C "$repo" "$@" >/dev/null 2>"$work/git.err" || { cat "$work/git.err" >&2; return 1; }
}

retort() {
    local repo=$1
    shift
    "$tool" --dir "$repo/migrations" "$@"
}

# history REPO ATTRIBUTES: a repository on branch main with three locked revisions a, c, e (ids
# a1..., c3..., e5...), and branches `one` and `two` from there.
history() {
    local repo=$1 attributes=$2
    mkdir -p "$repo/migrations"
    git_in "$repo" init -q -b main
    [[ -z $attributes ]] || echo "$attributes" >"$repo/.gitattributes"
    add_revision "$repo" 0001_a.sql a10000000001 ""
    add_revision "$repo" 0002_c.sql c30000000003 a10000000001
    add_revision "$repo" 0003_e.sql e50000000005 c30000000003
    retort "$repo" lock >/dev/null || fail "lock on main"
    git_in "$repo" add -A
    git_in "$repo" commit -qm "three released revisions"
    git_in "$repo" branch one
    git_in "$repo" branch two
}

# on_branch REPO BRANCH FILE ID: BRANCH adds revision ID on top of e5..., locks and commits it.
on_branch() {
    local repo=$1 branch=$2 file=$3 id=$4
    git_in "$repo" checkout -q "$branch"
    add_revision "$repo" "$file" "$id" e50000000005
    retort "$repo" lock >/dev/null || fail "lock on $branch"
    git_in "$repo" add -A
    git_in "$repo" commit -qm "add $id"
}

expect_status() {
    local expected=$1
    shift
    "$@" >"$work/out" 2>&1
    local status=$?
    [[ $status -eq $expected ]] || fail "$* exited $status, expected $expected: $(cat "$work/out")"
}

# merge_then_resolve REPO: merges `two` into `one` (must be clean), checks the two heads, writes and locks
# a merge revision, and checks the result strictly.
merge_then_resolve() {
    local repo=$1 a=$2 b=$3
    git_in "$repo" checkout -q one
    git_in "$repo" merge -q --no-edit two || fail "merging two into one conflicts: $(git -C "$repo" diff)"
    grep -q "^$a " "$repo/migrations/retort.lock" || fail "the merged lock file lacks $a"
    grep -q "^$b " "$repo/migrations/retort.lock" || fail "the merged lock file lacks $b"
    expect_status 10 retort "$repo" check --offline
    grep -qF "error: the graph has 2 heads" "$work/out" || fail "several heads not reported: $(cat "$work/out")"
    expect_status 0 retort "$repo" check --offline --strict --allow-multiple-heads

    add_revision "$repo" 0006_merge.sql f60000000006 "$a, $b"
    expect_status 10 retort "$repo" check --offline --strict
    expect_status 0 retort "$repo" lock
    git_in "$repo" add -A
    git_in "$repo" commit -qm "merge $a and $b"
    expect_status 0 retort "$repo" check --offline --strict
    # Sorted again, whatever order the merge left the lines in.
    grep -v '^#' "$repo/migrations/retort.lock" | sort -c || fail "the lock file is not sorted after lock"
    [[ $(grep -vc '^#' "$repo/migrations/retort.lock") -eq 6 ]] || fail "the lock file does not hold 6 revisions"
}

# 1. The new lines sort apart (b2 between a1 and c3, d4 between c3 and e5): git merges them itself.
history "$work/apart" ""
on_branch "$work/apart" one 0004_b.sql b20000000002
on_branch "$work/apart" two 0005_d.sql d40000000004
merge_then_resolve "$work/apart" b20000000002 d40000000004
echo "new lines apart: merged without conflict"

# 2. The new lines sort next to each other (b3 and b2, both between a1 and c3): a conflict for git's
# default merge ...
history "$work/adjacent" ""
on_branch "$work/adjacent" one 0004_b.sql b30000000003
on_branch "$work/adjacent" two 0005_b.sql b20000000002
git_in "$work/adjacent" checkout -q one
if git -C "$work/adjacent" merge -q --no-edit two >/dev/null 2>&1; then
    fail "adjacent lines merged without conflict; the union attribute would not be needed"
fi
echo "new lines adjacent, no attribute: conflict, as docs/lockfile.md says"

# ... and none with `retort.lock merge=union`, even though the union leaves them out of order.
history "$work/union" "retort.lock merge=union"
on_branch "$work/union" one 0004_b.sql b30000000003
on_branch "$work/union" two 0005_b.sql b20000000002
merge_then_resolve "$work/union" b30000000003 b20000000002
echo "new lines adjacent, merge=union: merged without conflict"
echo "PASS"
