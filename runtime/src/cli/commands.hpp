// The command table: one entry per command, from its parsed arguments to what it prints.
#pragma once

#include "cli/arguments.hpp"
#include "cli/render.hpp"
#include "retort/catalog.hpp"
#include "retort/driver.hpp"

namespace retort::cli {

// Runs `a.command` on `c` and renders its outcome; throws what the command throws. `interrupt` wakes
// the database waits of the command when the user interrupts it.
rendered run_command(const catalog& c, const arguments& a, const interrupt_source* interrupt = nullptr);

}  // namespace retort::cli
