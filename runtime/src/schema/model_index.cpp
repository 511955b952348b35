// Lookups of a model's objects by key (see model_index.hpp).
#include "schema/model_index.hpp"

namespace retort::schema {

namespace {

template <class T>
void fill(by_key<T>& out, const std::vector<T>& items) {
    for (const auto& x : items) out.emplace(key_of(x), &x);
}

}  // namespace

model_index::model_index(const database_schema& m) : model(m) {
    fill(schemas, m.schemas);
    fill(extensions, m.extensions);
    fill(enums, m.enums);
    fill(domains, m.domains);
    fill(composites, m.composites);
    fill(sequences, m.sequences);
    for (const auto& s : m.sequences)
        if (s.owned_by) sequences.emplace(owner_key_of(s), &s);
    fill(tables, m.tables);
    for (const auto& t : m.tables) {
        for (const auto& c : t.columns) {
            columns.emplace(key_of(t, c), column_at{&t, &c});
            if (c.default_value) columns.emplace(default_key_of(t, c), column_at{&t, &c});
        }
        for (const auto& c : t.constraints) constraints.emplace(key_of(t, c), constraint_at{&t, &c});
    }
    fill(indexes, m.indexes);
    fill(views, m.views);
    fill(functions, m.functions);
    fill(triggers, m.triggers);
    fill(policies, m.policies);
    fill(comments, m.comments);
    fill(grants, m.grants);
}

bool model_index::has(const object_key& k) const {
    switch (k.kind) {
    case object_kind::schema: return schemas.contains(k);
    case object_kind::extension: return extensions.contains(k);
    case object_kind::enum_type: return enums.contains(k);
    case object_kind::domain: return domains.contains(k);
    case object_kind::composite_type: return composites.contains(k);
    case object_kind::sequence:
    case object_kind::sequence_owner: return sequences.contains(k);
    case object_kind::table: return tables.contains(k);
    case object_kind::column:
    case object_kind::column_default: return columns.contains(k);
    case object_kind::constraint: return constraints.contains(k);
    case object_kind::index: return indexes.contains(k);
    case object_kind::view:
    case object_kind::materialized_view: return views.contains(k);
    case object_kind::function: return functions.contains(k);
    case object_kind::trigger: return triggers.contains(k);
    case object_kind::policy: return policies.contains(k);
    case object_kind::comment: return comments.contains(k);
    case object_kind::grant: return grants.contains(k);
    }
    return false;
}

object_key model_index::relation(const std::string& schema, const std::string& name) const {
    object_key view{object_kind::view, schema, name, ""};
    if (views.contains(view)) return view;
    object_key matview{object_kind::materialized_view, schema, name, ""};
    if (views.contains(matview)) return matview;
    return {object_kind::table, schema, name, ""};
}

std::optional<object_key> model_index::owner(const object_key& k) const {
    switch (k.kind) {
    case object_kind::column:
    case object_kind::constraint:
    case object_kind::policy: return object_key{object_kind::table, k.schema, k.name, ""};
    case object_kind::trigger: return relation(k.schema, k.name);
    case object_kind::column_default: return object_key{object_kind::column, k.schema, k.name, k.member};
    case object_kind::index:
        if (const auto* i = find(indexes, k)) return relation(i->schema, i->table);
        return std::nullopt;
    case object_kind::sequence_owner: return object_key{object_kind::sequence, k.schema, k.name, ""};
    case object_kind::sequence:
        if (const auto* s = find(sequences, k); s != nullptr && s->owned_by)
            return object_key{object_kind::column, s->owned_by->schema, s->owned_by->table, s->owned_by->column};
        return std::nullopt;
    case object_kind::comment:
        if (const auto* c = find(comments, k)) return c->target;
        return std::nullopt;
    case object_kind::grant:
        if (const auto* g = find(grants, k)) return g->target;
        return std::nullopt;
    default: return std::nullopt;
    }
}

}  // namespace retort::schema
