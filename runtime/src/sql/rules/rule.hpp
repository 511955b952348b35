// How a lint rule is written: one file per rule (rules/<id>.cpp) defining a `rule` with its id, default
// severity, the lock the flagged statement takes, a summary, and a check over a whole section. Checks see
// every parsed statement of the section in order, with the graph knowledge of section_view, and report
// findings whose message says what happens, under which lock, and the safe way to do it.
#pragma once

#include <fmt/format.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sql/rules.hpp"
#include "sql/section.hpp"
#include "sql/tree.hpp"

namespace retort::sql {

// A finding before suppression and severity settings apply.
struct raw_finding {
    std::size_t statement = 0;  // the statement's index among the section's statements
    long long location = -1;    // a byte offset into the statement's text (a tree "location"); -1: its start
    std::string message;
};

class reporter {
public:
    // Reports a finding about `st`, at `location` (a byte offset into its text) when known.
    void report(const parsed_statement& st, std::string message, long long location = -1) {
        items_.push_back({st.index, location, std::move(message)});
    }
    const std::vector<raw_finding>& items() const noexcept { return items_; }

private:
    std::vector<raw_finding> items_;
};

struct rule {
    rule_info info;
    void (*check)(const section_view& section, reporter& out);  // nullptr: reported by the engine itself
};

// Every rule, in docs/lint.md's order.
std::span<const rule* const> all_rules() noexcept;

// Rules the engine reports itself.
inline constexpr std::string_view unused_allow_rule = "unused-allow";
inline constexpr std::string_view not_parsed_rule = "not-parsed";

namespace rules {

using tree::as;

// Calls visit(statement position, statement, table, subcommand fields) for each ALTER TABLE subcommand.
template <class Visit>
void for_each_alter_table_cmd(const section_view& s, Visit&& visit) {
    for (std::size_t i = 0; i < s.statements.size(); ++i) {
        const auto& st = s.statements[i];
        if (st.kind() != "AlterTableStmt") continue;
        const std::string table = tree::relation_key(st.body()["relation"]);
        for (const auto& item : st.body()["cmds"].items()) visit(i, st, table, as(item, "AlterTableCmd"));
    }
}

// A column whose type a statement writes: in CREATE TABLE, ADD COLUMN or ALTER COLUMN ... TYPE.
struct column_definition {
    const parsed_statement* statement = nullptr;
    std::string table;
    std::string_view name;
    const json::value* type = nullptr;        // the TypeName's fields
    const json::value* definition = nullptr;  // the ColumnDef's fields
    const json::value* create = nullptr;      // CREATE TABLE: the statement's fields (table constraints)
    bool retyped = false;                     // ALTER COLUMN ... TYPE
};

// Calls visit(column_definition) for every column the section defines or retypes.
template <class Visit>
void for_each_column_definition(const section_view& s, Visit&& visit) {
    for (const auto& st : s.statements) {
        if (st.kind() == "CreateStmt") {
            const std::string table = tree::relation_key(st.body()["relation"]);
            for (const auto& element : st.body()["tableElts"].items()) {
                const auto& def = as(element, "ColumnDef");
                if (!def.is_null())
                    visit(
                        column_definition{&st, table, def["colname"].str(), &def["typeName"], &def, &st.body(), false});
            }
        } else if (st.kind() == "AlterTableStmt") {
            const std::string table = tree::relation_key(st.body()["relation"]);
            for (const auto& item : st.body()["cmds"].items()) {
                const auto& cmd = as(item, "AlterTableCmd");
                const auto subtype = cmd["subtype"].str();
                const auto& def = as(cmd["def"], "ColumnDef");
                if (subtype == "AT_AddColumn")
                    visit(column_definition{&st, table, def["colname"].str(), &def["typeName"], &def, nullptr, false});
                else if (subtype == "AT_AlterColumnType")
                    visit(column_definition{&st, table, cmd["name"].str(), &def["typeName"], &def, nullptr, true});
            }
        }
    }
}

// The constraints of a column definition of `type` ("CONSTR_DEFAULT", ...), in order.
inline std::vector<const json::value*> column_constraints(const json::value& column_def, std::string_view type) {
    std::vector<const json::value*> out;
    for (const auto& c : column_def["constraints"].items())
        if (as(c, "Constraint")["contype"].str() == type) out.push_back(&as(c, "Constraint"));
    return out;
}

inline bool has_constraint(const json::value& column_def, std::string_view type) {
    return !column_constraints(column_def, type).empty();
}

// The `location` of a node's fields, or -1.
inline long long location_of(const json::value& fields) {
    const auto& loc = fields["location"];
    return loc.type() == json::value::kind::number ? loc.as_int() : -1;
}

// The advice for a statement that must run outside a transaction block: what to do in this revision.
inline std::string_view own_revision_advice(const section_view& s) {
    return s.transactional() ? "in a revision of its own with '-- Transactional: false'"
                             : "(this revision already has '-- Transactional: false')";
}

// "a, b" of a list of String nodes.
inline std::string joined_names(const json::value& list) {
    std::string out;
    for (const auto& n : tree::names(list)) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace rules

}  // namespace retort::sql
