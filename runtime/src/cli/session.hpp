// What every database command needs from the command line: a connection and the migrator's options.
#pragma once

#include "arguments.hpp"
#include "retort/catalog.hpp"
#include "retort/driver.hpp"
#include "retort/migrator.hpp"

namespace retort::cli {

// Connects with --database-url, DATABASE_URL, DATABASE_HOST/PORT/NAME/USER/PASSWORD or libpq's PG*
// variables, in that order.
connection connect(const arguments& a);

// The migrator's options from the command line; waiting and warnings are reported on stderr.
migrate_options options_of(const arguments& a);

// What the database has applied, read without a lock; throws state_error naming rows these revisions
// lack.
applied_state applied_in_database(const catalog& c, const arguments& a);

// The positional targets, or `fallback` when none were given.
std::vector<std::string> targets_or(const arguments& a, std::string fallback);

}  // namespace retort::cli
