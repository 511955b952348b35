// check --offline and lock: the revisions against the lock file, without a database.
#include "commands.hpp"
#include "retort/error.hpp"

namespace retort::cli {

int run_offline_check(const catalog&, const arguments&) { throw usage_error("check --offline is not built yet"); }

int run_lock(const catalog&, const arguments&) { throw usage_error("lock is not built yet"); }

}  // namespace retort::cli
