// Builds, checks and orders the revision graph.
#include "retort/graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <optional>

namespace retort {

namespace {

std::string location(const revision& r, std::uint32_t line) {
    return line == 0 ? std::string(r.file) : fmt::format("{}:{}", r.file, line);
}

// Depth-first, post-order walk over prerequisites (parents, then dependencies) in input order: input
// that is already in dependency order keeps its order, and each revision comes after everything it
// needs. Reports cycles.
class orderer {
public:
    orderer(const std::vector<revision>& revs, const detail::adjacency& parents, const detail::adjacency& deps,
            diagnostics& diags)
        : revs_(revs),
          parents_(parents),
          deps_(deps),
          diags_(diags),
          state_(revs.size(), unvisited) {}

    std::vector<rev_index> run() {
        order_.reserve(revs_.size());
        for (rev_index start = 0; start < revs_.size(); ++start)
            if (state_[start] == unvisited) visit(start);
        return order_;
    }

private:
    enum : std::uint8_t { unvisited, on_path, done };

    struct frame {
        rev_index node;
        std::size_t next_edge;
    };

    void visit(rev_index start) {
        std::vector<frame>& stack = stack_;  // kept between walks: most walks are one revision long
        stack.push_back({start, 0});
        state_[start] = on_path;
        while (!stack.empty()) {
            frame& top = stack.back();
            const auto parents = parents_.of(top.node);
            const auto deps = deps_.of(top.node);
            if (top.next_edge == parents.size() + deps.size()) {
                state_[top.node] = done;
                order_.push_back(top.node);
                stack.pop_back();
                continue;
            }
            const std::size_t k = top.next_edge++;
            rev_index next = k < parents.size() ? parents[k] : deps[k - parents.size()];
            if (state_[next] == unvisited) {
                state_[next] = on_path;
                stack.push_back({next, 0});
            } else if (state_[next] == on_path) {
                report_cycle(stack, next);
            }
        }
    }

    void report_cycle(const std::vector<frame>& stack, rev_index back_to) {
        auto begin = std::find_if(stack.begin(), stack.end(), [&](const frame& f) { return f.node == back_to; });
        std::string path;
        for (auto it = begin; it != stack.end(); ++it) path += fmt::format("{} -> ", revs_[it->node].id);
        path += revs_[back_to].id;
        // Point at the header line that makes the closing link: Revises, or Depends On.
        const revision& r = revs_[stack.back().node];
        const bool by_parent = std::find(r.parents.begin(), r.parents.end(), revs_[back_to].id) != r.parents.end();
        diags_.error(std::string(r.file), by_parent ? r.lines.revises : r.lines.depends_on,
                     fmt::format("cycle in the revision graph: {} (each revision must come after its parents; "
                                 "remove one of these links)",
                                 path));
    }

