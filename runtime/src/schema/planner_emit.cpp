// The planner's second half: one node per statement, in dependency order (see planner.hpp).
#include <fmt/format.h>

#include <algorithm>

#include "schema/ddl.hpp"
#include "schema/planner_impl.hpp"

namespace retort::schema::detail {

std::size_t planner::add(planned_statement s, phase when, const object_key& key, change_action action,
                         std::vector<object_key> creates, std::vector<object_key> drops,
                         std::vector<object_key> alters) {
    s.key = key;
    s.action = action;
    nodes_.push_back({std::move(s), when, std::move(creates), std::move(drops), std::move(alters), {}});
    return nodes_.size() - 1;
}

std::optional<std::size_t> planner::emit_drop(const object_key& k) {
    const database_schema& m = a_.model;
    ddl::stmt s;
    switch (k.kind) {
    case object_kind::schema: s = ddl::drop_schema(*find(a_.schemas, k)); break;
    case object_kind::extension: s = ddl::drop_extension(*find(a_.extensions, k)); break;
    case object_kind::enum_type:
    case object_kind::domain:
    case object_kind::composite_type: s = ddl::drop_type(k); break;
    case object_kind::sequence: s = ddl::drop_sequence(*find(a_.sequences, k)); break;
    case object_kind::sequence_owner: s = ddl::clear_sequence_owner(*find(a_.sequences, k)); break;
    case object_kind::table: s = ddl::drop_table(*find(a_.tables, k)); break;
    case object_kind::column: {
        const auto& at = a_.columns.at(k);
        s = ddl::drop_column(*at.table, *at.column, true);
        break;
    }
    case object_kind::column_default: {
        const auto& at = a_.columns.at(k);
        s = ddl::drop_default(*at.table, *at.column);
        break;
    }
    case object_kind::constraint: {
        const auto& at = a_.constraints.at(k);
        s = ddl::drop_constraint(*at.table, *at.constraint, true);
        break;
    }
    case object_kind::index: s = ddl::drop_index(*find(a_.indexes, k), true); break;
    case object_kind::view:
    case object_kind::materialized_view: s = ddl::drop_view(*find(a_.views, k)); break;
    case object_kind::function: s = ddl::drop_function(*find(a_.functions, k)); break;
    case object_kind::trigger: s = ddl::drop_trigger(*find(a_.triggers, k), a_.relation(k.schema, k.name)); break;
    case object_kind::policy: s = ddl::drop_policy(*find(a_.policies, k)); break;
    case object_kind::comment: s = ddl::comment_on(find(a_.comments, k)->target, std::nullopt, m); break;
    case object_kind::grant: s = ddl::revoke(*find(a_.grants, k), m); break;
    }
    std::size_t i = add(std::move(s), phase::drop, k, change_action::drop, {}, {k}, {});
    drop_node_[k] = i;
    return i;
}

// A table is made with its columns and their defaults in one statement; its settings follow.
void planner::emit_create_table(const object_key& k) {
    const table_def& t = *find(b_.tables, k);
    std::vector<object_key> creates;  // what add_create(k, ..., members) makes, built in place
    creates.reserve(1 + 2 * t.columns.size());
    creates.push_back(k);
    for (const auto& c : t.columns) {
        creates.push_back(key_of(t, c));
        if (c.default_value) creates.push_back(default_key_of(t, c));
    }
    add(ddl::create_table(t), phase::create, k, change_action::create, std::move(creates), {}, {});
    for (auto& s : ddl::table_settings(t)) add_alter(k, std::move(s));
}

void planner::emit_create(const object_key& k, std::optional<std::size_t> after) {
    const database_schema& m = b_.model;
    std::size_t first = nodes_.size();
    switch (k.kind) {
    case object_kind::schema: add_create(k, ddl::create_schema(*find(b_.schemas, k))); break;
    case object_kind::extension: add_create(k, ddl::create_extension(*find(b_.extensions, k))); break;
    case object_kind::enum_type: add_create(k, ddl::create_enum(*find(b_.enums, k))); break;
    case object_kind::domain: add_create(k, ddl::create_domain(*find(b_.domains, k))); break;
    case object_kind::composite_type: add_create(k, ddl::create_composite(*find(b_.composites, k))); break;
    case object_kind::sequence: add_create(k, ddl::create_sequence(*find(b_.sequences, k))); break;
    case object_kind::sequence_owner: add_create(k, ddl::set_sequence_owner(*find(b_.sequences, k))); break;
    case object_kind::table: emit_create_table(k); break;
    case object_kind::column: {
        const auto& at = b_.columns.at(k);
        std::vector<object_key> also;
        if (at.column->default_value) also.push_back(default_key_of(*at.table, *at.column));
        add_create(k, ddl::add_column(*at.table, *at.column, existing(table_key(k))), also);
        break;
    }
    case object_kind::column_default: {
        const auto& at = b_.columns.at(k);
        add_create(k, ddl::set_default(*at.table, *at.column, existing(table_key(k))));
        break;
    }
    case object_kind::constraint: {
        const auto& at = b_.constraints.at(k);
        add_create(k, ddl::add_constraint(*at.table, *at.constraint, existing(table_key(k))));
        break;
    }
    case object_kind::index: {
        const index_def& i = *find(b_.indexes, k);
        add_create(k, ddl::create_index(i, existing(b_.relation(i.schema, i.table))));
        break;
    }
    case object_kind::view:
    case object_kind::materialized_view: add_create(k, ddl::create_view(*find(b_.views, k))); break;
    case object_kind::function: add_create(k, ddl::create_function(*find(b_.functions, k))); break;
    case object_kind::trigger: {
        const trigger_def& t = *find(b_.triggers, k);
        add_create(k, ddl::create_trigger(t));
        if (t.enabled != 'O') add_alter(k, *ddl::trigger_enabled(t, b_.relation(t.schema, t.table)));
        break;
    }
    case object_kind::policy: add_create(k, ddl::create_policy(*find(b_.policies, k))); break;
    case object_kind::comment: {
        const comment_def& c = *find(b_.comments, k);
        add_create(k, ddl::comment_on(c.target, c.text, m));
        break;
    }
    case object_kind::grant: add_create(k, ddl::grant(*find(b_.grants, k), m)); break;
    }
    if (after && first < nodes_.size()) nodes_[first].after.push_back(*after);
}

void planner::emit_alter(const object_key& k) {
    std::vector<ddl::stmt> statements;
    switch (k.kind) {
    case object_kind::extension:
        statements = ddl::alter_extension(*find(a_.extensions, k), *find(b_.extensions, k));
        break;
    case object_kind::enum_type:
        if (recreated_enums_.contains(k)) return emit_enum_recreation(k);
        statements = *ddl::add_enum_values(*find(a_.enums, k), *find(b_.enums, k));
        break;
    case object_kind::domain: statements = ddl::alter_domain(*find(a_.domains, k), *find(b_.domains, k)); break;
    case object_kind::composite_type:
        statements = *ddl::alter_composite(*find(a_.composites, k), *find(b_.composites, k));
        break;
    case object_kind::sequence: statements = ddl::alter_sequence(*find(a_.sequences, k), *find(b_.sequences, k)); break;
    case object_kind::sequence_owner: statements.push_back(ddl::set_sequence_owner(*find(b_.sequences, k))); break;
    case object_kind::function: statements.push_back(ddl::create_function(*find(b_.functions, k))); break;
    case object_kind::table: statements = ddl::alter_table(*find(a_.tables, k), *find(b_.tables, k)); break;
    case object_kind::column: {
        const auto &x = a_.columns.at(k), &y = b_.columns.at(k);
        statements = *ddl::alter_column(*y.table, *x.column, *y.column, existing(table_key(k)));
        break;
    }
    case object_kind::column_default: {
        const auto& y = b_.columns.at(k);
        statements.push_back(ddl::set_default(*y.table, *y.column, existing(table_key(k))));
        break;
    }
    case object_kind::constraint: {
        const auto &x = a_.constraints.at(k), &y = b_.constraints.at(k);
        statements.push_back(*ddl::alter_constraint(*y.table, *x.constraint, *y.constraint));
        break;
    }
    case object_kind::trigger: {
        const trigger_def& t = *find(b_.triggers, k);
        statements.push_back(*ddl::trigger_enabled(t, b_.relation(t.schema, t.table)));
        break;
    }
    case object_kind::comment: {
        const comment_def& c = *find(b_.comments, k);
        statements.push_back(ddl::comment_on(c.target, c.text, b_.model));
        break;
    }
    default: break;
    }
    for (auto& s : statements) add_alter(k, std::move(s));
}

// An enum that loses or reorders labels: renamed away, created anew, its columns converted through
// text, the old type dropped. What else used it was dropped before and is created after.
void planner::emit_enum_recreation(const object_key& k) {
    const enum_def& e = *find(b_.enums, k);
    std::string old_name = e.name + "__retort_old";
    std::size_t rename = add_alter(k, ddl::rename_type(k, old_name));
    std::size_t create = add(ddl::create_enum(e), phase::create, k, change_action::create, {}, {}, {});
    nodes_[create].after.push_back(rename);
    object_key old_key{object_kind::enum_type, k.schema, old_name, ""};
    std::size_t drop = add(ddl::drop_type(old_key), phase::drop, k, change_action::drop, {}, {}, {});
    nodes_[drop].stmt.comments.push_back(
        fmt::format("{} loses or reorders labels: rows that hold a removed label make "
                    "the conversion fail; update them first",
                    describe(k)));
    nodes_[drop].after.push_back(rename);
    for (const auto& c : enum_columns_[k]) {
        const auto& at = b_.columns.at(c);
        std::size_t convert = add_alter(c, ddl::convert_column_to_enum(*at.table, *at.column, e));
        nodes_[convert].after.push_back(create);
        nodes_[drop].after.push_back(convert);
    }
}

void planner::absorb_implicit_drops() {
    for (const auto& [k, f] : fates_) {
        if ((f != fate::drop && f != fate::replace) || drop_node_.contains(k)) continue;
        std::optional<object_key> o = a_.owner(k);
        for (int depth = 0; o && depth < 4; ++depth) {
            if (auto it = drop_node_.find(*o); it != drop_node_.end()) {
                nodes_[it->second].drops.push_back(k);
                break;
            }
            o = a_.owner(*o);
        }
    }
}

void planner::note_possible_renames() {
    std::map<object_key, std::vector<std::string>> added;  // table -> new columns
    for (const auto& [k, f] : fates_)
        if (f == fate::create && k.kind == object_kind::column && existing(table_key(k)))
            added[table_key(k)].push_back(k.member);
    for (auto& n : nodes_) {
        const object_key& k = n.stmt.key;
        if (n.when != phase::drop || k.kind != object_kind::column || !fate_is(k, fate::drop)) continue;
        auto it = added.find(table_key(k));
        if (it == added.end()) continue;
        std::string names;
        for (const auto& c : it->second) names += (names.empty() ? "" : ", ") + quote_ident(c);
        n.stmt.comments.push_back(fmt::format(
            "column {} is dropped while {} is added to {}: if it was renamed, write `-- retort:rename column {}.{}.{} "
            "{}` in the declared schema and generate again, so that its data survives",
            quote_ident(k.member), names, qualified(k), quote_ident(k.schema), quote_ident(k.name),
            quote_ident(k.member), quote_ident(it->second.front())));
    }
    for (auto& n : nodes_) {
        const object_key& k = n.stmt.key;
        if (n.when != phase::drop || k.kind != object_kind::table || !fate_is(k, fate::drop)) continue;
        std::optional<object_key> created;  // the first new table of the schema, by name
        for (const auto& [other, f] : fates_) {
            if (f != fate::create || other.kind != object_kind::table || other.schema != k.schema) continue;
            if (!created || other < *created) created = other;
        }
        if (created)
            n.stmt.comments.push_back(fmt::format(
                "table {} is dropped while {} is created: if it was renamed, write `-- retort:rename table {} {}` in "
                "the declared schema and generate again, so that its rows survive",
                qualified(k), qualified(*created), qualified(k), quote_ident(created->name)));
    }
}

migration_plan planner::finish() {
    std::vector<std::vector<std::size_t>> successors;
    auto order = plan_graph::order(nodes_, da_, db_, successors, unsupported_);
    migration_plan plan;
    bool routines = std::any_of(nodes_.begin(), nodes_.end(), [](const node& n) {
        return n.stmt.key.kind == object_kind::function && n.when != phase::drop;
    });
    if (routines)
        plan.statements.push_back({"SET LOCAL check_function_bodies = false;",
                                   {},
                                   change_action::alter,
                                   {},
                                   {"function bodies are checked when they run, not when they are created, so that "
                                    "functions and the tables they use may come in any order (as in pg_dump)"}});
    std::set<std::size_t> moved;
    for (std::size_t i : order) {
        node& n = nodes_[i];
        if (n.stmt.key.kind != object_kind::index || n.when != phase::create) continue;
        const index_def& idx = *find(b_.indexes, n.stmt.key);
        object_key relation = b_.relation(idx.schema, idx.table);
        if (!existing(relation) || !options_.concurrent_indexes) continue;
        const table_def* t = find(b_.tables, relation);
        std::string needed_by;
        for (std::size_t s : successors[i])
            if (nodes_[s].stmt.key.kind != object_kind::comment) needed_by = describe(nodes_[s].stmt.key);
        if (t != nullptr && t->partitioned) {
            n.stmt.comments.push_back(
                "built without CONCURRENTLY: PostgreSQL cannot build an index on a partitioned "
                "table concurrently (build it on each partition, then attach)");
        } else if (!needed_by.empty()) {
            n.stmt.comments.push_back(
                fmt::format("built without CONCURRENTLY: {} needs it in the same transaction", needed_by));
        } else {
            moved.insert(i);
            for (std::size_t s : successors[i]) moved.insert(s);
            n.stmt.sql = ddl::concurrently(n.stmt.sql);
            std::erase_if(n.stmt.hazards, [](const hazard& h) { return h.kind == hazard_kind::blocks_writes; });
        }
    }
    // The nodes are not read again: their statements move.
    for (std::size_t i : order)
        (moved.contains(i) ? plan.concurrent : plan.statements).push_back(std::move(nodes_[i].stmt));
    std::sort(unsupported_.begin(), unsupported_.end());
    plan.unsupported = std::move(unsupported_);
    return plan;
}

migration_plan planner::run(const schema_diff& diff) {
    fates_.reserve(diff.changes.size());
    nodes_.reserve(diff.changes.size());  // about one statement per change: the nodes are not moved again
    for (const auto& c : diff.changes) decide(c);
    // A value added with ADD VALUE cannot be used in the transaction that adds it: when the change
    // also makes something that uses the type, the type is recreated instead.
    for (const auto& [k, f] : fates_) {
        if (k.kind != object_kind::enum_type || f != fate::alter || recreated_enums_.contains(k)) continue;
        for (const auto& c : diff.changes) {
            if (c.action == change_action::drop || c.key == k) continue;
            for (const object_key* r : db_.refs_of(c.key))
                if (*r == k) recreated_enums_.insert(k);
        }
    }
    find_enum_columns();
    force_dependents();
    for (const auto& e : emission_order(diff)) {
        const object_key& k = *e.key;
        bool elsewhere = dropped_elsewhere_.contains(k);
        switch (e.what) {
        case fate::create:
            if (!absorbed_create(k)) emit_create(k, std::nullopt);
            break;
        case fate::drop:
            if (!elsewhere && !implicit_drop(k)) emit_drop(k);
            break;
        case fate::alter: emit_alter(k); break;
        case fate::replace: {
            std::optional<std::size_t> dropped;
            if (!elsewhere && !implicit_drop(k)) dropped = emit_drop(k);
            if (!absorbed_create(k)) emit_create(k, dropped);
            break;
        }
        }
    }
    absorb_implicit_drops();
    note_possible_renames();
    return finish();
}

}  // namespace retort::schema::detail

namespace retort::schema {

const char* hazard_name(hazard_kind k) {
    switch (k) {
    case hazard_kind::data_loss: return "data loss";
    case hazard_kind::table_rewrite: return "table rewrite";
    case hazard_kind::access_exclusive_lock: return "ACCESS EXCLUSIVE lock";
    case hazard_kind::blocks_writes: return "blocks writes";
    case hazard_kind::full_scan: return "full scan";
    }
    return "hazard";
}

migration_plan plan_migration(const database_schema& from, const database_schema& to, const schema_diff& diff,
                              const plan_options& options) {
    return detail::planner(from, to, options).run(diff);
}

std::string render_statements(const std::vector<planned_statement>& statements) {
    std::string out;
    for (const auto& s : statements) {
        for (const auto& h : s.hazards) out += fmt::format("-- hazard ({}): {}\n", hazard_name(h.kind), h.message);
        for (const auto& c : s.comments) out += fmt::format("-- review: {}\n", c);
        out += s.sql + "\n\n";
    }
    if (!out.empty()) out.pop_back();
    return out;
}

}  // namespace retort::schema
