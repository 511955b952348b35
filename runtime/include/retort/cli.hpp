// The migration command line, shared by every baked binary and by the `retort` tool: only the source
// of the revisions differs (a baked table, or a directory read at run time). Commands, options, exit
// codes and JSON output: docs/commands.md.
#pragma once

#include "retort/baked_table.hpp"

namespace retort {

// main() of a baked binary.
int run_baked_cli(const baked::table& table, int argc, char** argv);

// main() of the `retort` tool: like run_baked_cli, with `--dir DIR` (default ./migrations) as the source.
int run_directory_cli(int argc, char** argv);

}  // namespace retort