    const std::vector<revision>& revs_;
    const detail::adjacency& parents_;
    const detail::adjacency& deps_;
    diagnostics& diags_;
    std::vector<std::uint8_t> state_;
    std::vector<rev_index> order_;
    std::vector<frame> stack_;
};

std::vector<rev_index> reachable(rev_index start, const detail::adjacency& first, const detail::adjacency& second) {
    std::vector<bool> seen(first.size(), false);
    std::vector<rev_index> todo{start}, out;
    seen[start] = true;
    while (!todo.empty()) {
        rev_index i = todo.back();
        todo.pop_back();
        out.push_back(i);
        for (const auto* edges : {&first, &second})
            for (rev_index j : edges->of(i))
                if (!seen[j]) {
                    seen[j] = true;
                    todo.push_back(j);
                }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Reorders `items` in place so that items[pos] becomes the former items[order[pos]], following each
// cycle of the permutation; an identity order (the usual case) moves nothing.
template <typename T>
void permute(std::vector<T>& items, const std::vector<rev_index>& order) {
    std::vector<bool> placed(items.size(), false);
    for (rev_index start = 0; start < items.size(); ++start) {
        if (placed[start] || order[start] == start) continue;
        T first = std::move(items[start]);
        rev_index pos = start;
        while (order[pos] != start) {
            items[pos] = std::move(items[order[pos]]);
            placed[pos] = true;
            pos = order[pos];
        }
        items[pos] = std::move(first);
        placed[pos] = true;
    }
}

std::string describe_list(const std::vector<revision>& revs, const std::vector<rev_index>& which) {
    std::string out;
    for (rev_index i : which) {
        if (!out.empty()) out += ", ";
        out += fmt::format("{} ({})", revs[i].id, revs[i].file);
    }
    return out;
}

// Ids and branch labels to indices; a duplicate id or label, or a label equal to an id, is an error.
struct lookup {
    detail::name_index by_id;
    detail::name_index by_label;
    std::vector<bool> duplicate;  // per revision: its id was taken by an earlier one
};

void index_ids(const std::vector<revision>& revisions, lookup& out, diagnostics& diags) {
    out.by_id.reserve(revisions.size());
    out.duplicate.assign(revisions.size(), false);
    for (rev_index i = 0; i < revisions.size(); ++i) {
        const revision& r = revisions[i];
        const auto taken = out.by_id.insert(r.id, i);
        if (!taken) continue;
        const revision& first = revisions[*taken];
        out.duplicate[i] = true;
        diags.error(std::string(r.file), r.lines.id,
                    fmt::format("duplicate revision id '{}': {} uses it too; give one of them a new id", r.id,
                                location(first, first.lines.id)));
    }
}

void index_labels(const std::vector<revision>& revisions, lookup& out, diagnostics& diags) {
    for (rev_index i = 0; i < revisions.size(); ++i) {
        const revision& r = revisions[i];
        for (auto label : r.branch_labels) {
            if (auto id = out.by_id.find(label))
                diags.error(std::string(r.file), r.lines.branch_labels,
                            fmt::format("branch label '{}' is also the id of revision {}; choose another label", label,
                                        location(revisions[*id], revisions[*id].lines.id)));
            const auto taken = out.by_label.insert(label, i);
            if (!taken || *taken == i) continue;
            const revision& first = revisions[*taken];
            diags.error(std::string(r.file), r.lines.branch_labels,
                        fmt::format("duplicate branch label '{}': revision {} ({}) carries it too", label, first.id,
                                    location(first, first.lines.branch_labels)));
        }
    }
}

// Parents and dependencies as indices; a reference to no revision is an error at its header line.
struct edges {
    detail::adjacency parents, deps;
};

// A Revises or Depends On entry that names no revision, at its header line.
void unknown_reference(const revision& r, std::uint32_t line, std::string_view relation, std::string_view name,
                       diagnostics& diags) {
    diags.error(std::string(r.file), line,
                fmt::format("revision {} {} unknown revision '{}'; add that revision's file or correct the id", r.id,
                            relation, name));
}

void resolve_edges_of(const revision& r, const lookup& names, edges& out, diagnostics& diags) {
    for (auto p : r.parents) {
        if (auto parent = names.by_id.find(p))
            out.parents.targets.push_back(*parent);
        else
            unknown_reference(r, r.lines.revises, "revises", p, diags);
    }
    for (auto d : r.depends_on) {
        if (auto dependency = names.by_id.find(d))
            out.deps.targets.push_back(*dependency);
        else if (auto labelled = names.by_label.find(d))
            out.deps.targets.push_back(*labelled);
        else
            unknown_reference(r, r.lines.depends_on, "depends on", d, diags);
    }
}

edges resolve_edges(const std::vector<revision>& revisions, const lookup& names, diagnostics& diags) {
    edges out;
    out.parents.starts.reserve(revisions.size() + 1);
    out.parents.targets.reserve(revisions.size() + revisions.size() / 8);
    out.deps.starts.reserve(revisions.size() + 1);
    for (rev_index i = 0; i < revisions.size(); ++i) {
        if (!names.duplicate[i]) resolve_edges_of(revisions[i], names, out, diags);
        out.parents.end_list();
        out.deps.end_list();
    }
    return out;
}

// Whether every parent and dependency comes before the revision that names it (a baked table, files named
// in order): such input is its own dependency order and has no cycle, which this checks in a fraction of
// the walk's time.
bool already_ordered(const edges& e) {
    for (rev_index i = 0; i < e.parents.size(); ++i)
        for (const auto* lists : {&e.parents, &e.deps})
            for (rev_index j : lists->of(i))
                if (j >= i) return false;
    return true;
}

// The dependency order, or nothing when the input is in it already (then nothing moves).
std::optional<std::vector<rev_index>> dependency_order(const std::vector<revision>& revisions, const edges& e,
                                                       diagnostics& diags) {
    if (already_ordered(e)) return std::nullopt;
    return orderer(revisions, e.parents, e.deps, diags).run();
}

// The lists of `from` in the new order: position pos holds the lists of revision order[pos], each index
// renumbered.
detail::adjacency reordered(const detail::adjacency& from, const std::vector<rev_index>& order,
                            const std::vector<rev_index>& new_index) {
    detail::adjacency out;
    out.starts.reserve(from.starts.size());
    out.targets.reserve(from.targets.size());
    for (rev_index old : order) {
        for (rev_index i : from.of(old)) out.targets.push_back(new_index[i]);
        out.end_list();
    }
    return out;
}

// Everything is moved into dependency order in place, and the id and label tables are kept with their
// indices renumbered: at 10,000 revisions a second copy of the revisions and a second hashing of every id
// made a baked binary's start 16 ms of CPU and 25 MB instead of 12 and 20.
void reorder(std::vector<revision>& revisions, edges& e, lookup& names, const std::vector<rev_index>& order) {
    std::vector<rev_index> new_index(revisions.size());
    for (rev_index pos = 0; pos < revisions.size(); ++pos) new_index[order[pos]] = pos;
    permute(revisions, order);
    e.parents = reordered(e.parents, order, new_index);
    e.deps = reordered(e.deps, order, new_index);
    names.by_id.renumber(new_index);
    names.by_label.renumber(new_index);
}

}  // namespace

graph graph::build(std::vector<revision> revisions, diagnostics& diags) {
    lookup names;
    index_ids(revisions, names, diags);
    index_labels(revisions, names, diags);
    edges e = resolve_edges(revisions, names, diags);
    const auto order = dependency_order(revisions, e, diags);
    graph g;
    if (diags.has_errors()) {
        g.revisions_ = std::move(revisions);
        return g;
    }
    if (order) reorder(revisions, e, names, *order);
    g.revisions_ = std::move(revisions);
    g.parents_ = std::move(e.parents);
    g.dependencies_ = std::move(e.deps);
    g.by_id_ = std::move(names.by_id);
    g.by_label_ = std::move(names.by_label);
    g.link_children();
    g.note_shape(diags);
    return g;
}

void graph::link_children() {
    children_ = parents_.reversed();
    dependents_ = dependencies_.reversed();
}

// Several heads or bases are allowed; a note says so.
void graph::note_shape(diagnostics& diags) const {
    if (auto h = heads(); h.size() > 1) {
        const revision& r = revisions_[h.front()];
        diags.note(std::string(r.file), r.lines.id,
                   fmt::format("the graph has {} heads: {}; 'upgrade heads' applies all of them, or write a merge "
                               "revision",
                               h.size(), describe_list(revisions_, h)));
    }
    if (auto b = bases(); b.size() > 1) {
        const revision& r = revisions_[b.front()];
        diags.note(std::string(r.file), r.lines.revises,
                   fmt::format("the graph has {} bases: {}", b.size(), describe_list(revisions_, b)));
    }
}

graph graph::build_or_throw(std::vector<revision> revisions) {
    diagnostics diags;
    graph g = build(std::move(revisions), diags);
    diags.throw_if_errors();
    return g;
}

std::optional<rev_index> graph::find(std::string_view id) const { return by_id_.find(id); }

std::optional<rev_index> graph::find_label(std::string_view label) const { return by_label_.find(label); }

std::vector<rev_index> graph::find_prefix(std::string_view prefix) const {
    std::vector<rev_index> out;
    for (rev_index i = 0; i < revisions_.size(); ++i)
        // Alembic's rule: only ids longer than three characters are prefix candidates.
        if (revisions_[i].id.size() > 3 && revisions_[i].id.starts_with(prefix)) out.push_back(i);
    return out;
}

std::vector<rev_index> graph::heads() const {
    std::vector<rev_index> out;
    for (rev_index i = 0; i < revisions_.size(); ++i)
        if (children_.of(i).empty()) out.push_back(i);
    return out;
}

std::vector<rev_index> graph::bases() const {
    std::vector<rev_index> out;
    for (rev_index i = 0; i < revisions_.size(); ++i)
        if (parents_.of(i).empty()) out.push_back(i);
    return out;
}

std::vector<rev_index> graph::ancestors_of(rev_index i) const { return reachable(i, parents_, dependencies_); }

std::vector<rev_index> graph::descendants_of(rev_index i) const { return reachable(i, children_, dependents_); }

}  // namespace retort
