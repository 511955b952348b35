// Recognizes `CREATE [UNIQUE] INDEX CONCURRENTLY` statements, whose failure leaves an invalid index
// behind (PostgreSQL cannot roll back a concurrent build), so that the runtime can report and repair it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace retort {

// The index a `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON [ONLY] [schema.]table ...`
// statement builds, as a name `to_regclass()` accepts (`schema.name`, quoting kept as written); nullopt
// for any other statement, and for an unnamed index (the server picks its name).
std::optional<std::string> concurrently_built_index(std::string_view statement_sql);

}  // namespace retort
