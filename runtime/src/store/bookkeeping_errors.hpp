// What to say when one of retort's own bookkeeping statements fails (docs/errors.md): the database is
// read-only (default_transaction_read_only, a standby), the role lacks the CREATE privilege retort's
// tables need, or an unrelated table has the name of one of retort's. Each message says that the table
// is retort's own, which privilege or name is the problem, the SQLSTATE, and what to do; none of them
// blames a revision.
#pragma once

#include "retort/driver.hpp"
#include "store/bookkeeping_sql.hpp"

namespace retort {

// What retort was doing with its tables when the statement failed.
enum class bookkeeping_action { create, read, write };

// Throws a database_error (with `e`'s SQLSTATE) explaining `e` when it is one of the failures above;
// returns when it is not (the caller rethrows `e`). Asks the server a few questions on `conn`, which
// must not be inside a failed transaction (a failure to ask leaves `e` as it is).
void explain_bookkeeping_failure(connection& conn, const bookkeeping& books, const database_error& e,
                                 bookkeeping_action action);

}  // namespace retort
