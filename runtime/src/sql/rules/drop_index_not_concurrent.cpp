// drop-index-not-concurrent: DROP INDEX without CONCURRENTLY locks its table against reads and writes.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    for (std::size_t i = 0; i < s.statements.size(); ++i) {
        const auto& st = s.statements[i];
        if (st.kind() != "DropStmt" || st.body()["removeType"].str() != "OBJECT_INDEX" ||
            st.body()["concurrent"].boolean())
            continue;
        for (const auto& object : st.body()["objects"].items()) {
            const std::string index = tree::relation_key_of_names(rules::as(object, "List")["items"]);
            if (s.is_new(index, i)) continue;
            auto table = st.index_tables.find(index);
            out.report(st,
                       fmt::format("DROP INDEX {} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on {}, "
                                   "which waits for every running query on it and blocks all reads and writes "
                                   "meanwhile; use DROP INDEX CONCURRENTLY (one index per statement) {}",
                                   index, table == st.index_tables.end() ? "its table" : "the table " + table->second,
                                   rules::own_revision_advice(s)));
        }
    }
}

}  // namespace

extern const rule drop_index_not_concurrent_rule{
    {"drop-index-not-concurrent", level::warning, "ACCESS EXCLUSIVE",
     "DROP INDEX without CONCURRENTLY locks the index's table against reads and writes"},
    &check};

}  // namespace retort::sql
