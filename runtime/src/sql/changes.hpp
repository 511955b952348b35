// What a statement does to the schema, as far as the linter follows it: relations (tables, views,
// indexes, sequences) created, dropped and renamed; columns added, dropped, renamed and retyped. One
// reading of the parse tree serves both the graph's model and the section's "is it new?" timeline.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sql/json.hpp"

namespace retort::sql {

struct schema_change {
    enum class kind : std::uint8_t {
        create_relation,  // relation; table: the table an index is on; partitioned; if_not_exists
        drop_relation,    // relation
        rename_relation,  // relation -> name (a key in the same schema)
        add_column,       // relation.name of type
        drop_column,      // relation.name
        rename_column,    // relation.name -> new_name
        set_column_type,  // relation.name to type
        create_function,  // relation: the function's name; volatile_function
        drop_function,    // relation: the function's name
    };
    kind what = kind::create_relation;
    std::string relation;
    std::string name;
    std::string new_name;
    std::string type;
    std::string table;  // create_relation of an index: its table
    bool partitioned = false;
    bool if_not_exists = false;
    bool volatile_function = false;  // create_function: declared VOLATILE, or nothing (the default)
};

// The changes of one statement node ({"CreateStmt": {...}}), in the order they happen.
std::vector<schema_change> changes_of(const json::value& statement);

// What a statement the parser did not read (opted out, or newer grammar) visibly creates, from its first
// words: CREATE [TEMP|UNLOGGED] TABLE, CREATE [UNIQUE] INDEX ... ON, CREATE [MATERIALIZED] VIEW. So that a
// table created that way is still new to the statements after it.
std::vector<schema_change> changes_of_text(std::string_view sql);

}  // namespace retort::sql
