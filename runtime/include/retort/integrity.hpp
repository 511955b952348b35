// Integrity: the revisions a database recorded as applied, compared with the revisions of this binary.
// Catches applied revisions that were edited since, revisions the binary does not know (deleted, or the
// database is ahead), and applied revisions with no record. Pure: history rows in, a report out.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "retort/graph.hpp"
#include "retort/state.hpp"

namespace retort {

// An applied revision whose recorded checksums differ from this binary's.
struct edited_revision {
    rev_index revision = 0;
    bool upgrade_changed = false;    // blocks upgrades and downgrades unless accepted
    bool downgrade_changed = false;  // reported only: the binary's downgrade is what would run
    history_record recorded;
};

// A revision the database knows and this binary does not.
struct unknown_revision {
    std::string id;
    bool in_version_table = false;  // a version row (the database is at it), not only a history row
    std::string status;             // its history status, empty when it has no history row
};

struct integrity_report {
    std::vector<edited_revision> edited;
    std::vector<unknown_revision> unknown;
    // Applied (implied by the version rows) but never recorded by retort: applied by Alembic, or by a
    // retort that kept no history. Nothing to compare them with; not an error.
    std::vector<rev_index> unrecorded;

    // True when an applied revision's upgrade changed or the database holds unknown revisions.
    bool blocks_migrations() const noexcept;
    bool clean() const noexcept { return edited.empty() && unknown.empty(); }
};

// The digest of the applied revisions' checksums that the version-table state query also computes on
// the server (bookkeeping::state_query): SHA-256 over "<id> <upgrade> <downgrade>\n" for every revision
// in `applied`, ids in byte order, lower-case hex. Equal digests mean nothing was edited or lost, so a
// start-up needs no further query.
std::string applied_fingerprint(const graph& g, const std::vector<bool>& applied);

// Compares the history with this graph. `version_rows` are the version table's rows as stored;
// `applied` marks what they imply (empty when some row is unknown to the graph).
integrity_report compare_history(const graph& g, std::span<const std::string> version_rows,
                                 const std::vector<bool>& applied, std::span<const history_record> history);

// What is wrong and what to do next, in one paragraph naming the revision and its file.
std::string describe_edit(const graph& g, const edited_revision& e);
std::string describe_unknown(const unknown_revision& u);

// `file:line` of the statement an unfinished revision stopped at: the recorded line of a failure, else
// the line of the statement it runs next (an interruption records no line); "(not in this binary)" for
// a revision these migrations lack.
std::string locate_unfinished(const graph& g, const unfinished_revision& u);

// Every blocking problem of `report` (unknown revisions, edited upgrades), one per line.
std::string describe_blocking(const graph& g, const integrity_report& report);

}  // namespace retort
