// add-serial-column: a serial or identity column added to an existing table fills every row from a
// sequence, rewriting the table.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    rules::for_each_alter_table_cmd(s, [&](std::size_t i, const parsed_statement& st, const std::string& table,
                                           const json::value& cmd) {
        if (cmd["subtype"].str() != "AT_AddColumn" || s.is_new(table, i)) return;
        const auto& column = rules::as(cmd["def"], "ColumnDef");
        const auto base = tree::type_base(column["typeName"]);
        const bool serial = tree::is_serial_type(column["typeName"]);
        if (!serial && !rules::has_constraint(column, "CONSTR_IDENTITY")) return;
        out.report(
            st,
            fmt::format("ADD COLUMN {} {} on the existing table {} fills every existing row from a sequence, "
                        "rewriting the table under an ACCESS EXCLUSIVE lock; add a nullable bigint column, give "
                        "it a sequence default for new rows (SET DEFAULT nextval(...)), fill the existing rows in "
                        "batches, then make it NOT NULL (see set-not-null)",
                        column["colname"].str(), serial ? std::string(base) : "GENERATED ... AS IDENTITY", table),
            rules::location_of(column));
    });
}

}  // namespace

extern const rule add_serial_column_rule{{"add-serial-column", level::warning, "ACCESS EXCLUSIVE",
                                          "a serial or identity column added to an existing table rewrites it"},
                                         &check};

}  // namespace retort::sql
