// Plans upgrades, downgrades and stamps over the applied set; keeps version rows as Alembic does.
#include "retort/plan.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace retort {

namespace {

void insert_sorted(std::vector<rev_index>& v, rev_index x) {
    auto it = std::lower_bound(v.begin(), v.end(), x);
    if (it == v.end() || *it != x) v.insert(it, x);
}

bool erase_value(std::vector<rev_index>& v, rev_index x) {
    auto it = std::lower_bound(v.begin(), v.end(), x);
    if (it == v.end() || *it != x) return false;
    v.erase(it);
    return true;
}

// Marks `start` and everything reachable through `next` (parents+dependencies, or children+dependents).
template <class Next>
void mark_reachable(const graph& g, const std::vector<rev_index>& start, std::vector<bool>& marked, Next next) {
    std::vector<rev_index> todo;
    for (rev_index s : start)
        if (!marked[s]) {
            marked[s] = true;
            todo.push_back(s);
        }
    while (!todo.empty()) {
        rev_index i = todo.back();
        todo.pop_back();
        next(g, i, [&](rev_index j) {
            if (!marked[j]) {
                marked[j] = true;
                todo.push_back(j);
            }
        });
    }
}

void needs(const graph& g, rev_index i, const auto& visit) {
    for (rev_index p : g.parents_of(i)) visit(p);
    for (rev_index d : g.dependencies_of(i)) visit(d);
}

void needed_by(const graph& g, rev_index i, const auto& visit) {
    for (rev_index c : g.children_of(i)) visit(c);
    for (rev_index d : g.dependents_of(i)) visit(d);
}

std::vector<bool> closure(const graph& g, const std::vector<rev_index>& start) {
    std::vector<bool> marked(g.size(), false);
    mark_reachable(g, start, marked, [](const graph& gg, rev_index i, const auto& v) { needs(gg, i, v); });
    return marked;
}

std::vector<bool> descendants(const graph& g, const std::vector<rev_index>& start) {
    std::vector<bool> marked(g.size(), false);
    mark_reachable(g, start, marked, [](const graph& gg, rev_index i, const auto& v) { needed_by(gg, i, v); });
    return marked;
}

// Whether `low` lies below `high` through Revises alone (Depends On does not make rows overlap).
bool is_parent_ancestor(const graph& g, rev_index low, rev_index high) {
    std::vector<bool> marked(g.size(), false);
    mark_reachable(g, {high}, marked, [](const graph& gg, rev_index i, const auto& visit) {
        for (rev_index p : gg.parents_of(i)) visit(p);
    });
    return marked[low];
}

}  // namespace

std::vector<bool> closure_of(const graph& g, std::span<const rev_index> rows) {
    return closure(g, std::vector<rev_index>(rows.begin(), rows.end()));
}

namespace {

// Whether an applied revision revises or depends on `i`: then `i` is not a version row (Alembic keeps only
// the effective heads: a revision another one depends on is implied by it).
bool needed_by_applied(const graph& g, rev_index i, const std::vector<bool>& applied) {
    auto is_applied = [&](rev_index c) { return applied[c]; };
    const auto& children = g.children_of(i);
    const auto& dependents = g.dependents_of(i);
    return std::any_of(children.begin(), children.end(), is_applied) ||
           std::any_of(dependents.begin(), dependents.end(), is_applied);
}

}  // namespace

std::vector<rev_index> rows_of(const graph& g, const std::vector<bool>& applied) {
    std::vector<rev_index> rows;
    for (rev_index i = 0; i < g.size(); ++i)
        if (applied[i] && !needed_by_applied(g, i, applied)) rows.push_back(i);
    return rows;
}

std::vector<rev_index> current_heads_of(const graph& g, const std::vector<bool>& applied) {
    std::vector<rev_index> out;
    for (rev_index i = 0; i < g.size(); ++i)
        if (applied[i] &&
            std::none_of(g.children_of(i).begin(), g.children_of(i).end(), [&](rev_index c) { return applied[c]; }))
            out.push_back(i);
    return out;
}

applied_state state_from_rows(const graph& g, std::span<const std::string> rows) {
    applied_state state;
    std::vector<std::string_view> unknown;
    for (const auto& row : rows) {
        if (auto i = g.find(row))
            insert_sorted(state.rows, *i);
        else
            unknown.push_back(row);
    }
    if (!unknown.empty()) {
        std::string list;
        for (auto u : unknown) list += (list.empty() ? "" : ", ") + std::string(u);
        throw unknown_revisions_error(
            fmt::format("the database is at revision(s) {} that these migrations do not contain: the "
                        "database is ahead of this binary, or a revision file was deleted. Deploy a "
                        "build that contains them, or restore the deleted file",
                        list));
    }
    state.applied = closure(g, state.rows);
    return state;
}

void apply_rows(std::vector<rev_index>& rows, const step& s) {
    for (rev_index r : s.rows_removed) erase_value(rows, r);
    for (rev_index r : s.rows_added) insert_sorted(rows, r);
}

