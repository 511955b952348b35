// The last step of reading a schema: filtering, the dependencies implied by the model's structure,
// and a canonical order.
#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "schema/catalog_rows.hpp"
#include "schema/sort_once.hpp"

namespace retort::schema {

namespace {

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
void add_structural_dependencies(database_schema& s) {
    std::unordered_map<object_key, object_key, object_key_hash> views;  // as a table key -> the view's key
    for (const auto& v : s.views) views.emplace(object_key{object_kind::table, v.schema, v.name, ""}, key_of(v));
    auto relation_key = [&](const database_schema&, const std::string& schema, const std::string& name) {
        object_key k{object_kind::table, schema, name, ""};
        auto it = views.find(k);
        return it == views.end() ? k : it->second;
    };
    auto& deps = s.dependencies;
    // Room for all of them at once: growing the list moved its 100,000 entries again at each step.
    std::size_t more = s.indexes.size() + s.triggers.size() + s.policies.size() + 2 * s.sequences.size() +
                       s.comments.size() + s.grants.size();
    for (const auto& t : s.tables) more += 2 * t.columns.size() + t.constraints.size() + 1;
    deps.reserve(deps.size() + more);
    for (const auto& t : s.tables) {
        for (const auto& c : t.columns) {
            deps.push_back({key_of(t, c), key_of(t)});
            if (c.default_value) deps.push_back({default_key_of(t, c), key_of(t, c)});
        }
        for (const auto& c : t.constraints) deps.push_back({key_of(t, c), key_of(t)});
        if (t.partition)
            deps.push_back({key_of(t), {object_kind::table, t.partition->schema, t.partition->parent, ""}});
    }
    for (const auto& i : s.indexes) deps.push_back({key_of(i), relation_key(s, i.schema, i.table)});
    for (const auto& t : s.triggers) deps.push_back({key_of(t), relation_key(s, t.schema, t.table)});
    for (const auto& p : s.policies) deps.push_back({key_of(p), {object_kind::table, p.schema, p.table, ""}});
    for (const auto& q : s.sequences) {
        if (!q.owned_by) continue;
        deps.push_back({owner_key_of(q), key_of(q)});
        deps.push_back(
            {owner_key_of(q), {object_kind::column, q.owned_by->schema, q.owned_by->table, q.owned_by->column}});
    }
    for (const auto& c : s.comments) deps.push_back({key_of(c), c.target});
    for (const auto& g : s.grants) deps.push_back({key_of(g), g.target});
}

// Every key the model holds, to keep only dependencies between objects that are there.
std::unordered_set<object_key, object_key_hash> all_keys(const database_schema& s) {
    std::unordered_set<object_key, object_key_hash> keys;
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

// Sorting compares the fields in place: building keys in a comparator costs more than the sort.
void sort_model(database_schema& s) {
    auto by_name = [](auto& items) {
        sort_moving_once(items, [](const auto& a, const auto& b) { return a.name < b.name; });
    };
    auto by_schema = [](auto& items) {
        sort_moving_once(items, [](const auto& a, const auto& b) {
            return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
        });
    };
    by_name(s.schemas);
    by_name(s.extensions);
    by_schema(s.enums);
    by_schema(s.domains);
    for (auto& d : s.domains) by_name(d.checks);
    by_schema(s.composites);
    by_schema(s.sequences);
    by_schema(s.tables);
    for (auto& t : s.tables) by_name(t.constraints);
    by_schema(s.indexes);
    sort_moving_once(s.views, [](const view_def& a, const view_def& b) {
        return std::tie(a.materialized, a.schema, a.name) < std::tie(b.materialized, b.schema, b.name);
    });
    std::sort(s.functions.begin(), s.functions.end(), [](const function_def& a, const function_def& b) {
        return std::tie(a.schema, a.name, a.identity_arguments) < std::tie(b.schema, b.name, b.identity_arguments);
    });
    std::sort(s.triggers.begin(), s.triggers.end(), [](const trigger_def& a, const trigger_def& b) {
        return std::tie(a.schema, a.table, a.name) < std::tie(b.schema, b.table, b.name);
    });
    std::sort(s.policies.begin(), s.policies.end(), [](const policy_def& a, const policy_def& b) {
        return std::tie(a.schema, a.table, a.name) < std::tie(b.schema, b.table, b.name);
    });
    sort_moving_once(s.comments, [](const comment_def& a, const comment_def& b) { return a.target < b.target; });
    std::sort(s.grants.begin(), s.grants.end(), [](const grant_def& a, const grant_def& b) {
        return std::tie(a.target, a.privilege, a.grantee) < std::tie(b.target, b.privilege, b.grantee);
    });
    std::sort(s.unmodelled.begin(), s.unmodelled.end());
}

}  // namespace

database_schema finish_model(database_schema s, const read_options& options) {
    // Columns in attnum order before anything walks them (the catalog query returns them in no order).
    for (auto& t : s.tables)
        std::sort(t.columns.begin(), t.columns.end(),
                  [](const column_def& a, const column_def& b) { return a.position < b.position; });
    apply_filter(s, filter{options});
    add_structural_dependencies(s);
    // Only a filter can leave a dependency pointing at an object that is not in the model (the reader
    // maps pg_depend's rows to modelled objects only). Duplicates do no harm: the planner's edges are sets.
    bool filtered = !options.schemas.empty() || !options.exclude_tables.empty();
    std::unordered_set<object_key, object_key_hash> keys;
    if (filtered) keys = all_keys(s);
    remove_if(s.dependencies, [&](const dependency& d) {
        return d.dependent == d.referenced ||
               (filtered && (!keys.contains(d.dependent) || !keys.contains(d.referenced)));
    });
    sort_model(s);
    return s;
}

}  // namespace retort::schema
