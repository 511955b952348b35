// The differ (see diff.hpp): compares values of the model, list by list, by key.
#include "schema/diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "schema/change_order.hpp"

namespace retort::schema {

namespace {

std::string show(const std::optional<std::string>& v) { return v ? *v : std::string("(none)"); }

void differs(std::vector<std::string>& out, const char* what, const std::string& a, const std::string& b) {
    if (a != b) out.push_back(fmt::format("{} {} -> {}", what, a.empty() ? "(none)" : a, b.empty() ? "(none)" : b));
}
void differs(std::vector<std::string>& out, const char* what, const std::optional<std::string>& a,
             const std::optional<std::string>& b) {
    if (a != b) out.push_back(fmt::format("{} {} -> {}", what, show(a), show(b)));
}
void differs(std::vector<std::string>& out, const char* what, bool a, bool b) {
    if (a != b) out.push_back(fmt::format("{} {} -> {}", what, a ? "on" : "off", b ? "on" : "off"));
}
template <class T>
void differs_value(std::vector<std::string>& out, const char* what, const T& a, const T& b) {
    if (!(a == b)) out.emplace_back(what);
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

class differ {
public:
    std::vector<change> changes;
    std::vector<std::string> notes;

    // Compares two sorted lists of objects by key; `details` says what differs between two versions.
    template <class T, class Details>
    void lists(const std::vector<T>& from, const std::vector<T>& to, Details details) {
        std::map<object_key, const T*> old_items;
        for (const auto& x : from) old_items.emplace(key_of(x), &x);
        for (const auto& x : to) {
            auto key = key_of(x);
            auto it = old_items.find(key);
            if (it == old_items.end()) {
                changes.push_back({change_action::create, key, {}});
                continue;
            }
            std::vector<std::string> d = details(*it->second, x);
            if (!d.empty()) changes.push_back({change_action::alter, key, std::move(d)});
            old_items.erase(it);
        }
        for (const auto& [key, x] : old_items) changes.push_back({change_action::drop, key, {}});
    }

    void tables(const std::vector<table_def>& from, const std::vector<table_def>& to) {
        lists(from, to, [](const table_def& a, const table_def& b) {
            std::vector<std::string> d;
            differs(d, "partitioned", a.partitioned, b.partitioned);
            differs(d, "partition key", a.partition_key, b.partition_key);
            differs_value(d, "partition of", a.partition, b.partition);
            differs(d, "unlogged", a.unlogged, b.unlogged);
            differs(d, "options", join(a.options), join(b.options));
            differs(d, "row level security", a.row_security, b.row_security);
            differs(d, "forced row level security", a.force_row_security, b.force_row_security);
            return d;
        });
        std::map<object_key, const table_def*> old_tables;
        for (const auto& t : from) old_tables.emplace(key_of(t), &t);
        static const table_def none;
        for (const auto& t : to) {
            auto it = old_tables.find(key_of(t));
            members(it == old_tables.end() ? none : *it->second, t, it != old_tables.end());
            if (it != old_tables.end()) old_tables.erase(it);
        }
        for (const auto& [key, t] : old_tables) members(*t, none, false, true);
    }

private:
    // Columns, defaults and constraints of a table; `both` when the table exists on both sides.
    void members(const table_def& a, const table_def& b, bool both, bool dropping = false) {
        const table_def& named = dropping ? a : b;
        std::map<std::string, const column_def*> old_columns;
        for (const auto& c : a.columns) old_columns.emplace(c.name, &c);
        for (const auto& c : b.columns) {
            auto it = old_columns.find(c.name);
            if (it == old_columns.end()) {
                changes.push_back({change_action::create, key_of(named, c), {}});
                if (c.default_value) changes.push_back({change_action::create, default_key_of(named, c), {}});
                continue;
            }
            column(named, *it->second, c);
            old_columns.erase(it);
        }
        for (const auto& [name, c] : old_columns) {
            changes.push_back({change_action::drop, key_of(named, *c), {}});
            if (c->default_value) changes.push_back({change_action::drop, default_key_of(named, *c), {}});
        }
        if (both) column_order(a, b);
        std::map<std::string, const constraint_def*> old_constraints;
        for (const auto& c : a.constraints) old_constraints.emplace(c.name, &c);
        for (const auto& c : b.constraints) {
            auto it = old_constraints.find(c.name);
            if (it == old_constraints.end()) {
                changes.push_back({change_action::create, key_of(named, c), {}});
            } else {
                if (!(*it->second == c))
                    changes.push_back({change_action::alter,
                                       key_of(named, c),
                                       {fmt::format("definition {} -> {}", it->second->definition, c.definition)}});
                old_constraints.erase(it);
            }
        }
        for (const auto& [name, c] : old_constraints) changes.push_back({change_action::drop, key_of(named, *c), {}});
    }

    void column(const table_def& t, const column_def& a, const column_def& b) {
        std::vector<std::string> d;
        differs(d, "type", a.type, b.type);
        differs(d, "collation", a.collation, b.collation);
        differs(d, "not null", a.not_null, b.not_null);
        differs(d, "generated", a.generated, b.generated);
        if (a.identity.has_value() != b.identity.has_value() ||
            (a.identity && b.identity && !(*a.identity == *b.identity)))
            d.push_back(fmt::format("identity {} -> {}", a.identity ? "on" : "none", b.identity ? "on" : "none"));
        if (!d.empty()) changes.push_back({change_action::alter, key_of(t, b), std::move(d)});
        if (a.default_value && !b.default_value) changes.push_back({change_action::drop, default_key_of(t, a), {}});
        if (!a.default_value && b.default_value) changes.push_back({change_action::create, default_key_of(t, b), {}});
        if (a.default_value && b.default_value && *a.default_value != *b.default_value)
            changes.push_back({change_action::alter,
                               default_key_of(t, b),
                               {fmt::format("default {} -> {}", *a.default_value, *b.default_value)}});
    }

    void column_order(const table_def& a, const table_def& b) {
        std::vector<std::string> order_a, order_b;
        for (const auto& c : a.columns)
            if (std::any_of(b.columns.begin(), b.columns.end(), [&](const auto& x) { return x.name == c.name; }))
                order_a.push_back(c.name);
        for (const auto& c : b.columns)
            if (std::any_of(a.columns.begin(), a.columns.end(), [&](const auto& x) { return x.name == c.name; }))
                order_b.push_back(c.name);
        if (order_a != order_b)
            notes.push_back(
                fmt::format("columns of {} are in another order ({} here, {} there); column order alone "
                            "is not changed, since only rebuilding the table could change it",
                            describe(key_of(b)), join(order_a), join(order_b)));
    }
};

}  // namespace

const char* action_name(change_action a) {
    switch (a) {
    case change_action::create: return "create";
    case change_action::drop: return "drop";
    case change_action::alter: return "alter";
    }
    return "change";
}

std::string describe(const change& c) {
    std::string out;
    describe_to(out, c);
    return out;
}

void describe_to(std::string& out, const change& c) {
    out += action_name(c.action);
    out += ' ';
    describe_to(out, c.key);
    if (!c.details.empty()) {
        out += ": ";
        out += join(c.details);
    }
}

namespace {

// Schemas, extensions, types and sequences (with their ownership, an object of its own).
void compare_types(differ& d, const database_schema& from, const database_schema& to) {
    d.lists(from.schemas, to.schemas, [](const auto&, const auto&) { return std::vector<std::string>{}; });
    d.lists(from.extensions, to.extensions, [](const extension_def& a, const extension_def& b) {
        std::vector<std::string> out;
        differs(out, "schema", a.schema, b.schema);
        differs(out, "version", a.version, b.version);
        return out;
    });
    d.lists(from.enums, to.enums, [](const enum_def& a, const enum_def& b) {
        std::vector<std::string> out;
        if (a.labels != b.labels) out.push_back(fmt::format("labels ({}) -> ({})", join(a.labels), join(b.labels)));
        return out;
    });
    d.lists(from.domains, to.domains, [](const domain_def& a, const domain_def& b) {
        std::vector<std::string> out;
        differs(out, "type", a.base_type, b.base_type);
        differs(out, "collation", a.collation, b.collation);
        differs(out, "default", a.default_value, b.default_value);
        differs(out, "not null", a.not_null, b.not_null);
        differs_value(out, "constraints", a.checks, b.checks);
        return out;
    });
    d.lists(from.composites, to.composites, [](const composite_def& a, const composite_def& b) {
        std::vector<std::string> out;
        differs_value(out, "attributes", a.attributes, b.attributes);
        return out;
    });
    d.lists(from.sequences, to.sequences, [](const sequence_def& a, const sequence_def& b) {
        std::vector<std::string> out;
        differs_value(out, "options", a.options, b.options);
        differs(out, "unlogged", a.unlogged, b.unlogged);
        return out;
    });
    // Ownership (OWNED BY) is an object of its own: it needs the column, the sequence does not.
    auto owners = [](const database_schema& s) {
        std::vector<sequence_def> out;
        for (const auto& q : s.sequences)
            if (q.owned_by) out.push_back(q);
        return out;
    };
    {
        auto a = owners(from), b = owners(to);
        std::map<object_key, const sequence_def*> old_items;
        for (const auto& q : a) old_items.emplace(owner_key_of(q), &q);
        for (const auto& q : b) {
            auto it = old_items.find(owner_key_of(q));
            if (it == old_items.end())
                d.changes.push_back({change_action::create, owner_key_of(q), {}});
            else {
                if (!(*it->second->owned_by == *q.owned_by))
                    d.changes.push_back({change_action::alter, owner_key_of(q), {"owner column"}});
                old_items.erase(it);
            }
        }
        for (const auto& [key, q] : old_items) d.changes.push_back({change_action::drop, key, {}});
    }
}

// Indexes, views, routines, triggers and policies.
void compare_dependents(differ& d, const database_schema& from, const database_schema& to) {
    d.lists(from.indexes, to.indexes, [](const index_def& a, const index_def& b) {
        std::vector<std::string> out;
        differs(out, "definition", a.definition, b.definition);
        return out;
    });
    d.lists(from.views, to.views, [](const view_def& a, const view_def& b) {
        std::vector<std::string> out;
        if (a.definition != b.definition) out.emplace_back("definition");
        differs(out, "options", join(a.options), join(b.options));
        return out;
    });
    d.lists(from.functions, to.functions, [](const function_def& a, const function_def& b) {
        std::vector<std::string> out;
        differs(out, "result", a.result, b.result);
        differs(out, "arguments", a.arguments, b.arguments);
        if (a.definition != b.definition) out.emplace_back("definition");
        return out;
    });
    d.lists(from.triggers, to.triggers, [](const trigger_def& a, const trigger_def& b) {
        std::vector<std::string> out;
        differs(out, "definition", a.definition, b.definition);
        differs(out, "enabled", std::string(1, a.enabled), std::string(1, b.enabled));
        return out;
    });
    d.lists(from.policies, to.policies, [](const policy_def& a, const policy_def& b) {
        std::vector<std::string> out;
        differs_value(out, "definition", a, b);
        return out;
    });
}

// Comments and grants.
void compare_annotations(differ& d, const database_schema& from, const database_schema& to) {
    d.lists(from.comments, to.comments, [](const comment_def& a, const comment_def& b) {
        std::vector<std::string> out;
        differs(out, "text", a.text, b.text);
        return out;
    });
    d.lists(from.grants, to.grants, [](const grant_def& a, const grant_def& b) {
        std::vector<std::string> out;
        differs(out, "with grant option", a.grantable, b.grantable);
        return out;
    });
}

}  // namespace

schema_diff diff_schemas(const database_schema& from, const database_schema& to) {
    differ d;
    compare_types(d, from, to);
    d.tables(from.tables, to.tables);
    compare_dependents(d, from, to);
    compare_annotations(d, from, to);
    sort_by_key(d.changes);
    return {std::move(d.changes), std::move(d.notes), from.unmodelled, to.unmodelled};
}

}  // namespace retort::schema
