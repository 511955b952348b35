// The migration command line, shared by every baked binary and by the `retort` tool: only the source
// of the revisions differs (a baked table, or a directory read at run time). Commands, options, exit
// codes and JSON output: docs/commands.md.
#pragma once

#include "retort/baked_table.hpp"

namespace retort {

// Runs one command of a baked binary and returns its exit code (for a main() that does more afterwards).
int run_baked_cli(const baked::table& table, int argc, char** argv);

// main() of a generated baked binary: like run_baked_cli, but when the command has run it ends the
// process at once (the standard streams flushed) rather than free the revisions first, which with
// 10,000 revisions costs a sixth of a start-up check. Returns only when ending early is not possible.
int run_baked_main(const baked::table& table, int argc, char** argv);

// main() of the `retort` tool: like run_baked_main, with `--dir DIR` (default ./migrations) as the source.
int run_directory_cli(int argc, char** argv);

}  // namespace retort
