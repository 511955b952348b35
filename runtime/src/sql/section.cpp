// The "is it new here?" timelines of a section, built from its statements' schema changes.
#include "sql/section.hpp"

#include <limits>

#include "sql/tree.hpp"

namespace retort::sql {

namespace {

constexpr std::size_t open_end = std::numeric_limits<std::size_t>::max();

std::string column_key(const std::string& table, const std::string& column) { return table + "." + column; }

}  // namespace

std::string_view parsed_statement::kind() const noexcept { return tree::kind(tree); }

const json::value& parsed_statement::body() const noexcept { return tree::body(tree); }

bool section_view::within(const timeline& t, const std::string& key, std::size_t at) {
    auto it = t.find(key);
    if (it == t.end()) return false;
    for (const auto& [first, last] : it->second)
        if (first <= at && at <= last) return true;
    return false;
}

bool section_view::is_new(const std::string& relation, std::size_t at) const {
    return within(relations_, relation, at);
}

bool section_view::is_new_column(const std::string& table, const std::string& column, std::size_t at) const {
    return is_new(table, at) || within(columns_, column_key(table, column), at);
}

bool section_view::added_by_upgrade(const std::string& table, const std::string& column) const {
    return upgrade_relations_.contains(table) || upgrade_columns_.contains(column_key(table, column));
}

bool section_view::renamed_by_upgrade(const std::string& from_name, const std::string& to_name) const {
    return upgrade_renames_.contains({to_name, from_name});
}

void section_view::index_changes(const schema_model& before, const section_view* upgrade) {
    using k = schema_change::kind;
    // An interval opens after the creating statement and closes at the statement that drops or renames
    // the relation (that statement still sees it as new).
    auto open = [](timeline& t, const std::string& key, std::size_t from) { t[key].push_back({from, open_end}); };
    auto close = [](timeline& t, const std::string& key, std::size_t at) {
        auto it = t.find(key);
        if (it != t.end() && !it->second.empty() && it->second.back().second == open_end) it->second.back().second = at;
    };
    std::set<std::string> gone;  // relations of `before` dropped or renamed away in this section
    for (std::size_t i = 0; i < statements.size(); ++i) {
        for (const auto& c : statements[i].changes) {
            switch (c.what) {
            case k::create_relation: {
                // IF NOT EXISTS (or OR REPLACE) of something that already exists creates nothing.
                const bool exists =
                    is_new(c.relation, i) || (before.has_relation(c.relation) && !gone.contains(c.relation));
                if (!(c.if_not_exists && exists)) open(relations_, c.relation, i + 1);
                break;
            }
            case k::drop_relation:
                close(relations_, c.relation, i);
                gone.insert(c.relation);
                break;
            case k::rename_relation:
                if (is_new(c.relation, i)) open(relations_, c.new_name, i + 1);
                close(relations_, c.relation, i);
                gone.insert(c.relation);
                break;
            case k::add_column:
                if (!c.if_not_exists) open(columns_, column_key(c.relation, c.name), i + 1);
                break;
            case k::drop_column: close(columns_, column_key(c.relation, c.name), i); break;
            case k::rename_column:
                if (within(columns_, column_key(c.relation, c.name), i))
                    open(columns_, column_key(c.relation, c.new_name), i + 1);
                close(columns_, column_key(c.relation, c.name), i);
                break;
            case k::set_column_type:
            case k::create_function:
            case k::drop_function: break;
            }
        }
    }
    if (!upgrade) return;
    const std::size_t end = upgrade->statements.size();
    for (const auto& [key, spans] : upgrade->relations_)
        if (upgrade->is_new(key, end)) upgrade_relations_.insert(key);
    for (const auto& [key, spans] : upgrade->columns_)
        if (within(upgrade->columns_, key, end)) upgrade_columns_.insert(key);
    for (const auto& st : upgrade->statements)
        for (const auto& c : st.changes) {
            if (c.what == k::rename_relation) upgrade_renames_.insert({c.relation, c.new_name});
            if (c.what == k::rename_column) upgrade_renames_.insert({c.name, c.new_name});
        }
}

}  // namespace retort::sql
