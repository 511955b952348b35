// One step of an upgrade or downgrade laid out as a single Query text for the PostgreSQL store: the
// revision's section sent once, verbatim, and the bookkeeping that records it (prepared once per session,
// then one EXECUTE that reads the executed SQL back from the same text on the server).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/driver.hpp"
#include "store/bookkeeping_sql.hpp"
#include "store/store.hpp"

namespace retort {

struct step_batch {
    query_batch batch;
    std::size_t first_own = 0;  // index of the revision's first statement among the batch's statements
    std::size_t own_count = 0;
    std::size_t first_statement = 0;                   // which of the section's statements that first one is
    std::size_t guard = static_cast<std::size_t>(-1);  // index of the session guard, when there is one
};

// What a step batch starts with and whether it runs in a transaction of its own.
struct step_batch_options {
    std::span<const std::string> prepare;  // PREPAREs this session still needs
    bool own_transaction = true;           // BEGIN ... COMMIT around it (not inside begin()'s transaction)
    unsigned generation = 0;               // of the prepared statements' names
    std::string_view guard;                // proof that the transaction runs on the lock's backend, or empty
};

// Lays out `s` (a step_change) as one Query: BEGIN, the guard, the statements, the PREPAREs, the
// bookkeeping, COMMIT.
step_batch lay_out_step(const step_change& s, const bookkeeping& books, const step_batch_options& options);

// A step laid out as Queries of about `part_bytes` of its section each, cut between statements (or inside
// the comments between them), run one after the other in one transaction: the first part begins it,
// the last records the step and commits. So a section of hundreds of megabytes is never copied whole, by
// retort or by libpq. An upgrade's SQL is still sent once: each part but the last keeps its slice in a
// transaction-local setting (bookkeeping::stash_sql), which the last part's bookkeeping joins. A section
// within `part_bytes`, or one that cannot be cut (sent_whole()), is one part: lay_out_step().
class step_parts {
public:
    step_parts(const step_change& s, const bookkeeping& books, const step_batch_options& options,
               std::size_t part_bytes);

    bool done() const noexcept { return done_; }
    // The next part; its own statements are the section's from first_statement on.
    step_batch next();

private:
    std::size_t cut_after(std::size_t from) const;

    const step_change& step_;
    const bookkeeping& books_;
    step_batch_options options_;
    std::size_t part_bytes_;
    std::optional<std::vector<std::size_t>> starts_;  // of the section's statements, when it can be cut
    std::size_t from_ = 0;                            // where the next part starts in the section
    std::size_t statement_ = 0;                       // the section's first statement not yet sent
    unsigned part_ = 0;                               // parts handed out
    bool done_ = false;
};

// Consecutive steps as one Query: a clock reading, then each step followed by another clock reading, so
// that the server's own clock says how long each step ran.
struct together_batch {
    query_batch batch;
    std::size_t guard = static_cast<std::size_t>(-1);  // index of the session guard, when there is one
    std::vector<std::size_t> readings;                 // statement index of each clock reading (steps + 1)
    std::vector<std::size_t> first_own;                // per step: index of its section's first statement
};

// Upgrade steps inside begin()'s transaction, without bookkeeping (written before its COMMIT): [the
// guard,] then each step's section.
together_batch lay_out_together(std::span<const step_change> steps, std::string_view guard);

// True when a statement may drop the session's prepared statements (DEALLOCATE, DISCARD ALL).
bool may_deallocate(std::string_view sql);

}  // namespace retort
