// rename-table: renaming a table (or view) breaks every running client that uses the old name.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    for (std::size_t i = 0; i < s.statements.size(); ++i) {
        const auto& st = s.statements[i];
        const auto type = st.body()["renameType"].str();
        if (st.kind() != "RenameStmt" || (type != "OBJECT_TABLE" && type != "OBJECT_VIEW" && type != "OBJECT_MATVIEW"))
            continue;
        const std::string from = tree::relation_key(st.body()["relation"]);
        const std::string to =
            tree::relation_key(st.body()["relation"]["schemaname"].str(), st.body()["newname"].str());
        if (s.is_new(from, i) || (s.is_downgrade() && s.renamed_by_upgrade(from, to))) continue;
        out.report(st, fmt::format("renaming {} to {} breaks every running client that still uses the old name (its "
                                   "queries fail at once with 42P01); rename in steps that old and new code both "
                                   "survive, for example rename and leave a view under the old name (CREATE VIEW {} AS "
                                   "SELECT * FROM {}) until every client uses the new one",
                                   from, to, from, to));
    }
}

}  // namespace

extern const rule rename_table_rule{{"rename-table", level::warning, "ACCESS EXCLUSIVE",
                                     "renaming a table breaks every running client that uses the old name"},
                                    &check};

}  // namespace retort::sql
