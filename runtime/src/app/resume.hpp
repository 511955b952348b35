// Where `upgrade --resume` continues an unfinished non-transactional revision, never running a statement
// twice. A statement the server answered with an error did not apply. A statement that may run in a
// transaction ran together with its progress record, so the record is exact. For the rest (run alone:
// CREATE INDEX CONCURRENTLY, VACUUM, ...) an interrupted or lost run leaves their completion unknown:
// a concurrent index build is decided from the catalog, anything else is refused until the user says
// where to continue (--from-statement).
#pragma once

#include <cstddef>

#include "retort/migrator.hpp"
#include "retort/state.hpp"
#include "store/store.hpp"

namespace retort {

// The 0-based statement of `r`'s upgrade to continue from. Throws unfinished_revision_error (exit 6)
// when completion cannot be known, usage_error when --from-statement names neither choice.
std::size_t resume_point(const revision& r, const unfinished_revision& u, const migrate_options& o,
                         history_store& store);

}  // namespace retort
