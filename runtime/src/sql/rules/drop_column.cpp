// drop-column: DROP COLUMN deletes the column's data for good and breaks clients that still use it.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    rules::for_each_alter_table_cmd(s, [&](std::size_t i, const parsed_statement& st, const std::string& table,
                                           const json::value& cmd) {
        if (cmd["subtype"].str() != "AT_DropColumn") return;
        const std::string column(cmd["name"].str());
        if (s.is_new_column(table, column, i) || (s.is_downgrade() && s.added_by_upgrade(table, column))) return;
        out.report(st, fmt::format("DROP COLUMN {} of {} deletes its data for good, and running code that still reads "
                                   "or writes it fails (42703); stop using the column in a release first, then drop it "
                                   "in a later revision and accept this with -- retort:allow drop-column <reason>",
                                   column, table));
    });
}

}  // namespace

extern const rule drop_column_rule{{"drop-column", level::warning, "ACCESS EXCLUSIVE",
                                    "DROP COLUMN deletes data for good and breaks clients that still use the column"},
                                   &check};

}  // namespace retort::sql
