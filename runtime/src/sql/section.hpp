// One section (upgrade or downgrade) of a revision as the rules see it: its parsed statements in order,
// what each one locks, and the graph knowledge of which relations are new at each statement.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "retort/revision.hpp"
#include "sql/changes.hpp"
#include "sql/json.hpp"
#include "sql/locks.hpp"
#include "sql/schema_model.hpp"

namespace retort::sql {

enum class section_kind : std::uint8_t { upgrade, downgrade };

// A statement of the section with what the linter worked out about it. A statement the parser did not read
// (opted out, or a syntax error) has no tree, only the changes its first words show (changes_of_text).
struct parsed_statement {
    std::size_t index = 0;  // among the section's statements (as retort's splitter numbers them)
    const statement* source = nullptr;
    json::value tree;  // the statement node, e.g. {"IndexStmt": {...}}; null when not parsed
    bool parsed = false;
    std::vector<schema_change> changes;
    std::vector<lock_use> locks;     // every relation it locks, new ones included
    std::vector<std::string> named;  // every relation it names
    bool works_on_rows = false;
    // Known before this statement ran, from the earlier revisions and the statements above it:
    std::unordered_map<std::string, std::string> column_types;  // "table.column" -> type, for retyped columns
    std::unordered_map<std::string, std::string> index_tables;  // index -> table, for dropped indexes
    std::set<std::string> partitioned;                          // partitioned tables among `locks`
    std::unordered_map<std::string, bool> functions;            // function -> volatile, for the ones it calls
                                                                //   that earlier revisions created

    std::string_view kind() const noexcept;
    const json::value& body() const noexcept;
    std::uint32_t line() const noexcept { return source->line; }
    std::string_view sql() const noexcept { return source->sql; }
};

// The section and its statements. "New" means created earlier in the same section (a table created by an
// earlier revision, or not by any revision, exists); in a downgrade, the relations and columns the same
// revision's upgrade created are known too, so that undoing them is not taken for data loss.
class section_view {
public:
    const revision& rev;
    section_kind kind;
    std::vector<parsed_statement> statements;

    section_view(const revision& r, section_kind k) : rev(r), kind(k) {}

    bool transactional() const noexcept { return rev.transactional; }
    bool is_downgrade() const noexcept { return kind == section_kind::downgrade; }

    // Whether `relation` was created by a statement before `at` (a position in `statements`) and still
    // exists under that name there.
    bool is_new(const std::string& relation, std::size_t at) const;
    // Whether the column was added by a statement before `at`, or its table is new there.
    bool is_new_column(const std::string& table, const std::string& column, std::size_t at) const;
    // Downgrade only: whether this revision's upgrade created the relation, or added the column.
    bool created_by_upgrade(const std::string& relation) const { return upgrade_relations_.contains(relation); }
    bool added_by_upgrade(const std::string& table, const std::string& column) const;
    // Downgrade only: whether this revision's upgrade renamed `to_name` into `from_name` (so renaming it
    // back undoes the upgrade).
    bool renamed_by_upgrade(const std::string& from_name, const std::string& to_name) const;

    // Fills the timelines from the statements' changes. `before` holds what existed when the section
    // starts (so CREATE ... IF NOT EXISTS of an existing relation creates nothing); for a downgrade,
    // `upgrade` is the same revision's upgrade, already indexed.
    void index_changes(const schema_model& before, const section_view* upgrade);

private:
    // key -> [first, last] positions of the statements for which it is new
    using timeline = std::unordered_map<std::string, std::vector<std::pair<std::size_t, std::size_t>>>;
    static bool within(const timeline& t, const std::string& key, std::size_t at);

    timeline relations_;
    timeline columns_;
    std::set<std::string> upgrade_relations_;
    std::set<std::string> upgrade_columns_;
    std::set<std::pair<std::string, std::string>> upgrade_renames_;  // (old, new) relation and column names
};

}  // namespace retort::sql
