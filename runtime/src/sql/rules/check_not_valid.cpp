// check-not-valid: a CHECK constraint added to an existing table without NOT VALID scans it under
// ACCESS EXCLUSIVE.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    rules::for_each_alter_table_cmd(s, [&](std::size_t i, const parsed_statement& st, const std::string& table,
                                           const json::value& cmd) {
        if (s.is_new(table, i)) return;
        std::vector<const json::value*> checks;
        const auto subtype = cmd["subtype"].str();
        if (subtype == "AT_AddConstraint") {
            const auto& c = rules::as(cmd["def"], "Constraint");
            if (c["contype"].str() == "CONSTR_CHECK" && !c["skip_validation"].boolean()) checks.push_back(&c);
        } else if (subtype == "AT_AddColumn") {
            checks = rules::column_constraints(rules::as(cmd["def"], "ColumnDef"), "CONSTR_CHECK");
        }
        for (const auto* c : checks) {
            const std::string name =
                (*c)["conname"].str().empty() ? std::string("<name>") : std::string((*c)["conname"].str());
            out.report(st,
                       fmt::format("ADD CHECK on the existing table {} checks every row while holding an ACCESS "
                                   "EXCLUSIVE lock, blocking all reads and writes for the whole scan; add it with NOT "
                                   "VALID (new rows are checked at once), then run ALTER TABLE {} VALIDATE CONSTRAINT "
                                   "{} in a later revision (it takes only SHARE UPDATE EXCLUSIVE)",
                                   table, table, name),
                       rules::location_of(*c));
        }
    });
}

}  // namespace

extern const rule check_not_valid_rule{
    {"check-not-valid", level::warning, "ACCESS EXCLUSIVE",
     "a CHECK constraint added to an existing table without NOT VALID scans it while blocking reads and writes"},
    &check};

}  // namespace retort::sql
