// What the command line and the environment say about the database and the catalog: the connection
// (--database-url, the named variables, DATABASE_URL, DATABASE_HOST/PORT/NAME/USER/PASSWORD, then
// libpq's PG*), the
// migration options, and where the revisions come from.
#pragma once

#include "app/app.hpp"
#include "cli/arguments.hpp"
#include "directory/directory.hpp"

namespace retort::cli {

// The database options of `a` for the migration set `set` (a baked binary's name; the retort tool's is
// ignored); lock waits and warnings are reported on stderr; `interrupt` (which outlives the options)
// wakes the connection's waits when the user interrupts the run. The connection, first match wins:
// --database-url; with an environment (--env E or RETORT_ENV=E) <SET>_<E>_DATABASE_URL, then
// <E>_DATABASE_URL, else a usage error; without one <SET>_DATABASE_URL; DATABASE_URL; DATABASE_HOST/...;
// libpq's PG*.
app::database_options database_options_of(const arguments& a, std::string_view set,
                                          const interrupt_source* interrupt = nullptr);

// RETORT_TEST_DATABASE_URL: a server where `roundtrip` may create and drop a scratch database; absent
// when unset or empty.
std::optional<std::string> test_server_url();

// Whether anything names a database: --database-url, DATABASE_URL, DATABASE_HOST/PORT/NAME/USER/PASSWORD,
// or libpq's PGHOST, PGHOSTADDR, PGPORT, PGDATABASE, PGUSER, PGSERVICE. Without any, libpq tries its
// default socket, and a failure there should say how to name the database.
bool connection_configured(const arguments& a);

// What to add to a connection error when connection_configured() is false.
std::string_view no_connection_hint();

// The catalog `a` names: `table` (a baked binary) or the directory of --dir (default ./migrations),
// with --seeds and --lockfile, reading the lock file for the commands that check it.
// --dev-url, then RETORT_DEV_URL (none: a throwaway server), and --grants.
app::dev_database dev_database_of(const arguments& a);

catalog_source source_of(const arguments& a, const baked::table* table);

}  // namespace retort::cli