namespace {

// Alembic refuses to migrate from version rows where one row lies below another (e.g. after
// `stamp a1 a4`): it cannot tell where the database is.
void refuse_overlapping_rows(const graph& g, const applied_state& state) {
    for (rev_index r : state.rows)
        for (rev_index other : state.rows)
            if (other != r && is_parent_ancestor(g, r, other))
                throw state_error(
                    fmt::format("the version rows overlap: {} lies below {}, so the database's "
                                "position is ambiguous; nothing was changed. Run 'stamp' with "
                                "the revision(s) the database really is at",
                                g.at(r).id, g.at(other).id));
}

}  // namespace

std::vector<step> plan_upgrade(const graph& g, const applied_state& state, const resolved_target& target) {
    refuse_overlapping_rows(g, state);
    std::vector<bool> todo = closure(g, target.revisions);
    for (rev_index i = 0; i < g.size(); ++i) todo[i] = todo[i] && !state.applied[i];
    std::vector<rev_index> order = alembic_order(g, std::move(todo), target.revisions);
    std::reverse(order.begin(), order.end());
    std::vector<step> steps;
    steps.reserve(order.size());  // grown by doubling, 10,000 steps held 16,384 (1.2 MB)
    std::vector<rev_index> rows = state.rows;
    for (rev_index i : order) {
        step s{direction::up, i, {}, {i}};
        for (rev_index p : g.parents_of(i))
            if (erase_value(rows, p)) s.rows_removed.push_back(p);
        for (rev_index d : g.dependencies_of(i))
            if (erase_value(rows, d)) s.rows_removed.push_back(d);
        insert_sorted(rows, i);
        steps.push_back(std::move(s));
    }
    return steps;
}

std::vector<step> plan_downgrade(const graph& g, const applied_state& state, const resolved_target& target) {
    refuse_overlapping_rows(g, state);
    // What lies above the target: for `base`, everything (in scope); otherwise the target's descendants
    // that the target does not itself need.
    if (target.relative_from.empty())
        for (rev_index t : target.revisions)
            if (!state.applied[t])
                throw state_error(
                    fmt::format("cannot downgrade to {}: it is not applied (the database is below it or "
                                "on another branch); 'current' shows where the database is",
                                g.at(t).id));
    std::vector<bool> scope(g.size(), true);
    if (!target.relative_from.empty()) scope = closure(g, target.relative_from);
    std::vector<bool> keep = closure(g, target.revisions);
    std::vector<bool> above = !target.is_base || !target.revisions.empty() ? descendants(g, target.revisions)
                              : target.base_roots.empty()                  ? std::vector<bool>(g.size(), true)
                                                                           : descendants(g, target.base_roots);
    std::vector<rev_index> path;
    for (rev_index i = 0; i < g.size(); ++i)
        if (scope[i] && above[i] && !keep[i] && state.applied[i]) path.push_back(i);
    // Whatever needs a removed revision must go too.
    std::vector<bool> remove = descendants(g, path);
    for (rev_index i = 0; i < g.size(); ++i) remove[i] = remove[i] && state.applied[i];

    std::vector<rev_index> irreversible;
    for (rev_index i = 0; i < g.size(); ++i)
        if (remove[i] && !g.at(i).downgrade) irreversible.push_back(i);
    if (!irreversible.empty()) {
        const revision& r = g.at(irreversible.back());
        throw state_error(
            fmt::format("cannot downgrade: revision {} ({}) has no '-- +downgrade' section, so it is "
                        "irreversible; nothing was changed. Downgrade to a revision above it, or add a "
                        "downgrade section to it",
                        r.id, r.file));
    }

    std::vector<bool> applied = state.applied;
    std::vector<rev_index> rows = state.rows;
    const std::vector<rev_index> order = alembic_order(g, remove, state.rows);
    std::vector<step> steps;
    steps.reserve(order.size());
    for (rev_index i : order) {
        step s{direction::down, i, {}, {}};
        applied[i] = false;
        if (erase_value(rows, i)) s.rows_removed.push_back(i);
        auto bring_back = [&](rev_index r) {
            if (!std::binary_search(rows.begin(), rows.end(), r)) {
                insert_sorted(rows, r);
                s.rows_added.push_back(r);
            }
        };
        for (rev_index p : g.parents_of(i))
            if (!needed_by_applied(g, p, applied)) bring_back(p);
        for (rev_index d : g.dependencies_of(i))
            if (applied[d] && !needed_by_applied(g, d, applied)) bring_back(d);
        s.leaves_no_rows = rows.empty();
        steps.push_back(std::move(s));
    }
    return steps;
}

std::vector<rev_index> plan_stamp(const graph& g, const applied_state& state, const resolved_target& target,
                                  bool purge) {
    std::vector<rev_index> keep_rows;
    if (!purge && !(target.is_base && target.revisions.empty() && target.relative_from.empty())) {
        std::vector<bool> related = closure(g, target.revisions);
        std::vector<bool> below = descendants(g, target.revisions);
        for (rev_index r : state.rows)
            if (!related[r] && !below[r]) keep_rows.push_back(r);
    }
    // As Alembic: exactly the targets (`stamp a1 a4` writes both rows) beside the unrelated rows kept.
    std::vector<rev_index> rows = keep_rows;
    for (rev_index t : target.revisions) insert_sorted(rows, t);
    return rows;
}

}  // namespace retort
