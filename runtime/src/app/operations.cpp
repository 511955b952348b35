// Migrate, stamp, check, accept-edit and seed over a session: plans from plan.hpp and seeds.hpp, run by
// the executor, read and locked through the session.
#include "app/operations.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "app/executor.hpp"
#include "core/seeds.hpp"

namespace retort {

namespace {

// A plan and the version rows it was made from.
struct planned {
    std::vector<rev_index> rows;
    std::vector<step> steps;
};

planned plan(const graph& g, const applied_state& applied, std::span<const std::string> targets, direction dir) {
    auto target = resolve_targets(g, targets, applied.rows, dir);
    return {applied.rows, dir == direction::up ? plan_upgrade(g, applied, target) : plan_downgrade(g, applied, target)};
}

std::vector<seed_decision> plan_seeds_now(session& s, bool again) {
    const graph& g = s.graph_of();
    applied_state applied = applied_of(g, s.read());
    if (again) return plan_seeds(g, applied, s.revisions().seeds, {});
    history_request request;
    request.seeds = true;
    return plan_seeds(g, applied, s.revisions().seeds, s.store().read_history(request).seeds);
}

std::string edit_detail(const revision& r, const history_record& old, std::string_view reason) {
    auto or_none = [](const std::string& hex) { return hex.empty() ? std::string("none") : "v1:" + hex; };
    return fmt::format("upgrade checksum v{}:{} -> v{}:{}; downgrade checksum {} -> {}; reason: {}",
                       old.checksum_algorithm, old.upgrade_checksum, checksum_algorithm_v1, r.upgrade.sum.hex(),
                       or_none(old.downgrade_checksum), or_none(r.downgrade ? r.downgrade->sum.hex() : std::string()),
                       reason);
}

}  // namespace

void migrate(session& s, std::span<const std::string> targets, direction dir, run_report& report) {
    const graph& g = s.graph_of();
    std::optional<planned> p;
    if (dir == direction::up) {
        database_state fast = s.read();
        if (fast.initialized && fast.applied && fast.unfinished.empty()) {
            p = plan(g, *fast.applied, targets, dir);
            if (p->steps.empty()) {
                s.enforce(s.verify(fast));
                report.rows_before = report.rows_after = fast.applied->rows;
                return;
            }
        }
    }
    auto lock = s.lock();
    database_state state = s.read_locked();
    s.refuse_unfinished(state);
    report.rows_before = report.rows_after = state.applied->rows;
    // The plan made without the lock stands when the rows under it are the same (the common case).
    if (!p || p->rows != state.applied->rows) p = plan(g, *state.applied, targets, dir);
    executor(s).run(std::move(p->steps), state.unfinished, report);
}

run_report stamp(session& s, std::span<const std::string> targets, bool purge) {
    const graph& g = s.graph_of();
    auto lock = s.lock();
    s.store().ensure_tables(false);
    database_state state = s.store().read_state();
    applied_state before =
        purge ? applied_state{{}, std::vector<bool>(g.size(), false)} : state_from_rows(g, state.rows);
    auto rows_after = plan_stamp(g, before, resolve_targets(g, targets, before.rows, direction::up), purge);
    std::vector<bool> after = closure_of(g, rows_after);
    stamp_change c;
    c.purge = purge;
    for (rev_index i = 0; i < g.size(); ++i)
        if (after[i] != before.applied[i]) c.revisions.push_back({&g.at(i), after[i]});
    for (rev_index i : before.rows) c.rows_before.push_back(g.at(i).id);
    for (rev_index i : rows_after) c.rows_after.push_back(g.at(i).id);
    s.store().apply(c);
    return {{}, {}, before.rows, rows_after};
}

check_report check(session& s) {
    const graph& g = s.graph_of();
    check_report out;
    out.state = s.read();
    out.integrity = s.verify(out.state);
    if (out.state.initialized && !out.state.applied) return out;
    applied_state applied = applied_of(g, out.state);
    for (const auto& st : plan_upgrade(g, applied, resolved_target{g.heads(), false, {}, {}}))
        out.pending.push_back(st.revision);
    if (out.integrity.edited.empty()) return out;
    // One query for every edited revision's executed SQL, read only when there is a diff to show.
    history_request request;
    for (const auto& e : out.integrity.edited) request.executed_sql.push_back(g.at(e.revision).id);
    auto sql = s.store().read_history(request).executed_sql;
    for (auto id : request.executed_sql) {
        auto found = sql.find(id);
        out.executed_sql.push_back(found == sql.end() ? std::string() : found->second);
    }
    return out;
}

std::string accept_edit(session& s, std::string_view word, std::string_view reason) {
    const graph& g = s.graph_of();
    if (reason.empty()) throw usage_error("accept-edit needs a reason (--reason TEXT); it is written to the log");
    const rev_index i = resolve_revision(g, word);
    const revision& r = g.at(i);
    auto lock = s.lock();
    s.store().ensure_tables(false);
    database_state state = s.read();
    history_request request;
    request.records = true;
    auto report = compare_history(g, state.rows, state.applied ? state.applied->applied : std::vector<bool>{},
                                  s.store().read_history(request).records);
    auto edited = std::find_if(report.edited.begin(), report.edited.end(),
                               [&](const edited_revision& e) { return e.revision == i; });
    if (edited == report.edited.end()) {
        if (!state.applied || !state.applied->applied[i])
            throw state_error(
                fmt::format("revision {} ({}) is not applied to this database; there is no edit to "
                            "accept",
                            r.id, r.file));
        throw state_error(
            fmt::format("revision {} ({}) is not edited: the recorded checksums match this binary; "
                        "nothing to accept",
                        r.id, r.file));
    }
    s.store().apply(edit_change{&r, edit_detail(r, edited->recorded, reason)});
    return std::string(r.id);
}

std::vector<seed_outcome> run_seeds(session& s, const std::function<void(const seed_outcome&)>& on_outcome,
                                    bool again) {
    const catalog& c = s.revisions();
    auto decisions = plan_seeds_now(s, again);
    std::unique_ptr<store_lock> lock;
    if (std::any_of(decisions.begin(), decisions.end(), [](const auto& d) { return runs(d.verdict); })) {
        // Under the lock the state is read again: another process may have migrated or seeded meanwhile.
        lock = s.lock();
        s.store().ensure_tables(true);
        decisions = plan_seeds_now(s, again);
    }
    std::vector<seed_outcome> out;
    executor run(s);
    for (std::size_t i = 0; i < decisions.size(); ++i) {
        seed_outcome o{i, decisions[i], 0};
        if (runs(o.decision.verdict))
            o.seconds = run.run_seed(c.seeds[i], o.decision.required ? c.revisions.at(*o.decision.required).id
                                                                     : std::string_view());
        out.push_back(o);
        if (on_outcome) on_outcome(o);
    }
    return out;
}

}  // namespace retort
