// vacuum-full: VACUUM FULL rewrites the table under ACCESS EXCLUSIVE.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    for (std::size_t i = 0; i < s.statements.size(); ++i) {
        const auto& st = s.statements[i];
        if (st.kind() != "VacuumStmt") continue;
        if (!tree::has_option(st.body()["options"], "full")) continue;
        std::string tables;
        for (const auto& rel : st.body()["rels"].items()) {
            const std::string key = tree::relation_key(rules::as(rel, "VacuumRelation")["relation"]);
            if (!s.is_new(key, i)) tables += (tables.empty() ? "" : ", ") + key;
        }
        if (tables.empty() && !st.body()["rels"].items().empty()) continue;
        out.report(st, fmt::format("VACUUM FULL rewrites {} under an ACCESS EXCLUSIVE lock, blocking all reads and "
                                   "writes until the copy is done; use plain VACUUM (it runs beside traffic and makes "
                                   "the space reusable), or pg_repack to give space back to the system online",
                                   tables.empty() ? std::string("every table of the database") : tables));
    }
}

}  // namespace

extern const rule vacuum_full_rule{{"vacuum-full", level::warning, "ACCESS EXCLUSIVE",
                                    "VACUUM FULL rewrites the table while blocking every read and write"},
                                   &check};

}  // namespace retort::sql
