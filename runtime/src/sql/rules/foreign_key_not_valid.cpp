// foreign-key-not-valid: a foreign key added to an existing table without NOT VALID checks every row
// while blocking writes to both tables.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

std::string message(const std::string& table, const json::value& fk, std::string_view how) {
    const std::string referenced = tree::relation_key(fk["pktable"]);
    const std::string name = fk["conname"].str().empty() ? std::string("<name>") : std::string(fk["conname"].str());
    return fmt::format(
        "{} on the existing table {} checks every row while holding SHARE ROW EXCLUSIVE locks on {} "
        "and {}, blocking writes to both for the whole scan; add the constraint with NOT VALID (new "
        "rows are checked at once), then run ALTER TABLE {} VALIDATE CONSTRAINT {} in a later "
        "revision (it takes only SHARE UPDATE EXCLUSIVE)",
        how, table, table, referenced, table, name);
}

void check(const section_view& s, reporter& out) {
    rules::for_each_alter_table_cmd(s, [&](std::size_t i, const parsed_statement& st, const std::string& table,
                                           const json::value& cmd) {
        if (s.is_new(table, i)) return;
        const auto subtype = cmd["subtype"].str();
        if (subtype == "AT_AddConstraint") {
            const auto& c = rules::as(cmd["def"], "Constraint");
            if (c["contype"].str() == "CONSTR_FOREIGN" && !c["skip_validation"].boolean())
                out.report(st, message(table, c, "ADD FOREIGN KEY"), rules::location_of(c));
        } else if (subtype == "AT_AddColumn") {
            const auto& column = rules::as(cmd["def"], "ColumnDef");
            for (const auto* c : rules::column_constraints(column, "CONSTR_FOREIGN"))
                out.report(st,
                           message(table, *c, fmt::format("ADD COLUMN {} ... REFERENCES", column["colname"].str())) +
                               " (add the column first, then the constraint)",
                           rules::location_of(*c));
        }
    });
}

}  // namespace

extern const rule foreign_key_not_valid_rule{
    {"foreign-key-not-valid", level::warning, "SHARE ROW EXCLUSIVE",
     "a foreign key added to an existing table without NOT VALID scans it while blocking writes to both tables"},
    &check};

}  // namespace retort::sql
