// current, history, heads, branches and show: read-only views of the revisions and the database.
#include <iostream>

#include "commands.hpp"
#include "inspect.hpp"
#include "retort/cli.hpp"
#include "retort/target.hpp"
#include "session.hpp"

namespace retort::cli {

namespace {

// History marks what is applied when a database answers; without one it is still useful.
std::optional<marks> try_marks(const catalog& c, const arguments& a) {
    try {
        auto applied = applied_in_database(c, a);
        return marks{applied.applied, applied.rows};
    } catch (const error&) {
        return std::nullopt;
    }
}

bool json(const arguments& a) { return a.format == output_format::json; }

}  // namespace

int run_current(const catalog& c, const arguments& a) {
    auto rows = applied_in_database(c, a).rows;
    if (json(a))
        std::cout << current_json(c.revisions, rows);
    else if (rows.empty())
        std::cout << "(base: no revision applied)\n";
    else
        std::cout << current_text(c.revisions, rows, a.verbose);
    return exit_ok;
}

int run_history(const catalog& c, const arguments& a) {
    auto m = try_marks(c, a);
    auto which = history_range(c.revisions, a.range, m ? m->current : std::vector<rev_index>{});
    std::cout << (json(a) ? history_json(c.revisions, which, m) : history_text(c.revisions, which, m, a.verbose));
    return exit_ok;
}

int run_heads(const catalog& c, const arguments& a) {
    std::cout << (json(a) ? heads_json(c.revisions) : heads_text(c.revisions, a.verbose));
    return exit_ok;
}

int run_branches(const catalog& c, const arguments& a) {
    std::cout << branches_text(c.revisions, a.verbose);
    return exit_ok;
}

int run_show(const catalog& c, const arguments& a) {
    if (a.positional.size() != 1) throw usage_error("show takes one revision");
    std::cout << show_text(c.revisions, resolve_revision(c.revisions, a.positional.front()), std::nullopt);
    return exit_ok;
}

}  // namespace retort::cli
