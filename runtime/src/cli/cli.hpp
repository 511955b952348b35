// runtime/src/cli/: the command line, shared by every baked binary and the `retort` tool. It parses
// arguments (arguments.hpp), finds the catalog and the database settings (settings.hpp), runs one
// command of the application layer (commands.hpp) and renders its outcome as text or as one JSON
// object (render.hpp, json.hpp); the exit code comes from the status table (core/status.hpp). No
// decision about a database is made here.
#pragma once

#include "retort/baked_table.hpp"

namespace retort::cli {

// main() of a baked binary (`table`) or of the `retort` tool (nullptr: revisions from --dir).
int run(int argc, char** argv, const baked::table* table);

}  // namespace retort::cli
