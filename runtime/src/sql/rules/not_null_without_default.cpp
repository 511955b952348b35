// not-null-without-default: a NOT NULL column added to an existing table without a default fails on
// every table that has rows.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

bool fills_itself(const json::value& column) {
    return rules::has_constraint(column, "CONSTR_DEFAULT") || rules::has_constraint(column, "CONSTR_IDENTITY") ||
           rules::has_constraint(column, "CONSTR_GENERATED") || tree::is_serial_type(column["typeName"]);
}

void check(const section_view& s, reporter& out) {
    rules::for_each_alter_table_cmd(s, [&](std::size_t i, const parsed_statement& st, const std::string& table,
                                           const json::value& cmd) {
        if (cmd["subtype"].str() != "AT_AddColumn" || s.is_new(table, i)) return;
        const auto& column = rules::as(cmd["def"], "ColumnDef");
        const bool not_null = column["is_not_null"].boolean() || rules::has_constraint(column, "CONSTR_NOTNULL") ||
                              rules::has_constraint(column, "CONSTR_PRIMARY");
        if (!not_null || fills_itself(column)) return;
        out.report(st,
                   fmt::format("ADD COLUMN {} NOT NULL without a DEFAULT on the existing table {} fails as soon as the "
                               "table has a row (23502: column contains null values); give it a DEFAULT (a constant "
                               "default is instant since PostgreSQL 11), or add it nullable, fill it, and set NOT NULL "
                               "later (see set-not-null)",
                               column["colname"].str(), table),
                   rules::location_of(column));
    });
}

}  // namespace

extern const rule not_null_without_default_rule{
    {"not-null-without-default", level::warning, "ACCESS EXCLUSIVE",
     "a NOT NULL column without a default added to an existing table fails once the table has rows"},
    &check};

}  // namespace retort::sql
