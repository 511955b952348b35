// Lookups of a model's objects by key, for the planner.
#pragma once

#include <unordered_map>

#include "schema/key_hash.hpp"
#include "schema/model.hpp"

namespace retort::schema {

template <class T>
using by_key = std::unordered_map<object_key, const T*, object_key_quick_hash>;

struct column_at {
    const table_def* table = nullptr;
    const column_def* column = nullptr;
};
struct constraint_at {
    const table_def* table = nullptr;
    const constraint_def* constraint = nullptr;
};

struct model_index {
    const database_schema& model;
    by_key<schema_def> schemas;
    by_key<extension_def> extensions;
    by_key<enum_def> enums;
    by_key<domain_def> domains;
    by_key<composite_def> composites;
    by_key<sequence_def> sequences;  // by key_of and by owner_key_of
    by_key<table_def> tables;
    std::unordered_map<object_key, column_at, object_key_quick_hash> columns;  // by column key and by default key
    std::unordered_map<object_key, constraint_at, object_key_quick_hash> constraints;
    by_key<index_def> indexes;
    by_key<view_def> views;
    by_key<function_def> functions;
    by_key<trigger_def> triggers;
    by_key<policy_def> policies;
    by_key<comment_def> comments;
    by_key<grant_def> grants;

    explicit model_index(const database_schema& m);

    bool has(const object_key& k) const;
    // The relation (table, view or materialized view) named schema.name.
    object_key relation(const std::string& schema, const std::string& name) const;
    // What `k` belongs to and goes with when that is dropped: a column's table, a default's column, an
    // index's or trigger's relation, a comment's target, an owned sequence's column. Nullopt for
    // objects that stand alone.
    std::optional<object_key> owner(const object_key& k) const;
};

template <class T>
const T* find(const by_key<T>& items, const object_key& k) {
    auto it = items.find(k);
    return it == items.end() ? nullptr : it->second;
}

}  // namespace retort::schema
