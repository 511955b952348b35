// The planner's statement graph: nodes (one statement each, with the objects it creates, drops and
// alters) and their order, derived from the dependencies of both models.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <span>
#include <unordered_map>
#include <vector>

#include "schema/model.hpp"
#include "schema/planner.hpp"

namespace retort::schema::plan_graph {

// Dependencies of one model by key, both ways. Each key is hashed once, when it is numbered; the
// lists are two flat arrays (one vector per key cost 200,000 allocations at 5,000 tables). It points
// into the model's dependency list, so the model must outlive it.
struct dependency_index {
    using key_ref = std::reference_wrapper<const object_key>;
    struct ref_hash {
        std::size_t operator()(const object_key& k) const { return object_key_hash{}(k); }  // see object_key_hash
    };
    using key_list = std::span<const object_key* const>;

    explicit dependency_index(const database_schema& s);
    key_list refs_of(const object_key& k) const;        // what k needs
    key_list dependents_of(const object_key& k) const;  // what needs k

private:
    // The lists of key i: refs_[refs_start_[i] .. refs_start_[i + 1]), the same for dependents_.
    struct lists {
        std::vector<std::size_t> start;
        std::vector<const object_key*> keys;
        key_list of(std::size_t id) const { return {keys.data() + start[id], keys.data() + start[id + 1]}; }
    };
    std::unordered_map<key_ref, std::size_t, ref_hash, std::equal_to<object_key>> ids_;
    lists refs_, dependents_;

    std::size_t id_of(const object_key& k);
};

enum class phase : std::uint8_t { drop = 0, alter = 1, create = 2 };

struct node {
    planned_statement stmt;
    phase when = phase::alter;
    std::vector<object_key> creates;  // exist after it, not before
    std::vector<object_key> drops;    // exist before it, not after (also those that go with them)
    std::vector<object_key> alters;   // exist before and after, changed
    std::vector<std::size_t> after;   // nodes that must run first, besides what dependencies say
};

// The nodes in an order that respects every rule below, ties broken by phase (drops, then alters,
// then creates), then kind (in object_kind order; reversed for drops), then creation order:
//   1. what creates or alters X comes after what creates or alters anything X needs in `to`;
//   2. what drops X comes after what drops anything that needed X in `from`;
//   3. what drops X comes before what creates X again;
//   4. what drops X comes before what alters anything X needed in `from`;
//   5. what alters X comes before what drops anything X needed in `from`.
// `successors` receives each node's direct successors. A cycle is broken at the node the ties prefer,
// and named in `problems`.
std::vector<std::size_t> order(const std::vector<node>& nodes, const dependency_index& from, const dependency_index& to,
                               std::vector<std::vector<std::size_t>>& successors, std::vector<std::string>& problems);

}  // namespace retort::schema::plan_graph
