// The command table: one entry per command, from its parsed arguments to what it prints.
#pragma once

#include "cli/arguments.hpp"
#include "cli/render.hpp"
#include "retort/catalog.hpp"

namespace retort::cli {

// Runs `a.command` on `c` and renders its outcome; throws what the command throws.
rendered run_command(const catalog& c, const arguments& a);

}  // namespace retort::cli
