// rename-column: renaming a column breaks every running client that uses the old name.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    for (std::size_t i = 0; i < s.statements.size(); ++i) {
        const auto& st = s.statements[i];
        if (st.kind() != "RenameStmt" || st.body()["renameType"].str() != "OBJECT_COLUMN") continue;
        const std::string table = tree::relation_key(st.body()["relation"]);
        const std::string from(st.body()["subname"].str());
        const std::string to(st.body()["newname"].str());
        if (s.is_new_column(table, from, i) || (s.is_downgrade() && s.renamed_by_upgrade(from, to))) continue;
        out.report(st,
                   fmt::format("renaming column {} of {} to {} breaks every running client that still uses the old "
                               "name (42703); add the new column, write both, fill it, move readers over, then drop "
                               "the old one, or first release code that works with either name",
                               from, table, to));
    }
}

}  // namespace

extern const rule rename_column_rule{{"rename-column", level::warning, "ACCESS EXCLUSIVE",
                                      "renaming a column breaks every running client that uses the old name"},
                                     &check};

}  // namespace retort::sql
