// check and accept-edit: the database against the binary's revisions.
#include <fmt/format.h>

#include <iostream>

#include "check_output.hpp"
#include "commands.hpp"
#include "retort/cli.hpp"
#include "session.hpp"

namespace retort::cli {

int run_check(const catalog& c, const arguments& a) {
    if (a.offline) return run_offline_check(c, a);
    auto conn = connect(a);
    migrator m(c, conn, options_of(a), RETORT_VERSION);
    check_report report = m.check();
    std::cout << (a.format == output_format::json ? check_json(c.revisions, report)
                                                  : check_text(c.revisions, report, m.books().history_table(), a.quiet));
    return check_status(report);
}

int run_accept_edit(const catalog& c, const arguments& a) {
    if (a.positional.size() != 1) throw usage_error("accept-edit takes one revision: accept-edit REV --reason TEXT");
    if (!a.reason || a.reason->empty())
        throw usage_error("accept-edit needs --reason TEXT: why the applied revision was edited (written to the log)");
    auto conn = connect(a);
    migrator m(c, conn, options_of(a), RETORT_VERSION);
    std::string id = m.accept_edit(a.positional.front(), *a.reason);
    if (!a.quiet)
        std::cout << fmt::format("Accepted the edit of revision {}; its new checksums are recorded and the change "
                                 "is logged in {}.\n",
                                 id, m.books().log_table());
    return exit_ok;
}

}  // namespace retort::cli
