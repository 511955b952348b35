// What a session does to a database, each operation once for the public migrator (migrator.hpp) and
// for the commands (app.hpp): migrate, stamp, check, accept an edit, run the seeds.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/session.hpp"

namespace retort {

// Upgrades or downgrades to `targets`, resolved and planned once under the lock. An upgrade of a
// database that is already there costs one query and takes no lock. `report` gets each step as it
// commits, so that it tells what stayed applied when this throws.
void migrate(session& s, std::span<const std::string> targets, direction dir, run_report& report);

// Sets the version rows to `targets` (resolved upwards) without running SQL; `purge` empties the version
// table and the history first.
run_report stamp(session& s, std::span<const std::string> targets, bool purge);

// Compares the database with the revisions: unknown, edited, unfinished and pending revisions.
check_report check(session& s);

// Records an intended edit of the applied revision `word` (see migrator::accept_edit).
std::string accept_edit(session& s, std::string_view word, std::string_view reason);

// Runs the seeds that are due (see migrator::seed). `again`: as if none had been recorded, so that
// the seeds that ran run once more on the same data (the round trip's test of idempotence).
std::vector<seed_outcome> run_seeds(session& s, const std::function<void(const seed_outcome&)>& on_outcome,
                                    bool again = false);

}  // namespace retort
