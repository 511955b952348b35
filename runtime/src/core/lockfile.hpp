// The lock file: one line per released revision (id, parents, upgrade and downgrade checksums), sorted
// by id, so that an edited or deleted revision is caught at build time and in CI without a database,
// and so that two branches that each lock a new revision merge in git without a conflict. The format
// and the rules are in docs/lockfile.md. Pure: text in, values and diagnostics out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/error.hpp"
#include "retort/graph.hpp"
#include "retort/revision.hpp"

namespace retort {

// The lock file's name inside the migrations directory when none is given.
inline constexpr std::string_view default_lockfile_name = "retort.lock";

// One locked revision, as its line states it.
struct lock_entry {
    std::string id;
    std::vector<std::string> parents;   // sorted by byte value, as the line writes them
    checksum upgrade;                   // checksum v1 (docs/checksums.md)
    std::optional<checksum> downgrade;  // absent: the revision had no downgrade section when locked
    std::uint32_t line = 0;             // 1-based line in the lock file; 0 for an entry made from a revision

    friend bool operator==(const lock_entry& a, const lock_entry& b) {
        return a.id == b.id && a.parents == b.parents && a.upgrade == b.upgrade && a.downgrade == b.downgrade;
    }
};

// Parses lock text (LF or CRLF line ends; `#` comment lines and blank lines are skipped). Every line
// that is not exactly what lock_line() writes goes to `diags` as `file_name:line`, and so does a
// revision locked twice with different lines. Returns the entries in file order, one per id.
std::vector<lock_entry> parse_lock(std::string_view file_name, std::string_view text, diagnostics& diags);

// The entry that locks `r` as it is now.
lock_entry lock_entry_of(const revision& r);

// `<id> parents=<a,b or -> up=<64 hex> down=<64 hex or ->`, without a line end.
std::string lock_line(const lock_entry& e);

// What differs between a locked line and a revision's line now, e.g. `upgrade checksum locked v1:<hex>,
// now v1:<hex>`; parts joined with "; ", empty when nothing differs.
std::string lock_changes(const lock_entry& locked, const lock_entry& now);

// The whole file: a comment header, then one line per entry sorted by id, LF line ends. The same
// entries in any order give the same bytes.
std::string render_lock(std::vector<lock_entry> entries);

// One locked revision that is not what its line says.
struct edited_locked_revision {
    rev_index revision;
    lock_entry locked;
    bool parents = false;  // which parts differ
    bool upgrade = false;
    bool downgrade = false;
};

// A graph against lock entries.
struct lock_comparison {
    std::vector<edited_locked_revision> edited;  // in graph order
    std::vector<lock_entry> deleted;             // locked ids the graph lacks, in lock-file order
    std::vector<rev_index> unlocked;             // revisions without a line, in graph order
    std::vector<rev_index> heads;                // every head of the graph
    std::size_t matching = 0;                    // revisions whose line matches them
};

lock_comparison compare_lock(const graph& g, const std::vector<lock_entry>& entries);

// Which findings beyond edited and deleted revisions (always errors) count, and how.
struct lock_policy {
    bool report_unlocked = true;  // unlocked revisions as notes (or errors when strict)
    bool strict = false;          // unlocked revisions are errors
    bool several_heads_are_errors = true;
};

// What the build checks: edited and deleted locked revisions only; new revisions and several heads
// are normal while work is in progress.
inline constexpr lock_policy build_lock_policy{false, false, false};

// The findings as diagnostics: an edited revision at its file's `Revision ID` line with both
// checksums, a deleted one at its lock-file line, unlocked revisions at their `Revision ID` line (one
// note on the lock file while nothing is locked yet, unless strict), several heads at the first head's
// `Revision ID` line.
void lock_diagnostics(const graph& g, const lock_comparison& c, std::string_view lock_file, const lock_policy& policy,
                      diagnostics& diags);

enum class lock_verdict {
    clean,
    edited,             // a locked revision was edited or deleted
    unlocked_or_heads,  // unlocked revisions under `strict`, or several heads when they count
};

// The most serious finding under `policy`.
lock_verdict verdict(const lock_comparison& c, const lock_policy& policy);

// The revisions against a lock file: the one check that the build, `check --offline` and `lock` run.
struct lock_check {
    std::vector<lock_entry> entries;  // as parsed, in file order
    lock_comparison comparison;
    diagnostics diags;  // a malformed lock file's lines, or the findings under the policy
    lock_verdict verdict = lock_verdict::clean;
    bool malformed = false;  // the lock file itself is invalid: `diags` holds its errors, nothing was compared
};

// Parses `text` (nullopt: there is no lock file, so nothing is locked) of the lock file `file` and
// compares `g` with it under `policy`.
lock_check check_lock(const graph& g, std::string_view file, const std::optional<std::string>& text,
                      const lock_policy& policy);

// `entries` plus a line for every revision of `g` that has none; existing entries are kept as they are.
struct lock_addition {
    std::vector<lock_entry> entries;
    std::vector<rev_index> added;  // in graph order
};
lock_addition add_unlocked(const graph& g, std::vector<lock_entry> entries);

// `entries` with one revision's line written anew from the revision as it is now. `word` is an id, a
// unique id prefix (among the graph's ids and the locked ones) or a branch label; a word that names a
// locked id the graph no longer has drops that line. Throws usage_error when `word` names nothing or is
// ambiguous.
struct lock_relock {
    std::vector<lock_entry> entries;
    std::optional<lock_entry> before;  // absent: the revision was not locked
    std::optional<lock_entry> after;   // absent: the line was dropped
};
lock_relock relock(const graph& g, std::vector<lock_entry> entries, std::string_view word);

}  // namespace retort
