// prefer-bigint: integer keys run out at 2,147,483,647, and widening them later rewrites the table and
// every table that references it.
#include "sql/rules/rule.hpp"

#include <algorithm>

namespace retort::sql {

namespace {

// Whether the column is a key: serial or identity, primary key, or a foreign key, inline or in the
// table's constraints.
bool is_key(const rules::column_definition& c) {
    if (tree::is_serial_type(*c.type)) return true;
    for (const auto type : {"CONSTR_IDENTITY", "CONSTR_PRIMARY", "CONSTR_FOREIGN"})
        if (rules::has_constraint(*c.definition, type)) return true;
    if (!c.create) return false;
    for (const auto& element : (*c.create)["tableElts"].items()) {
        const auto& constraint = rules::as(element, "Constraint");
        const auto type = constraint["contype"].str();
        const auto& columns = type == "CONSTR_PRIMARY" ? constraint["keys"] : constraint["fk_attrs"];
        if (type != "CONSTR_PRIMARY" && type != "CONSTR_FOREIGN") continue;
        const auto names = tree::names(columns);
        if (std::find(names.begin(), names.end(), c.name) != names.end()) return true;
    }
    return false;
}

void check(const section_view& s, reporter& out) {
    rules::for_each_column_definition(s, [&](const rules::column_definition& c) {
        if (c.retyped) return;
        const auto base = tree::type_base(*c.type);
        const bool small = base == "int4" || base == "int2" || base == "serial" || base == "serial4" ||
                           base == "smallserial" || base == "serial2";
        if (!small || tree::is_array_type(*c.type) || !is_key(c)) return;
        out.report(
            *c.statement,
            fmt::format("key column {} of {} is {}: its values run out at {}, and widening it later rewrites the "
                        "table and every table that references it; use bigint (bigserial, or bigint GENERATED "
                        "... AS IDENTITY)",
                        c.name, c.table, base,
                        base == "int2" || base.ends_with("2") || base == "smallserial" ? "32,767" : "2,147,483,647"),
            rules::location_of(*c.type));
    });
}

}  // namespace

extern const rule prefer_bigint_rule{{"prefer-bigint", level::info, "",
                                      "an integer or smallint key column instead of bigint"},
                                     &check};

}  // namespace retort::sql
