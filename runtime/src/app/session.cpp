// Reading, verifying and locking: one query on the fast path, the history only when the fingerprint
// of the recorded checksums differs from the binary's.
#include "app/session.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace retort {

namespace {

std::string describe_unfinished(const graph& g, const std::vector<unfinished_revision>& unfinished) {
    std::string out;
    for (const auto& u : unfinished)
        out += fmt::format("\n  revision {} is {} ({}, statement {})", u.id,
                           u.failed ? "marked failed" : "still in progress", locate_unfinished(g, u),
                           u.next_statement + 1);
    return out;
}

}  // namespace

session::session(const catalog& c, history_store& store, const migrate_options& options)
    : catalog_(c),
      store_(store),
      options_(options) {}

database_state session::read() {
    database_state s = store_.read_state();
    try {
        if (s.initialized) s.applied = state_from_rows(graph_of(), s.rows);
    } catch (const unknown_revisions_error&) {
        // Unknown rows: left for the caller, which reports them with context.
    }
    return s;
}

// A database at head, the usual case at start-up, is compared with the fingerprint baked at build time.
std::string session::fingerprint_of(const std::vector<bool>& applied) const {
    const bool all =
        std::all_of(applied.begin(), applied.end(), [](bool a) { return a; }) && applied.size() == graph_of().size();
    if (all && !catalog_.all_applied_fingerprint.empty()) return catalog_.all_applied_fingerprint;
    return applied_fingerprint(graph_of(), applied);
}

integrity_report session::verify(const database_state& s) {
    if (!s.initialized) return {};
    const graph& g = graph_of();
    const bool unfinished_known = std::all_of(s.unfinished.begin(), s.unfinished.end(),
                                              [&](const unfinished_revision& u) { return g.find(u.id).has_value(); });
    if (s.applied && unfinished_known && fingerprint_of(s.applied->applied) == s.history_fingerprint) return {};
    history_request request;
    request.records = true;
    return compare_history(g, s.rows, s.applied ? s.applied->applied : std::vector<bool>{},
                           store_.read_history(request).records);
}

void session::enforce(const integrity_report& report) {
    const graph& g = graph_of();
    const bool refuse = !report.unknown.empty() || (report.blocks_migrations() && !options_.warn_on_edit);
    if (refuse)
        throw integrity_error(
            fmt::format("refusing to migrate: the database does not match this binary; nothing was changed:{}",
                        describe_blocking(g, report)),
            report);
    if (options_.on_warning)
        for (const auto& e : report.edited) options_.on_warning(describe_edit(g, e));
}

std::unique_ptr<store_lock> session::lock() {
    return store_.hold_lock({options_.lock_timeout, [this](const std::string& holder) {
                                 if (!options_.on_waiting) return;
                                 if (holder.empty())
                                     options_.on_waiting("waiting for the migration lock");
                                 else
                                     options_.on_waiting(fmt::format("waiting for the migration lock\n{}", holder));
                             }});
}

database_state session::read_locked(bool seeds) {
    store_.ensure_tables(seeds);
    database_state s = read();
    enforce(verify(s));
    return s;
}

void session::refuse_unfinished(const database_state& s) const {
    if (s.unfinished.empty() || options_.resume) return;
    throw unfinished_revision_error(
        fmt::format("a non-transactional revision did not finish:{}\nIts finished statements stay applied; nothing was "
                    "changed now. Fix the cause, then run 'upgrade --resume' to continue from the failed statement, or "
                    "'stamp' the revision if you completed it by hand.",
                    describe_unfinished(graph_of(), s.unfinished)));
}

applied_state applied_of(const graph& g, const database_state& s) {
    if (!s.initialized) return {{}, std::vector<bool>(g.size(), false)};
    if (s.applied) return *s.applied;
    return state_from_rows(g, s.rows);
}

}  // namespace retort
