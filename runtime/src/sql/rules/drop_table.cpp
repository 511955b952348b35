// drop-table: DROP TABLE deletes the table and its rows for good.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    for (std::size_t i = 0; i < s.statements.size(); ++i) {
        const auto& st = s.statements[i];
        if (st.kind() != "DropStmt" || st.body()["removeType"].str() != "OBJECT_TABLE") continue;
        for (const auto& object : st.body()["objects"].items()) {
            const std::string table = tree::relation_key_of_names(rules::as(object, "List")["items"]);
            // A downgrade that drops what its own upgrade created undoes the revision: that is its purpose.
            if (s.is_new(table, i) || (s.is_downgrade() && s.created_by_upgrade(table))) continue;
            out.report(st, fmt::format("DROP TABLE {} deletes the table and every row in it for good, and running "
                                       "code that still uses it fails (42P01); stop using it in a release first, keep "
                                       "a copy of the data if it may be needed (or rename the table away and drop it "
                                       "later), then accept this with -- retort:allow drop-table <reason>",
                                       table));
        }
    }
}

}  // namespace

extern const rule drop_table_rule{{"drop-table", level::warning, "ACCESS EXCLUSIVE",
                                   "DROP TABLE deletes a table and its data for good"},
                                  &check};

}  // namespace retort::sql
