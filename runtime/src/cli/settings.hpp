// What the command line and the environment say about the database and the catalog: the connection
// (--database-url, DATABASE_URL, DATABASE_HOST/PORT/NAME/USER/PASSWORD, then libpq's PG*), the
// migration options, and where the revisions come from.
#pragma once

#include "app/app.hpp"
#include "cli/arguments.hpp"
#include "directory/directory.hpp"

namespace retort::cli {

// The database options of `a`; lock waits and warnings are reported on stderr.
app::database_options database_options_of(const arguments& a);

// The catalog `a` names: `table` (a baked binary) or the directory of --dir (default ./migrations),
// with --seeds and --lockfile, reading the lock file for the commands that check it.
// --dev-url, then RETORT_DEV_URL (none: a throwaway server), and --grants.
app::dev_database dev_database_of(const arguments& a);

catalog_source source_of(const arguments& a, const baked::table* table);

}  // namespace retort::cli
