// The migration command line, shared by every baked binary and by the `retort` tool: only the source
// of the revisions differs (a baked table, or a directory read at run time).
#pragma once

#include "retort/baked_table.hpp"

namespace retort {

// Exit codes, documented in docs/commands.md.
enum exit_code : int {
    exit_ok = 0,
    exit_error = 1,           // a database or state error (failed statement, irreversible revision, ...)
    exit_usage = 2,           // bad arguments or an unknown / ambiguous target
    exit_invalid_input = 3,   // invalid revision files or graph
    exit_lock_timeout = 4,    // another process held the migration lock too long
    exit_connection = 5,      // the database could not be reached
    exit_unfinished = 6,      // refused: an earlier non-transactional revision failed or is in progress; see --resume
    exit_pending = 7,         // check: revisions are not applied yet
    exit_edited = 8,          // an applied revision was edited (check, upgrade, downgrade), or a locked one was edited or deleted (check --offline, lock, the generator)
    exit_unknown = 9,         // the database holds revisions this binary does not know; refused
    exit_unlocked = 10,       // check --offline: unlocked revisions (--strict) or several heads
};

// main() of a baked binary.
int run_baked_cli(const baked::table& table, int argc, char** argv);

// main() of the `retort` tool: like run_baked_cli, with `--dir DIR` (default ./migrations) as the source.
int run_directory_cli(int argc, char** argv);

}  // namespace retort
