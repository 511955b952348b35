// Scripts: the exact statements a step sends, grouped into round trips. The online run sends these
// batches; `--sql` prints them. Pure, so both paths are one code path.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "retort/bookkeeping.hpp"
#include "retort/plan.hpp"

namespace retort {

struct script_statement {
    std::string bookkeeping_sql;              // retort's own statement, or
    const statement* from_file = nullptr;     // a statement of the revision file
    std::size_t index = 0;                    // from_file's index in its section

    std::string_view text() const { return from_file ? from_file->sql : std::string_view(bookkeeping_sql); }
};

// Statements sent in one round trip. `transaction` tells whether it begins with BEGIN and ends with
// COMMIT (so a failure must be followed by ROLLBACK).
struct batch {
    std::vector<script_statement> statements;
    bool transaction = false;
};

enum class transaction_mode { per_revision, single };

// The batches of one upgrade or downgrade step. Transactional revisions: one batch holding the
// statements and the bookkeeping (BEGIN/COMMIT around it in per_revision mode). Non-transactional
// revisions: an in-progress record, then each statement alone (with a progress record), then the
// final bookkeeping; `resume_from` skips statements that already ran.
std::vector<batch> step_batches(const graph& g, const bookkeeping& books, const step& s, transaction_mode mode,
                                std::size_t resume_from = 0);

// One batch that records a stamp: history rows for revisions that became applied or stopped being
// applied, the version rows, a log row. With `purge`, the version table and history are emptied first
// (and `before` should be empty).
batch stamp_batch(const graph& g, const bookkeeping& books, const applied_state& before,
                  const std::vector<rev_index>& rows_after, bool purge);

// The one batch that applies a seed: BEGIN, its statements, its row in the seed table, a log row, COMMIT.
// `required_id` is the id of the revision its Requires names, empty without one.
batch seed_batch(const bookkeeping& books, const seed& s, std::string_view required_id);

// Renders batches as a psql-compatible script (statements end with ';', comments name each step).
std::string render_script(const graph& g, const std::vector<step>& steps, const std::vector<std::vector<batch>>& per_step,
                          const std::vector<std::string>& preamble, const std::vector<std::string>& postamble);

}  // namespace retort
