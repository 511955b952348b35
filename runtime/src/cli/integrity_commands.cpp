// check: the database against the binary's revisions.
#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "retort/cli.hpp"
#include "retort/plan.hpp"
#include "session.hpp"

namespace retort::cli {

int run_check(const catalog& c, const arguments& a) {
    if (a.offline) return run_offline_check(c, a);
    auto applied = applied_in_database(c, a);
    auto pending = plan_upgrade(c.revisions, applied, resolved_target{c.revisions.heads(), false, {}});
    if (pending.empty()) {
        if (!a.quiet) std::cout << "The database is up to date.\n";
        return exit_ok;
    }
    if (!a.quiet) {
        std::cout << fmt::format("{} revision{} pending:\n", pending.size(), pending.size() == 1 ? "" : "s");
        for (const auto& s : pending)
            std::cout << fmt::format("  {} ({})\n", c.revisions.at(s.revision).id, c.revisions.at(s.revision).file);
    }
    return exit_error;
}

}  // namespace retort::cli
