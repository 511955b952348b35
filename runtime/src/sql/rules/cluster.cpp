// cluster: CLUSTER rewrites the table under ACCESS EXCLUSIVE.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    for (std::size_t i = 0; i < s.statements.size(); ++i) {
        const auto& st = s.statements[i];
        if (st.kind() != "ClusterStmt") continue;
        const auto& relation = st.body()["relation"];
        std::string target = "every table clustered before";
        if (!relation.is_null()) {
            target = tree::relation_key(relation);
            if (s.is_new(target, i)) continue;
        }
        out.report(st, fmt::format("CLUSTER rewrites {} in index order under an ACCESS EXCLUSIVE lock, blocking all "
                                   "reads and writes until the copy is done; reorder the table online with pg_repack "
                                   "(--order-by), outside the migrations",
                                   target));
    }
}

}  // namespace

extern const rule cluster_rule{{"cluster", level::warning, "ACCESS EXCLUSIVE",
                                "CLUSTER rewrites the table while blocking every read and write"},
                               &check};

}  // namespace retort::sql
