// Helpers over libpg_query's JSON parse trees.
#include "sql/tree.hpp"

#include <algorithm>

namespace retort::sql::tree {

std::string_view kind(const value& node) noexcept {
    auto m = node.members();
    return m.size() == 1 && m.front().val.is_object() ? std::string_view(m.front().key) : std::string_view();
}

const value& body(const value& node) noexcept {
    static const value none;
    auto m = node.members();
    return m.size() == 1 ? m.front().val : none;
}

const value& as(const value& node, std::string_view type) noexcept {
    static const value none;
    return kind(node) == type ? body(node) : none;
}

std::string_view string_of(const value& node) noexcept { return as(node, "String")["sval"].str(); }

std::vector<std::string> names(const value& list) {
    std::vector<std::string> out;
    for (const auto& item : list.items()) out.emplace_back(string_of(item));
    return out;
}

std::string relation_key(std::string_view schema, std::string_view name) {
    if (schema.empty() || schema == "public") return std::string(name);
    return std::string(schema) + "." + std::string(name);
}

std::string relation_key(const value& range_var) {
    return relation_key(range_var["schemaname"].str(), range_var["relname"].str());
}

std::string relation_key_of_names(const value& list) {
    auto parts = names(list);
    if (parts.empty()) return {};
    if (parts.size() == 1) return parts.front();
    // catalog.schema.name: the catalog is the current database, so it adds nothing.
    return relation_key(parts[parts.size() - 2], parts.back());
}

std::string_view type_base(const value& type_name) noexcept {
    auto items = type_name["names"].items();
    return items.empty() ? std::string_view() : string_of(items.back());
}

bool is_serial_type(const value& type_name) noexcept {
    const auto base = type_base(type_name);
    return base.starts_with("serial") || base == "bigserial" || base == "smallserial";
}

bool has_type_modifiers(const value& type_name) noexcept { return !type_name["typmods"].items().empty(); }

bool is_array_type(const value& type_name) noexcept { return !type_name["arrayBounds"].items().empty(); }

std::string type_text(const value& type_name) {
    std::string out(type_base(type_name));
    if (has_type_modifiers(type_name)) {
        out += '(';
        bool first = true;
        for (const auto& mod : type_name["typmods"].items()) {
            if (!first) out += ',';
            first = false;
            const auto& c = as(mod, "A_Const");
            out += c.contains("ival") ? std::to_string(c["ival"]["ival"].as_int()) : std::string("?");
        }
        out += ')';
    }
    for (std::size_t i = 0; i < type_name["arrayBounds"].items().size(); ++i) out += "[]";
    return out;
}

bool has_option(const value& list, std::string_view name) noexcept {
    for (const auto& item : list.items())
        if (as(item, "DefElem")["defname"].str() == name) return true;
    return false;
}

long long first_location(const value& v) {
    long long best = -1;
    walk(v, [&](const value& node) {
        const auto& loc = node["location"];
        if (loc.type() == value::kind::number && loc.as_int() >= 0 && (best < 0 || loc.as_int() < best))
            best = loc.as_int();
    });
    return best;
}

}  // namespace retort::sql::tree
