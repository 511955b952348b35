// transaction-control: BEGIN, COMMIT or ROLLBACK inside a transactional revision breaks the transaction
// retort wraps around the revision and its bookkeeping.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    if (!s.transactional()) return;
    for (const auto& st : s.statements) {
        if (st.kind() != "TransactionStmt") continue;
        const auto kind = st.body()["kind"].str();
        std::string_view what;
        if (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START")
            what = "BEGIN";
        else if (kind == "TRANS_STMT_COMMIT")
            what = "COMMIT";
        else if (kind == "TRANS_STMT_ROLLBACK")
            what = "ROLLBACK";
        else if (kind == "TRANS_STMT_PREPARE")
            what = "PREPARE TRANSACTION";
        else
            continue;  // SAVEPOINT, RELEASE, ROLLBACK TO work inside retort's transaction
        out.report(st, fmt::format("{} inside a transactional revision ends or disturbs the transaction retort runs "
                                   "the revision and its bookkeeping in: a failure after it leaves the revision "
                                   "half-applied and unrecorded; remove it (retort runs each revision in a "
                                   "transaction of its own), or make the revision '-- Transactional: false'",
                                   what));
    }
}

}  // namespace

extern const rule transaction_control_rule{
    {"transaction-control", level::error, "",
     "BEGIN, COMMIT or ROLLBACK in a transactional revision breaks its all-or-nothing guarantee"},
    &check};

}  // namespace retort::sql
