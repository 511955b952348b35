// set-not-null: SET NOT NULL on an existing table scans it under ACCESS EXCLUSIVE.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    rules::for_each_alter_table_cmd(s, [&](std::size_t i, const parsed_statement& st, const std::string& table,
                                           const json::value& cmd) {
        if (cmd["subtype"].str() != "AT_SetNotNull" || s.is_new(table, i)) return;
        const auto column = cmd["name"].str();
        out.report(st,
                   fmt::format("ALTER COLUMN {0} SET NOT NULL on the existing table {1} checks every row while "
                               "holding an ACCESS EXCLUSIVE lock, blocking all reads and writes for the whole scan; "
                               "instead add CHECK ({0} IS NOT NULL) NOT VALID, VALIDATE it in a later revision, then "
                               "SET NOT NULL (PostgreSQL 12 and later take the valid check as proof and skip the "
                               "scan) and drop the check",
                               column, table));
    });
}

}  // namespace

extern const rule set_not_null_rule{{"set-not-null", level::warning, "ACCESS EXCLUSIVE",
                                     "SET NOT NULL on an existing table scans it while blocking reads and writes"},
                                    &check};

}  // namespace retort::sql
