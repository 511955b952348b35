// truncate: TRUNCATE deletes every row for good.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    for (std::size_t i = 0; i < s.statements.size(); ++i) {
        const auto& st = s.statements[i];
        if (st.kind() != "TruncateStmt") continue;
        std::string tables;
        for (const auto& rel : st.body()["relations"].items()) {
            const std::string table = tree::relation_key(rules::as(rel, "RangeVar"));
            if (s.is_new(table, i) || (s.is_downgrade() && s.created_by_upgrade(table))) continue;
            tables += (tables.empty() ? "" : ", ") + table;
        }
        if (tables.empty()) continue;
        const bool cascade = st.body()["behavior"].str() == "DROP_CASCADE";
        out.report(st,
                   fmt::format("TRUNCATE {} deletes every row for good under an ACCESS EXCLUSIVE lock{}; delete "
                               "what must go with DELETE (in batches), or accept this with -- retort:allow truncate "
                               "<reason>",
                               tables, cascade ? ", and CASCADE empties every table that references it too" : ""));
    }
}

}  // namespace

extern const rule truncate_rule{{"truncate", level::warning, "ACCESS EXCLUSIVE",
                                 "TRUNCATE deletes every row of a table for good"},
                                &check};

}  // namespace retort::sql
