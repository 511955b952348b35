// The differ: two models in, the changes that take the first to the second out. Pure.
#pragma once

#include <string>
#include <vector>

#include "schema/model.hpp"

namespace retort::schema {

enum class change_action : std::uint8_t { create, drop, alter };

// "create", "drop", "alter".
const char* action_name(change_action a);

// One object added, removed or changed. Tables, their columns, defaults and constraints are separate
// objects, so that a changed column is one change.
struct change {
    change_action action = change_action::alter;
    object_key key;
    std::vector<std::string> details;  // for alter: what differs ("type integer -> bigint", "definition")

    friend bool operator==(const change&, const change&) = default;
};

// "alter column public.person.name: type text -> character varying(80)".
std::string describe(const change& c);
// The same, appended to `out` (a report of tens of thousands of changes builds no string per change).
void describe_to(std::string& out, const change& c);

struct schema_diff {
    std::vector<change> changes;  // sorted by key
    // Facts that are not changes: column order (not changed by retort, since only a rewrite of the
    // table could), ...
    std::vector<std::string> notes;
    // Objects of kinds the model does not hold, on either side: retort cannot tell whether they
    // differ, so a check that meets one fails.
    std::vector<unmodelled_object> unmodelled_from;
    std::vector<unmodelled_object> unmodelled_to;

    // No change, and nothing unmodelled on either side.
    bool same() const noexcept { return changes.empty() && unmodelled_from.empty() && unmodelled_to.empty(); }
};

// Compares `from` with `to`: what `to` has that `from` lacks is created, the reverse dropped, and
// objects present in both whose values differ are altered. Column order alone is a note.
schema_diff diff_schemas(const database_schema& from, const database_schema& to);

}  // namespace retort::schema
