// The last step of reading a schema: filtering, the dependencies implied by the model's structure,
// and a canonical order.
#include <algorithm>
#include <set>

#include "catalog_rows.hpp"

namespace retort::schema {

namespace {

template <class T, class Key>
void sort_by(std::vector<T>& items, Key key) {
    std::sort(items.begin(), items.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
}

template <class T, class Pred>
void remove_if(std::vector<T>& items, Pred pred) {
    items.erase(std::remove_if(items.begin(), items.end(), pred), items.end());
}

struct filter {
    const read_options& options;

    bool schema_wanted(const std::string& schema) const {
        return options.schemas.empty() || schema.empty() ||
               std::find(options.schemas.begin(), options.schemas.end(), schema) != options.schemas.end();
    }
    bool table_excluded(const std::string& schema, const std::string& table) const {
        for (const auto& [s, t] : options.exclude_tables)
            if (t == table && (s.empty() || s == schema)) return true;
        return false;
    }
    // Whether an object named by `k` (or belonging to a table so named) is left out.
    bool drops(const object_key& k) const {
        if (k.kind == object_kind::schema) return !schema_wanted(k.name);
        if (!schema_wanted(k.schema)) return true;
        switch (k.kind) {
            case object_kind::table:
            case object_kind::column:
            case object_kind::column_default:
            case object_kind::constraint:
            case object_kind::trigger:
            case object_kind::policy: return table_excluded(k.schema, k.name);
            default: return false;
        }
    }
};

void apply_filter(database_schema& s, const filter& f) {
    remove_if(s.schemas, [&](const auto& x) { return f.drops(key_of(x)); });
    remove_if(s.enums, [&](const auto& x) { return f.drops(key_of(x)); });
    remove_if(s.domains, [&](const auto& x) { return f.drops(key_of(x)); });
    remove_if(s.composites, [&](const auto& x) { return f.drops(key_of(x)); });
    remove_if(s.sequences, [&](const auto& x) {
        return f.drops(key_of(x)) || (x.owned_by && f.table_excluded(x.owned_by->schema, x.owned_by->table));
    });
    remove_if(s.tables, [&](const auto& x) { return f.drops(key_of(x)); });
    remove_if(s.indexes, [&](const auto& x) { return f.drops(key_of(x)) || f.table_excluded(x.schema, x.table); });
    remove_if(s.views, [&](const auto& x) { return f.drops(key_of(x)); });
    remove_if(s.functions, [&](const auto& x) { return f.drops(key_of(x)); });
    remove_if(s.triggers, [&](const auto& x) { return f.drops(key_of(x)); });
    remove_if(s.policies, [&](const auto& x) { return f.drops(key_of(x)); });
    remove_if(s.comments, [&](const auto& x) { return f.drops(x.target); });
    remove_if(s.grants, [&](const auto& x) { return f.drops(x.target); });
}

// The key of the relation `table` in `schema`: a table, or a (materialized) view that an index or a
// trigger belongs to.
object_key relation_key(const database_schema& s, const std::string& schema, const std::string& name) {
    for (const auto& v : s.views)
        if (v.schema == schema && v.name == name) return key_of(v);
    return {object_kind::table, schema, name, ""};
}

void add_structural_dependencies(database_schema& s) {
    auto& deps = s.dependencies;
    for (const auto& t : s.tables) {
        for (const auto& c : t.columns) {
            deps.push_back({key_of(t, c), key_of(t)});
            if (c.default_value) deps.push_back({default_key_of(t, c), key_of(t, c)});
        }
        for (const auto& c : t.constraints) deps.push_back({key_of(t, c), key_of(t)});
        if (t.partition) deps.push_back({key_of(t), {object_kind::table, t.partition->schema, t.partition->parent, ""}});
    }
    for (const auto& i : s.indexes) deps.push_back({key_of(i), relation_key(s, i.schema, i.table)});
    for (const auto& t : s.triggers) deps.push_back({key_of(t), relation_key(s, t.schema, t.table)});
    for (const auto& p : s.policies) deps.push_back({key_of(p), {object_kind::table, p.schema, p.table, ""}});
    for (const auto& q : s.sequences) {
        if (!q.owned_by) continue;
        deps.push_back({owner_key_of(q), key_of(q)});
        deps.push_back({owner_key_of(q), {object_kind::column, q.owned_by->schema, q.owned_by->table, q.owned_by->column}});
    }
    for (const auto& c : s.comments) deps.push_back({key_of(c), c.target});
    for (const auto& g : s.grants) deps.push_back({key_of(g), g.target});
}

// Every key the model holds, to keep only dependencies between objects that are there.
std::set<object_key> all_keys(const database_schema& s) {
    std::set<object_key> keys;
    for (const auto& x : s.schemas) keys.insert(key_of(x));
    for (const auto& x : s.extensions) keys.insert(key_of(x));
    for (const auto& x : s.enums) keys.insert(key_of(x));
    for (const auto& x : s.domains) keys.insert(key_of(x));
    for (const auto& x : s.composites) keys.insert(key_of(x));
    for (const auto& x : s.sequences) {
        keys.insert(key_of(x));
        if (x.owned_by) keys.insert(owner_key_of(x));
    }
    for (const auto& t : s.tables) {
        keys.insert(key_of(t));
        for (const auto& c : t.columns) {
            keys.insert(key_of(t, c));
            if (c.default_value) keys.insert(default_key_of(t, c));
        }
        for (const auto& c : t.constraints) keys.insert(key_of(t, c));
    }
    for (const auto& x : s.indexes) keys.insert(key_of(x));
    for (const auto& x : s.views) keys.insert(key_of(x));
    for (const auto& x : s.functions) keys.insert(key_of(x));
    for (const auto& x : s.triggers) keys.insert(key_of(x));
    for (const auto& x : s.policies) keys.insert(key_of(x));
    for (const auto& x : s.comments) keys.insert(key_of(x));
    for (const auto& x : s.grants) keys.insert(key_of(x));
    return keys;
}

void sort_model(database_schema& s) {
    sort_by(s.schemas, [](const auto& x) { return key_of(x); });
    sort_by(s.extensions, [](const auto& x) { return key_of(x); });
    sort_by(s.enums, [](const auto& x) { return key_of(x); });
    sort_by(s.domains, [](const auto& x) { return key_of(x); });
    for (auto& d : s.domains) sort_by(d.checks, [](const auto& c) { return c.name; });
    sort_by(s.composites, [](const auto& x) { return key_of(x); });
    sort_by(s.sequences, [](const auto& x) { return key_of(x); });
    sort_by(s.tables, [](const auto& x) { return key_of(x); });
    for (auto& t : s.tables) {
        sort_by(t.columns, [](const auto& c) { return c.position; });
        sort_by(t.constraints, [](const auto& c) { return c.name; });
    }
    sort_by(s.indexes, [](const auto& x) { return key_of(x); });
    sort_by(s.views, [](const auto& x) { return key_of(x); });
    sort_by(s.functions, [](const auto& x) { return key_of(x); });
    sort_by(s.triggers, [](const auto& x) { return key_of(x); });
    sort_by(s.policies, [](const auto& x) { return key_of(x); });
    sort_by(s.comments, [](const auto& x) { return key_of(x); });
    sort_by(s.grants, [](const auto& x) { return key_of(x); });
    std::sort(s.unmodelled.begin(), s.unmodelled.end());
}

}  // namespace

database_schema finish_model(database_schema s, const read_options& options) {
    apply_filter(s, filter{options});
    add_structural_dependencies(s);
    auto keys = all_keys(s);
    remove_if(s.dependencies, [&](const dependency& d) {
        return d.dependent == d.referenced || !keys.contains(d.dependent) || !keys.contains(d.referenced);
    });
    std::sort(s.dependencies.begin(), s.dependencies.end());
    s.dependencies.erase(std::unique(s.dependencies.begin(), s.dependencies.end()), s.dependencies.end());
    sort_model(s);
    return s;
}

}  // namespace retort::schema
