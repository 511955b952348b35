// reindex-not-concurrent: REINDEX without CONCURRENTLY blocks writes to the table and reads through the
// rebuilt indexes.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    for (std::size_t i = 0; i < s.statements.size(); ++i) {
        const auto& st = s.statements[i];
        if (st.kind() != "ReindexStmt") continue;
        if (tree::has_option(st.body()["params"], "concurrently")) continue;
        const auto& relation = st.body()["relation"];
        std::string target;
        if (!relation.is_null()) {
            target = tree::relation_key(relation);
            if (s.is_new(target, i)) continue;
        } else {
            target = fmt::format("every table of {}", st.body()["name"].str().empty() ? std::string_view("the database")
                                                                                      : st.body()["name"].str());
        }
        out.report(st,
                   fmt::format("REINDEX of {} without CONCURRENTLY holds a SHARE lock on each table (blocking "
                               "writes) and ACCESS EXCLUSIVE on each index it rebuilds (blocking the reads that use "
                               "it) until it is done; use REINDEX ... CONCURRENTLY {}",
                               target, rules::own_revision_advice(s)));
    }
}

}  // namespace

extern const rule reindex_not_concurrent_rule{
    {"reindex-not-concurrent", level::warning, "SHARE, and ACCESS EXCLUSIVE on the indexes",
     "REINDEX without CONCURRENTLY blocks writes to the table and reads through its indexes"},
    &check};

}  // namespace retort::sql
