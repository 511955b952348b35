// Where retort's tables live, decided once per run (docs/runtime.md#where-the-tables-live): the
// configured schema, else the first schema on the session's search_path that already holds the version
// table or the history, else the session's current schema. Never a temporary schema: a search_path
// that begins with pg_temp (or resolves to one) is refused, since the tables, and the revisions'
// own, would vanish with the session and every run would apply everything again.
#pragma once

#include <string>

#include "retort/driver.hpp"
#include "store/bookkeeping_sql.hpp"

namespace retort {

// The schema of `books`' tables on `conn`; empty when the search_path names no existing schema (the
// tables cannot exist then, and creating them fails with PostgreSQL's own 3F000). Throws state_error
// for a temporary schema.
std::string resolve_bookkeeping_schema(connection& conn, const bookkeeping& books);

}  // namespace retort
