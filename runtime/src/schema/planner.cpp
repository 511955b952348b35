// The planner (see planner.hpp): decides for every changed object whether it is created, dropped,
// altered in place or replaced; replaces what depends on a replaced object; writes one node per
// statement; and orders the nodes through plan_graph.
#include "schema/planner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <set>

#include "schema/ddl.hpp"
#include "schema/planner_impl.hpp"

namespace retort::schema::detail {

// Deciding -----------------------------------------------------------------------------------------

void planner::decide(const change& c) {
    const object_key& k = c.key;
    if (c.action == change_action::create) {
        fates_[k] = fate::create;
        return;
    }
    if (c.action == change_action::drop) {
        fates_[k] = fate::drop;
        return;
    }
    fates_[k] = alter_fate(k);
}

fate planner::alter_fate(const object_key& k) {
    fate f = fate::alter;
    switch (k.kind) {
    case object_kind::enum_type:
        if (!ddl::add_enum_values(*find(a_.enums, k), *find(b_.enums, k))) recreated_enums_.insert(k);
        break;
    case object_kind::domain: {
        const auto *x = find(a_.domains, k), *y = find(b_.domains, k);
        if (x->base_type != y->base_type || x->collation != y->collation)
            unsupported_.push_back(
                fmt::format("{}: its type or collation changes ({} -> {}); no ALTER DOMAIN does "
                            "that: create a new domain and move the columns to it by hand",
                            describe(k), x->base_type, y->base_type));
        break;
    }
    case object_kind::composite_type:
        if (!ddl::alter_composite(*find(a_.composites, k), *find(b_.composites, k))) f = fate::replace;
        break;
    case object_kind::table: {
        const auto *x = find(a_.tables, k), *y = find(b_.tables, k);
        if (x->partitioned != y->partitioned || x->partition_key != y->partition_key) f = fate::replace;
        break;
    }
    case object_kind::column: {
        const auto &x = *a_.columns.at(k).column, &y = *b_.columns.at(k).column;
        if (x.generated != y.generated && y.generated)
            f = fate::replace;
        else if (x.type != y.type)
            type_changed_.insert(k);
        break;
    }
    case object_kind::constraint: {
        const auto &x = a_.constraints.at(k), &y = b_.constraints.at(k);
        if (!ddl::alter_constraint(*y.table, *x.constraint, *y.constraint)) f = fate::replace;
        break;
    }
    case object_kind::function: {
        const auto *x = find(a_.functions, k), *y = find(b_.functions, k);
        if (x->result != y->result || x->arguments != y->arguments || x->procedure != y->procedure) f = fate::replace;
        break;
    }
    case object_kind::trigger:
        if (find(a_.triggers, k)->definition != find(b_.triggers, k)->definition) f = fate::replace;
        break;
    case object_kind::index:
    case object_kind::view:
    case object_kind::materialized_view:
    case object_kind::policy:
    case object_kind::grant: f = fate::replace; break;
    default: break;
    }
    return f;
}

bool planner::gone(const object_key& k) const { return fate_is(k, fate::drop) || fate_is(k, fate::replace); }

bool planner::owned_by(const object_key& d, const object_key& x) const {
    std::optional<object_key> o = a_.owner(d);
    for (int depth = 0; o && depth < 4; ++depth) {
        if (*o == x) return true;
        o = a_.owner(*o);
    }
    return false;
}

void planner::find_enum_columns() {
    for (const auto& e : recreated_enums_) {
        for (const object_key* dp : da_.dependents_of(e)) {
            const object_key& d = *dp;
            if (d.kind != object_kind::column || gone(d) || !b_.has(d) || type_changed_.contains(d)) continue;
            enum_columns_[e].push_back(d);
        }
    }
}

reaction planner::react(const object_key& x, const object_key& d) const {
    if (owned_by(d, x)) {
        // A default is cast to the column's new type by ALTER TYPE, which fails where no cast is
        // automatic (text to an enum): it is dropped before the change and set again after it.
        if (d.kind == object_kind::column_default && x.kind == object_kind::column && type_changed_.contains(x))
            return reaction::replace;
        if (one_of(d.kind, {object_kind::column, object_kind::column_default, object_kind::sequence_owner,
                            object_kind::sequence}))
            return reaction::follow;
        return reaction::replace;
    }
    if (x.kind == object_kind::column && type_changed_.contains(x)) {
        if (one_of(d.kind,
                   {object_kind::view, object_kind::materialized_view, object_kind::trigger, object_kind::policy}))
            return reaction::replace;
        return d.kind == object_kind::column ? reaction::unsupported : reaction::ignore;
    }
    switch (d.kind) {
    case object_kind::view:
    case object_kind::materialized_view:
    case object_kind::trigger:
    case object_kind::policy:
    case object_kind::function:
    case object_kind::index:
    case object_kind::constraint:
    case object_kind::column_default:
    case object_kind::comment:
    case object_kind::grant: return reaction::replace;
    case object_kind::column: return recreated_enums_.contains(x) ? reaction::ignore : reaction::unsupported;
    case object_kind::domain:
    case object_kind::composite_type:
    case object_kind::table: return reaction::unsupported;
    default: return reaction::ignore;
    }
}

// Nodes of an unordered_map do not move: emission_order keeps pointers to the keys added here.
void planner::replace(const object_key& d) {
    auto [it, added] = fates_.try_emplace(d, fate::replace);
    if (added)
        forced_.push_back(&it->first);
    else
        it->second = fate::replace;
}

void planner::force_dependents() {
    std::deque<object_key> queue;
    for (const auto& [k, f] : fates_)
        if (f == fate::replace) queue.push_back(k);
    for (const auto& k : type_changed_) queue.push_back(k);
    for (const auto& k : recreated_enums_) queue.push_back(k);
    for (const auto& [e, columns] : enum_columns_) {
        for (const auto& c : columns) {
            type_changed_.insert(c);
            queue.push_back(c);
        }
    }
    std::set<object_key> seen(queue.begin(), queue.end());
    while (!queue.empty()) {
        object_key x = queue.front();
        queue.pop_front();
        for (const object_key* dp : da_.dependents_of(x)) {
            const object_key& d = *dp;
            if (gone(d) || !b_.has(d)) continue;
            switch (react(x, d)) {
            case reaction::replace: replace(d); break;
            case reaction::follow: break;
            case reaction::unsupported:
                unsupported_.push_back(
                    fmt::format("{} depends on {}, which is dropped and created again; move it "
                                "by hand",
                                describe(d), describe(x)));
                continue;
            case reaction::ignore: continue;
            }
            if (seen.insert(d).second) queue.push_back(d);
        }
    }
}

bool planner::implicit_drop(const object_key& k) const {
    // A foreign key between two tables that both go is dropped on its own first: otherwise each
    // table would wait for the other.
    if (k.kind == object_kind::constraint) {
        for (const object_key* rp : da_.refs_of(k)) {
            const object_key& r = *rp;
            if (r.kind != object_kind::column && r.kind != object_kind::constraint) continue;
            object_key other = table_key(r);
            if (other != table_key(k) && gone(other)) return false;
        }
    }
    std::optional<object_key> o = a_.owner(k);
    for (int depth = 0; o && depth < 4; ++depth) {
        if (gone(*o)) return true;
        o = a_.owner(*o);
    }
    return false;
}

// Columns and defaults of a table that CREATE TABLE makes; a new column's default that ADD COLUMN sets.
bool planner::absorbed_create(const object_key& k) const {
    if (k.kind == object_kind::column || k.kind == object_kind::column_default) {
        object_key table = table_key(k);
        if (fate_is(table, fate::create) || fate_is(table, fate::replace)) return true;
    }
    if (k.kind == object_kind::column_default) {
        object_key column{object_kind::column, k.schema, k.name, k.member};
        if (fate_is(column, fate::create) || fate_is(column, fate::replace)) return true;
    }
    return false;
}

}  // namespace retort::schema::detail
