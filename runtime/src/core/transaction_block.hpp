// Which statements of a non-transactional revision may run inside a transaction block. Those that may
// run together with their progress record in one implicit transaction, so that after an interrupt or a
// lost connection the record says exactly whether they ran. The others (a concurrent index build,
// VACUUM, transaction control, a procedure that may commit, ...) must run alone, and whether one of
// them finished cannot always be known afterwards.
#pragma once

#include <string_view>

namespace retort {

// False for a statement that cannot, or might not, run inside a transaction block; decided from its
// first words, leading comments skipped. When in doubt, false (the server's 25001 is a second net).
bool may_run_in_transaction_block(std::string_view statement_sql);

}  // namespace retort
