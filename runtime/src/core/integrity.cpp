// Compares the recorded checksums of applied revisions with the binary's.
#include "retort/integrity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/checksum.hpp"

namespace retort {

namespace {

std::string downgrade_hex(const revision& r) { return r.downgrade ? r.downgrade->sum.hex() : std::string(); }

bool counts_as_applied(const history_record& h) { return h.status == "applied" || h.status == "stamped"; }

}  // namespace

bool integrity_report::blocks_migrations() const noexcept {
    return !unknown.empty() ||
           std::any_of(edited.begin(), edited.end(), [](const edited_revision& e) { return e.upgrade_changed; });
}

std::string applied_fingerprint(const graph& g, const std::vector<bool>& applied) {
    std::vector<rev_index> which;
    for (rev_index i = 0; i < applied.size() && i < g.size(); ++i)
        if (applied[i]) which.push_back(i);
    std::sort(which.begin(), which.end(), [&](rev_index a, rev_index b) { return g.at(a).id < g.at(b).id; });
    std::string text;
    text.reserve(which.size() * 144);
    for (rev_index i : which) {
        const revision& r = g.at(i);
        text += r.id;
        text += ' ';
        text += r.upgrade.sum.hex();
        text += ' ';
        text += downgrade_hex(r);
        text += '\n';
    }
    return sha256(text).hex();
}

integrity_report compare_history(const graph& g, std::span<const std::string> version_rows,
                                 const std::vector<bool>& applied, std::span<const history_record> history) {
    integrity_report report;
    std::set<std::string, std::less<>> recorded;
    for (const auto& row : version_rows)
        if (!g.find(row)) report.unknown.push_back({row, true, {}});
    for (const auto& h : history) {
        auto i = g.find(h.revision);
        if (!i) {
            auto known = std::find_if(report.unknown.begin(), report.unknown.end(),
                                      [&](const unknown_revision& u) { return u.id == h.revision; });
            if (known != report.unknown.end())
                known->status = h.status;
            else
                report.unknown.push_back({h.revision, false, h.status});
            continue;
        }
        if (!counts_as_applied(h)) continue;  // unfinished revisions are reported by the state query
        recorded.insert(h.revision);
        if (*i >= applied.size() || !applied[*i]) continue;  // stale: reverted by another tool
        const revision& r = g.at(*i);
        edited_revision e{*i, h.upgrade_checksum != r.upgrade.sum.hex(), h.downgrade_checksum != downgrade_hex(r), h};
        if (h.checksum_algorithm != checksum_algorithm_v1) e.upgrade_changed = e.downgrade_changed = true;
        if (e.upgrade_changed || e.downgrade_changed) report.edited.push_back(std::move(e));
    }
    for (rev_index i = 0; i < applied.size() && i < g.size(); ++i)
        if (applied[i] && !recorded.contains(g.at(i).id)) report.unrecorded.push_back(i);
    return report;
}

std::string locate_unfinished(const graph& g, const unfinished_revision& u) {
    auto i = g.find(u.id);
    if (!i) return "(not in this binary)";
    const revision& r = g.at(*i);
    std::uint32_t line = u.line;
    if (line == 0)
        line = u.next_statement < r.upgrade.statements.size() ? r.upgrade.statements[u.next_statement].line
                                                              : r.upgrade.first_line;
    return fmt::format("{}:{}", r.file, line);
}

std::string describe_edit(const graph& g, const edited_revision& e) {
    const revision& r = g.at(e.revision);
    const history_record& h = e.recorded;
    std::string when = fmt::format("{} on {} by {}", h.status, h.applied_at, h.applied_by);
    if (e.upgrade_changed)
        return fmt::format(
            "revision {} ({}:{}) was edited after it was {}: its upgrade checksum is v{}:{} in the "
            "database and v{}:{} in this binary. Revert the edit and put the change in a new "
            "revision, or, if the edit was intended and the database already matches it, run "
            "'accept-edit {} --reason \"...\"'",
            r.id, r.file, r.lines.id, when, h.checksum_algorithm, h.upgrade_checksum, checksum_algorithm_v1,
            r.upgrade.sum.hex(), r.id);
    return fmt::format(
        "revision {} ({}:{}): its downgrade section was edited after the revision was {} (v{}:{} "
        "recorded, v{}:{} here); a downgrade would run the edited version. Run 'accept-edit {} "
        "--reason \"...\"' to record the edit",
        r.id, r.file, r.lines.id, when, h.checksum_algorithm,
        h.downgrade_checksum.empty() ? std::string("none") : h.downgrade_checksum, checksum_algorithm_v1,
        r.downgrade ? r.downgrade->sum.hex() : std::string("none"), r.id);
}

std::string describe_unknown(const unknown_revision& u) {
    if (u.in_version_table)
        return fmt::format(
            "the database is at revision {}, which this binary does not contain: the database is "
            "ahead of this binary (deploy the build that contains it) or its revision file was "
            "deleted (restore it)",
            u.id);
    return fmt::format(
        "the database recorded revision {} as {}, but this binary does not contain it: its revision "
        "file was deleted or renamed (restore it)",
        u.id, u.status);
}

std::string describe_blocking(const graph& g, const integrity_report& report) {
    std::string out;
    for (const auto& u : report.unknown) out += fmt::format("\n  {}", describe_unknown(u));
    for (const auto& e : report.edited)
        if (e.upgrade_changed) out += fmt::format("\n  {}", describe_edit(g, e));
    return out;
}

}  // namespace retort
