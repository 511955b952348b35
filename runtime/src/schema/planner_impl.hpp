// The planner's internals, shared by planner.cpp (deciding what happens to each object) and
// planner_emit.cpp (writing the statements).
#pragma once

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "schema/model_index.hpp"
#include "schema/plan_graph.hpp"
#include "schema/planner.hpp"

namespace retort::schema::detail {

using plan_graph::node;
using plan_graph::phase;

enum class fate : std::uint8_t { create, drop, alter, replace };
enum class reaction : std::uint8_t { ignore, replace, follow, unsupported };

inline bool one_of(object_kind k, std::initializer_list<object_kind> kinds) {
    return std::find(kinds.begin(), kinds.end(), k) != kinds.end();
}

// Emission order: by kind, then name; a table's columns in their order in the table. It points at the
// key instead of copying it: copies of 80,000 keys (three strings each) cost more than their statements.
struct emission_key {
    const object_key* key = nullptr;
    int position = 0;
    fate what = fate::create;
    auto tie() const { return std::tie(key->kind, key->schema, key->name, position, key->member); }
    bool operator<(const emission_key& o) const { return tie() < o.tie(); }
};

// One model's lookups for the planner: by key, and its dependencies both ways. Built apart from the
// planner, so that diff_and_plan() can build them on another thread.
struct indexed_model {
    model_index objects;
    plan_graph::dependency_index dependencies;

    explicit indexed_model(const database_schema& m) : objects(m), dependencies(m) {}
};

class planner {
public:
    planner(const database_schema& from, const database_schema& to, const plan_options& options)
        : planner(indexed_model(from), indexed_model(to), options) {}
    planner(indexed_model from, indexed_model to, const plan_options& options)
        : a_(std::move(from.objects)),
          b_(std::move(to.objects)),
          da_(std::move(from.dependencies)),
          db_(std::move(to.dependencies)),
          options_(options) {
        for (const auto& k : options.dropped_elsewhere) dropped_elsewhere_.insert(k);
    }

    migration_plan run(const schema_diff& diff);

private:
    // Deciding -------------------------------------------------------------------------------------
    void decide(const change& c);
    // How a changed object that exists on both sides is changed: in place, or dropped and made again.
    fate alter_fate(const object_key& k);
    void find_enum_columns();
    void force_dependents();
    void replace(const object_key& d);  // a dependent of a replaced object is replaced too
    reaction react(const object_key& x, const object_key& d) const;
    bool owned_by(const object_key& d, const object_key& x) const;
    bool gone(const object_key& k) const;  // dropped or replaced
    bool fate_is(const object_key& k, fate f) const {
        auto it = fates_.find(k);
        return it != fates_.end() && it->second == f;
    }
    bool implicit_drop(const object_key& k) const;
    bool absorbed_create(const object_key& k) const;
    bool existing(const object_key& relation) const {
        return a_.has(relation) && !gone(relation) && !fate_is(relation, fate::create);
    }
    object_key table_key(const object_key& member) const {
        return {object_kind::table, member.schema, member.name, ""};
    }

    // Writing nodes --------------------------------------------------------------------------------
    std::size_t add(planned_statement s, phase when, const object_key& key, change_action action,
                    std::vector<object_key> creates, std::vector<object_key> drops, std::vector<object_key> alters);
    std::size_t add_create(const object_key& k, planned_statement s, std::vector<object_key> also = {}) {
        std::vector<object_key> creates;
        creates.reserve(also.size() + 1);
        creates.push_back(k);
        std::move(also.begin(), also.end(), std::back_inserter(creates));
        return add(std::move(s), phase::create, k, change_action::create, std::move(creates), {}, {});
    }
    std::size_t add_alter(const object_key& k, planned_statement s) {
        return add(std::move(s), phase::alter, k, change_action::alter, {}, {}, {k});
    }
    // Every key of fates_ once, in emission order.
    std::vector<emission_key> emission_order(const schema_diff& diff);
    int column_position(const object_key& k) const;  // 0 but for columns and defaults
    std::optional<std::size_t> emit_drop(const object_key& k);
    void emit_create(const object_key& k, std::optional<std::size_t> after);
    void emit_create_table(const object_key& k);
    void emit_alter(const object_key& k);
    void emit_enum_recreation(const object_key& k);
    void absorb_implicit_drops();
    void note_possible_renames();
    migration_plan finish();

    model_index a_, b_;
    plan_graph::dependency_index da_, db_;
    const plan_options& options_;
    std::unordered_map<object_key, fate, object_key_hash> fates_;
    std::vector<const object_key*> forced_;  // keys of fates_ that force_dependents added (not in the diff)
    std::set<object_key> type_changed_;
    std::set<object_key> recreated_enums_;
    std::map<object_key, std::vector<object_key>> enum_columns_;
    std::set<object_key> dropped_elsewhere_;
    std::unordered_map<object_key, std::size_t, object_key_quick_hash> drop_node_;
    std::vector<node> nodes_;
    std::vector<std::string> unsupported_;
};

}  // namespace retort::schema::detail
