// The planner's statement graph: nodes (one statement each, with the objects it creates, drops and
// alters) and their order, derived from the dependencies of both models.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <span>
#include <unordered_map>
#include <vector>

#include "schema/key_numbers.hpp"
#include "schema/model.hpp"
#include "schema/planner.hpp"

namespace retort::schema::plan_graph {

// Dependencies of one model by key, both ways. Each key is hashed once, when it is numbered; the
// lists are two flat arrays (one vector per key cost 200,000 allocations at 5,000 tables). It points
// into the model's dependency list, so the model must outlive it.
struct dependency_index {
    using key_list = std::span<const object_key* const>;
    using number_list = std::span<const std::size_t>;

    explicit dependency_index(const database_schema& s);
    key_list refs_of(const object_key& k) const;        // what k needs
    key_list dependents_of(const object_key& k) const;  // what needs k
    // The same by number, for plan_graph::order: the number of a key (key_numbers::none when it has no
    // dependencies either way), the numbers of what it needs and of what needs it, and the key of a number.
    std::size_t number(const object_key& k) const { return numbers_.find(k); }
    number_list ref_numbers(std::size_t n) const { return refs_.numbers_of(n); }
    number_list dependent_numbers(std::size_t n) const { return dependents_.numbers_of(n); }
    std::size_t size() const noexcept { return numbers_.size(); }
    const object_key& key(std::size_t n) const { return numbers_.key(n); }

private:
    // The lists of key n: keys[start[n] .. start[n + 1]), numbers the same.
    struct lists {
        std::vector<std::size_t> start;
        std::vector<const object_key*> keys;
        std::vector<std::size_t> numbers;
        key_list of(std::size_t n) const { return {keys.data() + start[n], keys.data() + start[n + 1]}; }
        number_list numbers_of(std::size_t n) const {
            return {numbers.data() + start[n], numbers.data() + start[n + 1]};
        }
        void fill(const std::vector<std::pair<std::size_t, std::size_t>>& edges, bool forward,
                  const key_numbers& keys_by_number);
    };
    key_numbers numbers_;
    lists refs_, dependents_;
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
