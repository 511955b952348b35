// runtime/src/cli/: the command line, shared by every baked binary and the `retort` tool. It parses
// arguments (arguments.hpp), finds the catalog and the database settings (settings.hpp), runs one
// command of the application layer (commands.hpp) and renders its outcome as text or as one JSON
// object (render.hpp, json.hpp); the exit code comes from the status table (core/status.hpp). No
// decision about a database is made here.
#pragma once

#include "retort/baked_table.hpp"

namespace retort::cli {

// What run() does once the outcome is printed.
enum class when_done {
    return_code,  // returns the exit code
    end_process,  // ends the process with it at once (the revisions are not freed: see run_baked_main)
};

// main() of a baked binary (`table`) or of the `retort` tool (nullptr: revisions from --dir).
int run(int argc, char** argv, const baked::table* table, when_done done = when_done::return_code);

}  // namespace retort::cli
