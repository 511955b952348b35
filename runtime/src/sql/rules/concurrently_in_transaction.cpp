// concurrently-in-transaction: statements PostgreSQL refuses inside a transaction block (CONCURRENTLY
// variants, VACUUM, CREATE DATABASE, ...) in a transactional revision fail at deploy time, every time.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

// What the statement is when it cannot run in a transaction block; empty otherwise.
std::string refused_in_transaction(const parsed_statement& st) {
    const auto kind = st.kind();
    const auto& b = st.body();
    if (kind == "IndexStmt" && b["concurrent"].boolean()) return "CREATE INDEX CONCURRENTLY";
    if (kind == "DropStmt" && b["concurrent"].boolean()) return "DROP INDEX CONCURRENTLY";
    if (kind == "ReindexStmt" && tree::has_option(b["params"], "concurrently")) return "REINDEX CONCURRENTLY";
    if (kind == "VacuumStmt" && b["is_vacuumcmd"].boolean()) return "VACUUM";
    if (kind == "CreatedbStmt") return "CREATE DATABASE";
    if (kind == "DropdbStmt") return "DROP DATABASE";
    if (kind == "CreateTableSpaceStmt") return "CREATE TABLESPACE";
    if (kind == "DropTableSpaceStmt") return "DROP TABLESPACE";
    if (kind == "AlterSystemStmt") return "ALTER SYSTEM";
    if (kind == "CreateSubscriptionStmt") return "CREATE SUBSCRIPTION";
    if (kind == "AlterTableStmt") {
        for (const auto& item : b["cmds"].items()) {
            const auto& cmd = rules::as(item, "AlterTableCmd");
            if (cmd["subtype"].str() == "AT_DetachPartition" &&
                rules::as(cmd["def"], "PartitionCmd")["concurrent"].boolean())
                return "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY";
        }
    }
    return {};
}

void check(const section_view& s, reporter& out) {
    if (!s.transactional()) return;
    for (const auto& st : s.statements) {
        const std::string what = refused_in_transaction(st);
        if (what.empty()) continue;
        out.report(st, fmt::format("{} cannot run inside a transaction block, and a transactional revision runs all "
                                   "its statements in one: PostgreSQL refuses it at deploy time (25001); move it to a "
                                   "revision of its own with '-- Transactional: false'",
                                   what));
    }
}

}  // namespace

extern const rule concurrently_in_transaction_rule{
    {"concurrently-in-transaction", level::error, "",
     "a statement that cannot run in a transaction block (CONCURRENTLY, VACUUM, ...) in a transactional "
     "revision always fails"},
    &check};

}  // namespace retort::sql
