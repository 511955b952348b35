// unique-without-using-index: ADD UNIQUE or ADD PRIMARY KEY on an existing table builds the index under
// ACCESS EXCLUSIVE; an index built CONCURRENTLY first and attached with USING INDEX does not block.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void report(const section_view& s, const parsed_statement& st, const std::string& table, const json::value& c,
            reporter& out) {
    const bool primary = c["contype"].str() == "CONSTR_PRIMARY";
    const std::string keys = rules::joined_names(c["keys"]);
    out.report(
        st,
        fmt::format("ADD {0}{1} on the existing table {2} builds its index while holding an ACCESS EXCLUSIVE "
                    "lock, blocking all reads and writes for the whole build; first CREATE UNIQUE INDEX "
                    "CONCURRENTLY <index> ON {2} ({3}) {4}, then ALTER TABLE {2} ADD CONSTRAINT <name> {0} USING "
                    "INDEX <index>{5}",
                    primary ? "PRIMARY KEY" : "UNIQUE", keys.empty() ? "" : " (" + keys + ")", table,
                    keys.empty() ? "..." : keys, rules::own_revision_advice(s),
                    primary ? " (the key columns must already be NOT NULL, see set-not-null)" : ""),
        rules::location_of(c));
}

void check(const section_view& s, reporter& out) {
    rules::for_each_alter_table_cmd(s, [&](std::size_t i, const parsed_statement& st, const std::string& table,
                                           const json::value& cmd) {
        if (s.is_new(table, i)) return;
        const auto subtype = cmd["subtype"].str();
        if (subtype == "AT_AddConstraint") {
            const auto& c = rules::as(cmd["def"], "Constraint");
            const auto type = c["contype"].str();
            if ((type == "CONSTR_UNIQUE" || type == "CONSTR_PRIMARY") && c["indexname"].str().empty())
                report(s, st, table, c, out);
        } else if (subtype == "AT_AddColumn") {
            const auto& column = rules::as(cmd["def"], "ColumnDef");
            for (const auto type : {"CONSTR_UNIQUE", "CONSTR_PRIMARY"})
                for (const auto* c : rules::column_constraints(column, type)) report(s, st, table, *c, out);
        }
    });
}

}  // namespace

extern const rule unique_without_using_index_rule{
    {"unique-without-using-index", level::warning, "ACCESS EXCLUSIVE",
     "ADD UNIQUE or PRIMARY KEY on an existing table builds the index while blocking reads and writes"},
    &check};

}  // namespace retort::sql
