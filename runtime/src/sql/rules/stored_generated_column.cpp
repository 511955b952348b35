// stored-generated-column: a stored generated column added to an existing table rewrites it.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    rules::for_each_alter_table_cmd(s, [&](std::size_t i, const parsed_statement& st, const std::string& table,
                                           const json::value& cmd) {
        if (cmd["subtype"].str() != "AT_AddColumn" || s.is_new(table, i)) return;
        const auto& column = rules::as(cmd["def"], "ColumnDef");
        for (const auto* g : rules::column_constraints(column, "CONSTR_GENERATED")) {
            out.report(st,
                       fmt::format("ADD COLUMN {} GENERATED ALWAYS AS (...) STORED on the existing table {} computes "
                                   "and writes the value for every row, rewriting the table under an ACCESS EXCLUSIVE "
                                   "lock; add a plain nullable column, fill it in batches and keep it current with a "
                                   "trigger, or compute the value in a view or in queries",
                                   column["colname"].str(), table),
                       rules::location_of(*g));
        }
    });
}

}  // namespace

extern const rule stored_generated_column_rule{{"stored-generated-column", level::warning, "ACCESS EXCLUSIVE",
                                                "a stored generated column added to an existing table rewrites it"},
                                               &check};

}  // namespace retort::sql
