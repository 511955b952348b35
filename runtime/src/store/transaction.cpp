// BEGIN, COMMIT and the ROLLBACK of a destructor.
#include "store/transaction.hpp"

namespace retort {

pg_transaction::pg_transaction(connection& conn, start how) : conn_(conn) {
    if (how == start::now) conn_.execute("BEGIN");
}

pg_transaction::~pg_transaction() {
    if (!open_) return;
    try {
        conn_.execute_cleanup("ROLLBACK");  // also when an interrupt is pending
    } catch (const database_error&) {
        // The session is gone, and the server rolled the transaction back with it. A destructor runs
        // while the error that matters is on its way to the caller; this one would only hide it.
    }
}

void pg_transaction::commit() {
    open_ = false;  // a failed COMMIT ends the transaction too: nothing is left to roll back
    conn_.execute("COMMIT");
}

}  // namespace retort
