// The decision of resume.hpp.
#include "app/resume.hpp"

#include <fmt/format.h>

#include "core/transaction_block.hpp"

namespace retort {

namespace {

// --from-statement N: run statement N (1-based) again, or skip it as finished with N + 1; nothing else,
// so that an override can neither skip unseen statements nor repeat finished ones.
std::size_t chosen_point(const revision& r, const unfinished_revision& u, std::size_t n) {
    const std::size_t at = u.next_statement;  // 0-based
    if (n == at + 1 || (n == at + 2 && at < r.upgrade.statements.size())) return n - 1;
    throw usage_error(fmt::format(
        "--from-statement {} does not fit revision {}: it stopped at statement {}; use --from-statement {} to run "
        "that statement again or --from-statement {} if it finished",
        n, r.id, at + 1, at + 1, at + 2));
}

[[noreturn]] void refuse_unknown(const revision& r, const statement& st, std::size_t at) {
    throw unfinished_revision_error(fmt::format(
        "{}:{}: refusing to resume revision {}: its statement {} was running when the previous run stopped (an "
        "interrupt that the server did not confirm, a killed process or a lost connection), and retort cannot "
        "tell whether it finished; nothing was changed now.\n"
        "Check the database for its effect, then run 'upgrade --resume --from-statement {}' to run it again, or "
        "'upgrade --resume --from-statement {}' if it finished.",
        r.file, st.line, r.id, at + 1, at + 1, at + 2));
}

}  // namespace

std::size_t resume_point(const revision& r, const unfinished_revision& u, const migrate_options& o,
                         history_store& store) {
    if (o.from_statement) return chosen_point(r, u, *o.from_statement);
    const std::size_t at = u.next_statement;
    const auto& statements = r.upgrade.statements;
    if (u.failed || at >= statements.size()) return at;
    const statement& st = statements[at];
    if (may_run_in_transaction_block(st.sql)) return at;
    switch (store.concurrent_index_state(st)) {
    case index_fact::valid: return at + 1;  // the build finished: running it again would fail with 42P07
    case index_fact::absent: return at;
    case index_fact::invalid: return at;  // resuming drops the invalid index and builds it again
    case index_fact::not_an_index: break;
    }
    refuse_unknown(r, st, at);
}

}  // namespace retort
