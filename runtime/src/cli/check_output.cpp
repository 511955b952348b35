// Renders a check_report; the exit statuses are documented in docs/commands.md.
#include "check_output.hpp"

#include <fmt/format.h>

#include "inspect.hpp"
#include "retort/cli.hpp"
#include "retort/text_diff.hpp"

namespace retort::cli {

namespace {

bool has_edited_upgrade(const check_report& r) {
    for (const auto& e : r.integrity.edited)
        if (e.upgrade_changed) return true;
    return false;
}

std::string indent(std::string_view text, std::string_view by) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        out += fmt::format("{}{}\n", by, text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::string edit_diff(const graph& g, const check_report& r, std::size_t k, std::string_view history_table) {
    const revision& rev = g.at(r.integrity.edited[k].revision);
    if (!r.integrity.edited[k].upgrade_changed) return {};
    if (r.executed_sql[k].empty()) return "(the history holds no executed SQL to compare with: the revision was stamped)\n";
    return unified_diff(r.executed_sql[k], rev.upgrade.sql,
                        fmt::format("upgrade as applied (recorded in {})", history_table),
                        fmt::format("upgrade in this binary ({})", rev.file));
}

std::string unfinished_line(const graph& g, const unfinished_revision& u) {
    auto i = g.find(u.id);
    std::string file = i ? std::string(g.at(*i).file) : std::string("(not in this binary)");
    return fmt::format("revision {} ({}:{}) is {} at statement {}; fix the cause, then 'upgrade --resume', or "
                       "'stamp' it if you completed it by hand",
                       u.id, file, u.line, u.failed ? "marked failed" : "still in progress", u.next_statement + 1);
}

// The version rows as stored, known to this binary or not.
std::string stored_rows(const database_state& s, std::string_view sep, std::string_view none, bool json = false) {
    std::string out;
    for (const auto& row : s.rows) out += fmt::format("{}{}", out.empty() ? "" : sep, json ? json_string(row) : row);
    return out.empty() ? std::string(none) : out;
}

std::string summary(int status) {
    switch (status) {
        case exit_unknown: return "the database holds revisions this binary does not know";
        case exit_edited: return "applied revisions were edited";
        case exit_unfinished: return "a non-transactional revision did not finish";
        case exit_pending: return "revisions are pending";
        default: return "the database matches this binary and is up to date";
    }
}

}  // namespace

int check_status(const check_report& r) {
    if (!r.integrity.unknown.empty()) return exit_unknown;
    if (has_edited_upgrade(r)) return exit_edited;
    if (!r.state.unfinished.empty()) return exit_unfinished;
    if (!r.pending.empty()) return exit_pending;
    return exit_ok;
}

std::string check_text(const graph& g, const check_report& r, std::string_view history_table, bool quiet) {
    const int status = check_status(r);
    if (quiet && status == exit_ok) return {};
    std::string out;
    if (!r.state.initialized)
        out += "database: retort's tables do not exist yet (nothing applied)\n";
    else
        out += fmt::format("database: at {}\n", stored_rows(r.state, ", ", "base"));
    for (const auto& u : r.integrity.unknown) out += fmt::format("unknown: {}\n", describe_unknown(u));
    for (std::size_t k = 0; k < r.integrity.edited.size(); ++k) {
        out += fmt::format("edited: {}\n", describe_edit(g, r.integrity.edited[k]));
        out += indent(edit_diff(g, r, k, history_table), "    ");
    }
    for (const auto& u : r.state.unfinished) out += fmt::format("unfinished: {}\n", unfinished_line(g, u));
    if (!r.pending.empty()) {
        out += fmt::format("pending: {} revision{} not applied yet; 'upgrade head' applies {}:\n", r.pending.size(),
                           r.pending.size() == 1 ? "" : "s", r.pending.size() == 1 ? "it" : "them");
        for (rev_index i : r.pending) out += fmt::format("    {} ({}) {}\n", g.at(i).id, g.at(i).file, g.at(i).message);
    }
    if (auto heads = g.heads(); heads.size() > 1)
        out += fmt::format("note: this binary has {} heads ({}); 'upgrade heads' applies every branch, a merge "
                           "revision joins them\n",
                           heads.size(), join_ids(g, heads));
    if (!r.integrity.unrecorded.empty())
        out += fmt::format("note: {} applied revision{} ha{} no checksum record (applied by another tool, such as "
                           "Alembic) and cannot be verified: {}\n",
                           r.integrity.unrecorded.size(), r.integrity.unrecorded.size() == 1 ? "" : "s",
                           r.integrity.unrecorded.size() == 1 ? "s" : "ve", join_ids(g, r.integrity.unrecorded));
    out += fmt::format("result: {} (exit status {})\n", summary(status), status);
    return out;
}

std::string check_json(const graph& g, const check_report& r) {
    auto revision_ref = [&](rev_index i) {
        return fmt::format("\"revision\":{},\"file\":{}", json_string(g.at(i).id), json_string(g.at(i).file));
    };
    std::string edited, unknown, unfinished, pending, unrecorded;
    for (std::size_t k = 0; k < r.integrity.edited.size(); ++k) {
        const auto& e = r.integrity.edited[k];
        const revision& rev = g.at(e.revision);
        const auto& h = e.recorded;
        edited += fmt::format(
            "{}{{{},\"line\":{},\"upgrade_changed\":{},\"downgrade_changed\":{},\"recorded\":{{\"status\":{},"
            "\"checksum_algorithm\":{},\"upgrade_checksum\":{},\"downgrade_checksum\":{},\"applied_at\":{},"
            "\"applied_by\":{}}},\"binary\":{{\"checksum_algorithm\":{},\"upgrade_checksum\":{},"
            "\"downgrade_checksum\":{}}},\"diff\":{},\"action\":{}}}",
            k ? "," : "", revision_ref(e.revision), rev.lines.id, e.upgrade_changed, e.downgrade_changed,
            json_string(h.status), h.checksum_algorithm, json_string(h.upgrade_checksum),
            h.downgrade_checksum.empty() ? std::string("null") : json_string(h.downgrade_checksum),
            json_string(h.applied_at), json_string(h.applied_by), checksum_algorithm_v1,
            json_string(rev.upgrade.sum.hex()), rev.downgrade ? json_string(rev.downgrade->sum.hex()) : "null",
            json_string(edit_diff(g, r, k, "history")), json_string(describe_edit(g, e)));
    }
    for (const auto& u : r.integrity.unknown)
        unknown += fmt::format("{}{{\"revision\":{},\"in_version_table\":{},\"status\":{},\"action\":{}}}",
                               unknown.empty() ? "" : ",", json_string(u.id), u.in_version_table,
                               u.status.empty() ? std::string("null") : json_string(u.status),
                               json_string(describe_unknown(u)));
    for (const auto& u : r.state.unfinished)
        unfinished += fmt::format("{}{{\"revision\":{},\"status\":\"{}\",\"statement\":{},\"line\":{},\"action\":{}}}",
                                  unfinished.empty() ? "" : ",", json_string(u.id),
                                  u.failed ? "failed" : "in_progress", u.next_statement + 1, u.line,
                                  json_string(unfinished_line(g, u)));
    for (rev_index i : r.pending) pending += fmt::format("{}{{{}}}", pending.empty() ? "" : ",", revision_ref(i));
    const int status = check_status(r);
    return fmt::format(
        "{{\"status\":{},\"exit_code\":{},\"summary\":{},\"initialized\":{},\"current\":{},\"heads\":{},"
        "\"edited\":[{}],\"unknown\":[{}],\"unfinished\":[{}],\"pending\":[{}],\"unrecorded\":{}}}\n",
        json_string(status == exit_unknown    ? "unknown"
                    : status == exit_edited   ? "edited"
                    : status == exit_unfinished ? "unfinished"
                    : status == exit_pending  ? "pending"
                                              : "ok"),
        status, json_string(summary(status)), r.state.initialized,
        "[" + stored_rows(r.state, ",", "", true) + "]", ids_json(g, g.heads()), edited,
        unknown, unfinished, pending, ids_json(g, r.integrity.unrecorded));
}

}  // namespace retort::cli
