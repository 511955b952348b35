// What the revisions before the one being linted created, walked in graph order: the graph knowledge
// behind "a table created by an earlier revision exists" and behind the old type of a retyped column.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "sql/changes.hpp"

namespace retort::sql {

class schema_model {
public:
    // Applies one change of an upgrade, in order.
    void apply(const schema_change& c);

    // Whether an earlier statement created the relation (and nothing dropped it since).
    bool has_relation(const std::string& key) const { return relations_.contains(key); }
    // The column's type as its table was created or last altered; nullptr when unknown.
    const std::string* column_type(const std::string& table, const std::string& column) const;
    // The table an index is on; nullptr when unknown.
    const std::string* table_of_index(const std::string& index) const;
    bool is_partitioned(const std::string& table) const;
    // Whether a function the revisions created is volatile (declared so, or by default); nullopt when no
    // revision created it.
    std::optional<bool> function_volatile(const std::string& name) const;

private:
    struct relation {
        std::unordered_map<std::string, std::string> columns;  // name -> type
        std::string table;                                     // an index's table
        bool partitioned = false;
    };
    std::unordered_map<std::string, relation> relations_;
    std::unordered_map<std::string, bool> functions_;  // name -> volatile
};

}  // namespace retort::sql
