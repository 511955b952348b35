// Ordering the planner's statements by dependency (see plan_graph.hpp).
#include "schema/plan_graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <queue>
#include <tuple>

namespace retort::schema::plan_graph {

namespace {

int priority(const node& n) {
    int rank = static_cast<int>(n.stmt.key.kind);
    // Foreign keys after the other constraints and the indexes they may need.
    if (n.stmt.key.kind == object_kind::constraint && n.stmt.sql.find("FOREIGN KEY") != std::string::npos)
        rank = static_cast<int>(object_kind::index) + 1;
    int p = static_cast<int>(n.when);
    return p * 100 + (n.when == phase::drop ? 99 - rank : rank);
}

}  // namespace

// Counting sort of the edges (from, to) into the lists of `from` (forward) or of `to`: each list keeps
// the order of the model's dependency list.
void dependency_index::lists::fill(const std::vector<std::pair<std::size_t, std::size_t>>& edges, bool forward,
                                   const key_numbers& keys_by_number) {
    start.assign(keys_by_number.size() + 1, 0);
    for (auto [a, b] : edges) ++start[(forward ? a : b) + 1];
    for (std::size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
    keys.resize(edges.size());
    numbers.resize(edges.size());
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    for (auto [a, b] : edges) {
        auto [owner, other] = forward ? std::pair{a, b} : std::pair{b, a};
        std::size_t at = next[owner]++;
        numbers[at] = other;
        keys[at] = &keys_by_number.key(other);
    }
}

dependency_index::dependency_index(const database_schema& s) : numbers_(s.dependencies.size()) {
    std::vector<std::pair<std::size_t, std::size_t>> edges;  // dependent, referenced
    edges.reserve(s.dependencies.size());
    for (const auto& d : s.dependencies) {
        std::size_t a = numbers_.intern(d.dependent);
        edges.emplace_back(a, numbers_.intern(d.referenced));
    }
    refs_.fill(edges, true, numbers_);
    dependents_.fill(edges, false, numbers_);
}

dependency_index::key_list dependency_index::refs_of(const object_key& k) const {
    std::size_t n = numbers_.find(k);
    return n == key_numbers::none ? key_list{} : refs_.of(n);
}

dependency_index::key_list dependency_index::dependents_of(const object_key& k) const {
    std::size_t n = numbers_.find(k);
    return n == key_numbers::none ? key_list{} : dependents_.of(n);
}

namespace {

constexpr std::size_t unknown = key_numbers::none;
constexpr std::size_t pending = unknown - 1;
using node_lists = std::vector<std::vector<std::size_t>>;
using index_lists = dependency_index::number_list (dependency_index::*)(std::size_t) const;

// Keys become small numbers first: each is hashed once, not once per rule that looks at it.
struct numbering {
    struct numbered {
        std::vector<std::size_t> creates, alters, drops;
    };
    // A dependency index, with the number here of each of its numbers (found on first use).
    struct translated {
        const dependency_index& index;
        std::vector<std::size_t> here;
    };
    key_numbers ids;
    node_lists creators, alterers, droppers;  // by key number
    std::vector<numbered> numbers;            // by node
    translated from, to;

    numbering(const std::vector<node>& nodes, const dependency_index& from_index, const dependency_index& to_index)
        : ids(nodes.size()),
          numbers(nodes.size()),
          from{from_index, std::vector<std::size_t>(from_index.size(), pending)},
          to{to_index, std::vector<std::size_t>(to_index.size(), pending)} {
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            for (const auto& k : nodes[i].creates) numbers[i].creates.push_back(intern(k));
            for (const auto& k : nodes[i].alters) numbers[i].alters.push_back(intern(k));
            for (const auto& k : nodes[i].drops) numbers[i].drops.push_back(intern(k));
            for (std::size_t id : numbers[i].creates) creators[id].push_back(i);
            for (std::size_t id : numbers[i].alters) alterers[id].push_back(i);
            for (std::size_t id : numbers[i].drops) droppers[id].push_back(i);
        }
    }

    std::size_t intern(const object_key& k) {
        std::size_t id = ids.intern(k);
        if (id == creators.size()) {
            creators.emplace_back();
            alterers.emplace_back();
            droppers.emplace_back();
        }
        return id;
    }

    // The numbers here of what `k` needs (refs) or of what needs it (dependents) in `side`, unknown for
    // keys no node names; `visit` receives each.
    template <class F>
    void related(translated& side, const object_key& k, index_lists which, F visit) {
        std::size_t n = side.index.number(k);
        if (n == unknown) return;
        for (std::size_t m : (side.index.*which)(n)) {
            std::size_t& here = side.here[m];
            if (here == pending) here = ids.find(side.index.key(m));
            visit(here);
        }
    }

    static const std::vector<std::size_t>& nodes_of(const node_lists& lists, std::size_t id) {
        static const std::vector<std::size_t> empty;
        return id == unknown ? empty : lists[id];
    }
};

// Several statements on one object keep the order they were made in; each list of successors is a set.
void finish_edges(const numbering& keys, node_lists& next) {
    for (const auto* lists : {&keys.creators, &keys.alterers}) {
        for (const auto& list : *lists)
            for (std::size_t i = 1; i < list.size(); ++i)
                if (list[i - 1] < list[i]) next[list[i - 1]].push_back(list[i]);
    }
    for (auto& out : next) {
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
    }
}

// The numbered comments name the rules of plan_graph.hpp.
void add_dependency_edges(const std::vector<node>& nodes, numbering& keys, node_lists& next) {
    auto edge = [&](std::size_t a, std::size_t b) {
        if (a != b) next[a].push_back(b);
    };
    constexpr index_lists refs = &dependency_index::ref_numbers, dependents = &dependency_index::dependent_numbers;
    for (std::size_t s = 0; s < nodes.size(); ++s) {
        const node& n = nodes[s];
        const auto& num = keys.numbers[s];
        for (std::size_t a : n.after) edge(a, s);
        auto needs = [&](std::size_t r) {
            if (r == unknown || std::find(num.creates.begin(), num.creates.end(), r) != num.creates.end()) return;
            for (std::size_t t : keys.creators[r]) edge(t, s);  // 1
            for (std::size_t t : keys.alterers[r]) edge(t, s);  // 1
        };
        for (const auto& k : n.creates) keys.related(keys.to, k, refs, needs);
        for (const auto& k : n.alters) keys.related(keys.to, k, refs, needs);
        for (std::size_t i = 0; i < n.drops.size(); ++i) {
            keys.related(keys.from, n.drops[i], dependents, [&](std::size_t d) {
                for (std::size_t t : numbering::nodes_of(keys.droppers, d)) edge(t, s);  // 2
            });
            for (std::size_t t : keys.creators[num.drops[i]]) edge(s, t);  // 3
            keys.related(keys.from, n.drops[i], refs, [&](std::size_t y) {
                for (std::size_t t : numbering::nodes_of(keys.alterers, y)) edge(s, t);  // 4
            });
        }
        for (std::size_t i = 0; i < n.alters.size(); ++i) {
            for (std::size_t t : keys.creators[num.alters[i]]) edge(t, s);  // an object is altered after it is made
            keys.related(keys.from, n.alters[i], refs, [&](std::size_t y) {
                for (std::size_t t : numbering::nodes_of(keys.droppers, y)) edge(s, t);  // 5
            });
        }
    }
    finish_edges(keys, next);
}

// Kahn's algorithm, preferring the statement kinds that come first; a cycle is broken and reported.
std::vector<std::size_t> topological(const std::vector<node>& nodes, const node_lists& next,
                                     std::vector<std::string>& problems) {
    std::vector<std::size_t> indegree(nodes.size(), 0);
    for (const auto& out : next)
        for (std::size_t b : out) ++indegree[b];
    using entry = std::tuple<int, std::size_t>;
    std::priority_queue<entry, std::vector<entry>, std::greater<>> ready;
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (indegree[i] == 0) ready.emplace(priority(nodes[i]), i);
    std::vector<std::size_t> out;
    std::vector<bool> done(nodes.size(), false);
    while (out.size() < nodes.size()) {
        if (ready.empty()) {
            // A cycle: take the preferred node that is left, and say so.
            std::size_t pick = nodes.size();
            for (std::size_t i = 0; i < nodes.size(); ++i)
                if (!done[i] && (pick == nodes.size() || priority(nodes[i]) < priority(nodes[pick]))) pick = i;
            problems.push_back(fmt::format("dependency cycle through {}; its statements may need reordering by hand",
                                           describe(nodes[pick].stmt.key)));
            indegree[pick] = 0;
            ready.emplace(priority(nodes[pick]), pick);
        }
        auto [p, i] = ready.top();
        ready.pop();
        if (done[i]) continue;
        done[i] = true;
        out.push_back(i);
        for (std::size_t b : next[i])
            if (!done[b] && --indegree[b] == 0) ready.emplace(priority(nodes[b]), b);
    }
    return out;
}

}  // namespace

std::vector<std::size_t> order(const std::vector<node>& nodes, const dependency_index& from, const dependency_index& to,
                               std::vector<std::vector<std::size_t>>& successors, std::vector<std::string>& problems) {
    numbering keys(nodes, from, to);
    node_lists next(nodes.size());
    add_dependency_edges(nodes, keys, next);
    auto out = topological(nodes, next, problems);
    successors = std::move(next);
    return out;
}

}  // namespace retort::schema::plan_graph
