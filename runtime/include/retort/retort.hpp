// retort's public API, in one include.
//
// runtime/include/retort/ holds every public header: the pure core (revision model, revision_file,
// sql_lexer, checksum, graph, lockfile, target, plan, seed, bookkeeping, script: no libpq, no file
// system), the directory loader (and whole-file reads and writes), the libpq driver, the migrator, the
// seeder and the CLI. A server that migrates itself links
// `<name>_revisions` and `retort::runtime` and calls:
//
//     retort::catalog revisions = retort::load_catalog(app::db::revisions());
//     retort::connection conn = retort::connection::open({std::getenv("DATABASE_URL")});
//     retort::migrator(revisions, conn, {}, retort::version()).upgrade(std::vector<std::string>{"head"});
//
// Failures are exceptions derived from retort::error; see error.hpp, driver.hpp and migrator.hpp.
#pragma once

#include "retort/catalog.hpp"
#include "retort/driver.hpp"
#include "retort/error.hpp"
#include "retort/migrator.hpp"
#include "retort/seeder.hpp"
#include "retort/target.hpp"

namespace retort {

// The version of retort's runtime, e.g. "0.1.0"; recorded in the history and log tables.
const char* version() noexcept;

}  // namespace retort
