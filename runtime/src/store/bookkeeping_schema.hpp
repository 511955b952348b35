// Where retort's tables live, decided once per run (docs/runtime.md#where-the-tables-live): the
// configured schema, else the first schema on the session's search_path that already holds the version
// table or the history, else the session's current schema. Never a temporary schema: a search_path
// that begins with pg_temp (or resolves to one) is refused, since the tables, and the revisions'
// own, would vanish with the session and every run would apply everything again.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "retort/driver.hpp"
#include "store/bookkeeping_sql.hpp"

namespace retort {

// A row of five text columns, ('placement', the schema already holding the tables, the current schema,
// two flags as "t"/"f": the current schema is temporary, search_path begins with pg_temp), then the
// search_path: what the server knows about where the tables are. It fits the state query (one round
// trip on the fast path) or stands alone.
std::string placement_row(const bookkeeping& books);

// The schema that placement_row()'s values (columns 1 to 4, after the kind) decide; empty when the
// search_path names no existing schema (the tables cannot exist then, and creating them fails with
// PostgreSQL's own 3F000). Throws state_error for a temporary schema.
std::string decide_placement(const std::vector<std::optional<std::string>>& row);

// The schema of `books`' tables on `conn`: the configured one without a query, else placement_row()
// alone.
std::string resolve_bookkeeping_schema(connection& conn, const bookkeeping& books);

}  // namespace retort
