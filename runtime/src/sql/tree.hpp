// Reading libpg_query's parse trees: a node is an object with one member named for its type
// ({"IndexStmt": {...}}); members at their default value (false, 0, empty) are left out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sql/json.hpp"

namespace retort::sql::tree {

using json::value;

// The node's type ("IndexStmt"); empty when `node` is not a node.
std::string_view kind(const value& node) noexcept;
// The node's fields; a null value when `node` is not a node.
const value& body(const value& node) noexcept;
// The fields of `node` when it is of type `type`; a null value otherwise.
const value& as(const value& node, std::string_view type) noexcept;

// The text of a String node ({"String": {"sval": "x"}}).
std::string_view string_of(const value& node) noexcept;
// The texts of a list of String nodes (a qualified name), e.g. ["public", "t"].
std::vector<std::string> names(const value& list);

// A relation's name as the linter keys it: `schema.name`, or `name` when unqualified or in `public`, so
// that `public.t` and `t` are one table (the default search_path).
std::string relation_key(std::string_view schema, std::string_view name);
// relation_key of a RangeVar's fields.
std::string relation_key(const value& range_var);
// relation_key of a qualified name as DropStmt and others write it (a List of String nodes).
std::string relation_key_of_names(const value& list);

// A type as written, normalized: the last name (PostgreSQL's internal name: int4, varchar, timestamptz),
// its modifiers and array brackets, e.g. "varchar(20)", "numeric(10,2)", "int4[]".
std::string type_text(const value& type_name);
// The internal name alone ("varchar"), lower-case as the parser gives it.
std::string_view type_base(const value& type_name) noexcept;
// Whether the TypeName is one of the serial pseudo-types (serial, bigserial, smallserial, serial2/4/8).
bool is_serial_type(const value& type_name) noexcept;
// Whether the TypeName has modifiers, e.g. the (20) of varchar(20).
bool has_type_modifiers(const value& type_name) noexcept;
// Whether the TypeName is an array type.
bool is_array_type(const value& type_name) noexcept;

// Whether a list of DefElem nodes (a statement's options: VACUUM's, REINDEX's, ...) holds `name`.
bool has_option(const value& list, std::string_view name) noexcept;

// Calls `visit(node)` for `v` and every node below it, depth first (objects and arrays alike).
template <class Visit>
void walk(const value& v, Visit&& visit) {
    if (v.is_object()) {
        visit(v);
        for (const auto& m : v.members()) walk(m.val, visit);
    } else if (v.is_array()) {
        for (const auto& item : v.items()) walk(item, visit);
    }
}

// The smallest "location" member in `v` or below (a byte offset into the parsed text); -1 when none.
long long first_location(const value& v);

}  // namespace retort::sql::tree
