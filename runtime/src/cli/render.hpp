// Rendering: every outcome of the application layer as text (Alembic's layouts where Alembic has one)
// or as the data of one JSON object; errors too. Pure: values in, strings out.
#pragma once

#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/app.hpp"
#include "cli/arguments.hpp"
#include "cli/json.hpp"
#include "core/status.hpp"

namespace retort::cli {

// What one command prints, in the format asked for, and the status the process ends with.
struct rendered {
    retort::status result = retort::status::ok;
    std::string out;           // text: stdout
    std::string err;           // text: stderr, before the error
    json_fields fields;        // JSON: the data beside command, status and exit_code
    std::exception_ptr error;  // a failure that ended the command after the data above
};

// ---- revisions, in Alembic's layouts (render_revisions.cpp) ------------------------------------------

std::string history_text(const graph& g, const std::vector<rev_index>& which, const std::optional<app::marks>& m,
                         bool verbose);
std::string heads_text(const graph& g, const std::vector<rev_index>& heads, bool verbose);
std::string branches_text(const graph& g, const std::vector<rev_index>& branch_points, bool verbose);
std::string show_text(const graph& g, rev_index i, const std::optional<app::marks>& m);
std::string current_text(const graph& g, const std::vector<rev_index>& rows, bool verbose);

// One revision as a JSON object; with `m`, whether it is applied and current.
std::string revision_json(const graph& g, rev_index i, const std::optional<app::marks>& m);

// Ids of `which`, comma-separated; `empty` when there are none.
std::string join_ids(const graph& g, std::span<const rev_index> which, std::string_view empty = "<base>");

// ---- outcomes (render_inspect.cpp, render_migrate.cpp, render_check.cpp, render_seed.cpp) --------------

rendered render(const catalog& c, const app::current_outcome& o, const arguments& a);
rendered render_history(const catalog& c, const app::history_outcome& o, const arguments& a);
rendered render_heads(const catalog& c, const app::revisions_outcome& o, const arguments& a);
rendered render_branches(const catalog& c, const app::revisions_outcome& o, const arguments& a);
rendered render_show(const catalog& c, const app::revisions_outcome& o, const arguments& a);
rendered render(const app::revision_outcome& o, const arguments& a);

// `Running upgrade a -> b, message (1.2 ms)`: the line printed as each step commits.
std::string step_line(const graph& g, const step& s, double seconds);
rendered render(const catalog& c, const app::migration_outcome& o, const arguments& a);
rendered render(const catalog& c, const app::stamp_outcome& o, const arguments& a);
// The script is moved into what is printed: it can be large (15 MB at 10,000 revisions).
rendered render(app::script_outcome o, const arguments& a);
rendered render(const catalog& c, const app::reset_outcome& o, const arguments& a);
// The reset's lines printed as each phase ends (text only).
std::string phase_line(const catalog& c, const app::migration_outcome& o);

rendered render(const catalog& c, const app::check_outcome& o, const arguments& a);
rendered render(const catalog& c, const app::offline_check_outcome& o, const arguments& a);
rendered render(const catalog& c, const app::lock_outcome& o, const arguments& a);
rendered render(const app::accept_edit_outcome& o, const arguments& a);

// ---- the declared schema (render_schema.cpp) -----------------------------------------------------------

rendered render(const app::autogenerate_outcome& o, const arguments& a);
rendered render(const app::declared_check_outcome& o, const arguments& a);
rendered render(const catalog& c, const app::drift_outcome& o, const arguments& a);

// ---- lint (render_lint.cpp) -------------------------------------------------------------------------

rendered render(const app::lint_outcome& o, const arguments& a);

// The line printed as each seed is skipped or committed; empty for an unchanged seed without --verbose.
std::string seed_line(const catalog& c, const seed_outcome& o, bool verbose);
rendered render(const catalog& c, const app::seed_run_outcome& o, const arguments& a);
// `Ran 2 seeds in 0.004 s; 1 already applied, 0 skipped.` (text only).
std::string seed_summary(const catalog& c, const std::vector<seed_outcome>& outcomes);
// The seeds of a run as a JSON array (also inside reset's object).
std::string seeds_json(const catalog& c, const app::seed_run_outcome& o);

// ---- roundtrip (render_roundtrip.cpp) ------------------------------------------------------------------

// `Round trip, phase 2/5: downgrade to base`: the line printed as each phase starts (text only).
std::string roundtrip_phase_line(std::string_view phase, std::size_t k, std::size_t n);
rendered render(const catalog& c, const app::roundtrip_outcome& o, const arguments& a);

// ---- errors (render_error.cpp) ------------------------------------------------------------------------

// The exception `error` holds when it is an E (it lives as long as `error` does); nullptr otherwise.
template <class E>
const E* exception_as(const std::exception_ptr& error) {
    if (!error) return nullptr;
    try {
        std::rethrow_exception(error);
    } catch (const E& e) {
        return &e;
    } catch (...) {
        return nullptr;  // another kind: the caller asked only whether it is an E
    }
}

// The status an error ends the process with: the error's kind looked up once, for every command.
retort::status status_of(const std::exception_ptr& error);

// The error as text for stderr (the program's name first, except for file:line diagnostics).
std::string error_text(const std::exception_ptr& error, std::string_view program);

// The error as the `error` object of JSON output: its message, and where known its file, line,
// revision or seed, SQLSTATE and diagnostics.
std::string error_json(const std::exception_ptr& error);

}  // namespace retort::cli
