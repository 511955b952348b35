// index-not-concurrent: CREATE INDEX without CONCURRENTLY on a table that exists blocks its writes.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    for (std::size_t i = 0; i < s.statements.size(); ++i) {
        const auto& st = s.statements[i];
        if (st.kind() != "IndexStmt" || st.body()["concurrent"].boolean()) continue;
        const std::string table = tree::relation_key(st.body()["relation"]);
        if (s.is_new(table, i)) continue;
        std::string message = fmt::format(
            "CREATE INDEX on the existing table {} without CONCURRENTLY takes a SHARE lock that blocks every "
            "INSERT, UPDATE and DELETE on it until the index is built",
            table);
        if (st.partitioned.contains(table)) {
            message += fmt::format(
                "; {0} is partitioned, which CONCURRENTLY does not support: create the index CONCURRENTLY on each "
                "partition, then CREATE INDEX ... ON ONLY {0} and ALTER INDEX ... ATTACH PARTITION each one",
                table);
        } else {
            message += fmt::format("; use CREATE INDEX CONCURRENTLY {}", rules::own_revision_advice(s));
        }
        out.report(st, std::move(message));
    }
}

}  // namespace

extern const rule index_not_concurrent_rule{
    {"index-not-concurrent", level::warning, "SHARE",
     "CREATE INDEX without CONCURRENTLY on an existing table blocks its writes for the whole build"},
    &check};

}  // namespace retort::sql
