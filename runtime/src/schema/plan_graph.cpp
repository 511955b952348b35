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

std::size_t dependency_index::id_of(const object_key& k) {
    return ids_.try_emplace(std::cref(k), ids_.size()).first->second;
}

dependency_index::dependency_index(const database_schema& s) {
    ids_.reserve(s.dependencies.size());
    std::vector<std::pair<std::size_t, std::size_t>> edges;  // dependent, referenced
    edges.reserve(s.dependencies.size());
    std::vector<const object_key*> key_of_id;
    auto number = [&](const object_key& k) {
        std::size_t id = id_of(k);
        if (id == key_of_id.size()) key_of_id.push_back(&k);
        return id;
    };
    for (const auto& d : s.dependencies) {
        std::size_t a = number(d.dependent);
        edges.emplace_back(a, number(d.referenced));
    }
    // Counting sort into the flat lists: each list keeps the order of the model's dependency list.
    for (lists* l : {&refs_, &dependents_}) {
        l->start.assign(key_of_id.size() + 1, 0);
        l->keys.resize(edges.size());
    }
    for (auto [a, b] : edges) {
        ++refs_.start[a + 1];
        ++dependents_.start[b + 1];
    }
    for (lists* l : {&refs_, &dependents_})
        for (std::size_t i = 1; i < l->start.size(); ++i) l->start[i] += l->start[i - 1];
    std::vector<std::size_t> next_ref(refs_.start.begin(), refs_.start.end() - 1);
    std::vector<std::size_t> next_dependent(dependents_.start.begin(), dependents_.start.end() - 1);
    for (auto [a, b] : edges) {
        refs_.keys[next_ref[a]++] = key_of_id[b];
        dependents_.keys[next_dependent[b]++] = key_of_id[a];
    }
}

dependency_index::key_list dependency_index::refs_of(const object_key& k) const {
    auto it = ids_.find(std::cref(k));
    return it == ids_.end() ? key_list{} : refs_.of(it->second);
}

dependency_index::key_list dependency_index::dependents_of(const object_key& k) const {
    auto it = ids_.find(std::cref(k));
    return it == ids_.end() ? key_list{} : dependents_.of(it->second);
}

namespace {

constexpr std::size_t unknown = static_cast<std::size_t>(-1);
using node_lists = std::vector<std::vector<std::size_t>>;

// Keys become small numbers first: each is hashed once, not once per rule that looks at it.
struct numbering {
    struct numbered {
        std::vector<std::size_t> creates, alters, drops;
    };
    std::unordered_map<dependency_index::key_ref, std::size_t, dependency_index::ref_hash, std::equal_to<object_key>>
        ids;
    node_lists creators, alterers, droppers;  // by key number
    std::vector<numbered> numbers;            // by node
    // The models' dependency lists point into the models: a pointer is numbered once.
    std::unordered_map<const object_key*, std::size_t> by_pointer;

    explicit numbering(const std::vector<node>& nodes) : numbers(nodes.size()) {
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
        auto [it, added] = ids.try_emplace(std::cref(k), ids.size());
        if (added) {
            creators.emplace_back();
            alterers.emplace_back();
            droppers.emplace_back();
        }
        return it->second;
    }

    std::size_t number_of(const object_key* p) {
        auto [it, added] = by_pointer.try_emplace(p, unknown);
        if (added) {
            auto found = ids.find(std::cref(*p));
            if (found != ids.end()) it->second = found->second;
        }
        return it->second;
    }

    static const std::vector<std::size_t>& nodes_of(const node_lists& lists, std::size_t id) {
        static const std::vector<std::size_t> empty;
        return id == unknown ? empty : lists[id];
    }
};

// The numbered comments name the rules of plan_graph.hpp.
void add_dependency_edges(const std::vector<node>& nodes, const dependency_index& from, const dependency_index& to,
                          numbering& keys, node_lists& next) {
    auto edge = [&](std::size_t a, std::size_t b) {
        if (a != b) next[a].push_back(b);
    };
    for (std::size_t s = 0; s < nodes.size(); ++s) {
        const node& n = nodes[s];
        const auto& num = keys.numbers[s];
        for (std::size_t a : n.after) edge(a, s);
        auto needs = [&](const object_key& k) {
            for (const object_key* rp : to.refs_of(k)) {
                std::size_t r = keys.number_of(rp);
                if (r == unknown || std::find(num.creates.begin(), num.creates.end(), r) != num.creates.end()) continue;
                for (std::size_t t : keys.creators[r]) edge(t, s);  // 1
                for (std::size_t t : keys.alterers[r]) edge(t, s);  // 1
            }
        };
        for (const auto& k : n.creates) needs(k);
        for (const auto& k : n.alters) needs(k);
        for (std::size_t i = 0; i < n.drops.size(); ++i) {
            for (const object_key* d : from.dependents_of(n.drops[i]))
                for (std::size_t t : numbering::nodes_of(keys.droppers, keys.number_of(d))) edge(t, s);  // 2
            for (std::size_t t : keys.creators[num.drops[i]]) edge(s, t);                                // 3
            for (const object_key* y : from.refs_of(n.drops[i]))
                for (std::size_t t : numbering::nodes_of(keys.alterers, keys.number_of(y))) edge(s, t);  // 4
        }
        for (std::size_t i = 0; i < n.alters.size(); ++i) {
            for (std::size_t t : keys.creators[num.alters[i]]) edge(t, s);  // an object is altered after it is made
            for (const object_key* y : from.refs_of(n.alters[i]))
                for (std::size_t t : numbering::nodes_of(keys.droppers, keys.number_of(y))) edge(s, t);  // 5
        }
    }
    // Several statements on one object keep the order they were made in.
    for (const auto* lists : {&keys.creators, &keys.alterers}) {
        for (const auto& list : *lists)
            for (std::size_t i = 1; i < list.size(); ++i)
                if (list[i - 1] < list[i]) edge(list[i - 1], list[i]);
    }
    for (auto& out : next) {
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
    }
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
    numbering keys(nodes);
    node_lists next(nodes.size());
    add_dependency_edges(nodes, from, to, keys, next);
    auto out = topological(nodes, next, problems);
    successors = std::move(next);
    return out;
}

}  // namespace retort::schema::plan_graph
