// statements-after-exclusive-lock: in a transactional revision, an ACCESS EXCLUSIVE lock on an existing
// table is held until the revision commits, so whatever runs after it runs with the table blocked.
#include "sql/rules/rule.hpp"

#include <algorithm>

namespace retort::sql {

namespace {

// Statements whose relations take no lock worth waiting for.
bool names_without_locking(std::string_view kind) { return kind == "GrantStmt" || kind == "CommentStmt"; }

// Why statement j keeps the held tables blocked longer than a catalog change would; empty when it does not.
std::string why_it_matters(const section_view& s, std::size_t j, const std::vector<std::string>& held) {
    const auto& st = s.statements[j];
    if (st.works_on_rows) return "works through the rows";
    auto is_other_existing = [&](const std::string& r) {
        return !s.is_new(r, j) && std::find(held.begin(), held.end(), r) == held.end();
    };
    for (const auto& lock : st.locks)
        if (is_other_existing(lock.relation)) return fmt::format("waits for a lock on {}", lock.relation);
    if (!names_without_locking(st.kind()))
        for (const auto& r : st.named)
            if (is_other_existing(r)) return fmt::format("waits for a lock on {}", r);
    return {};
}

void check(const section_view& s, reporter& out) {
    if (!s.transactional()) return;
    std::vector<std::string> held;  // existing relations under ACCESS EXCLUSIVE so far
    std::size_t first_lock = s.statements.size();
    for (std::size_t i = 0; i < s.statements.size(); ++i) {
        const auto& st = s.statements[i];
        if (!held.empty()) {
            const std::string why = why_it_matters(s, i, held);
            if (!why.empty()) {
                const auto& locker = s.statements[first_lock];
                std::size_t more = 0;
                for (std::size_t k = i + 1; k < s.statements.size(); ++k)
                    more += why_it_matters(s, k, held).empty() ? 0 : 1;
                out.report(
                    locker,
                    fmt::format(
                        "this statement takes an ACCESS EXCLUSIVE lock on {}, held until the revision commits, and the "
                        "statement at line {} {} while every read and write of {} waits{}; put the statement that "
                        "takes the lock last, or move the statements after it to a revision of their own",
                        held.front(), st.line(), why, held.front(),
                        more == 0 ? std::string()
                                  : fmt::format(" ({} more statement{} after it too)", more, more == 1 ? "" : "s")));
                return;
            }
        }
        // A dropped relation's queued readers fail once it commits whatever follows, so DROP holds nothing
        // worth waiting for.
        if (st.kind() == "DropStmt") continue;
        for (const auto& lock : st.locks) {
            if (lock.mode != lock_mode::access_exclusive || s.is_new(lock.relation, i)) continue;
            if (std::find(held.begin(), held.end(), lock.relation) != held.end()) continue;
            if (held.empty()) first_lock = i;
            held.push_back(lock.relation);
        }
    }
}

}  // namespace

extern const rule statements_after_exclusive_lock_rule{
    {"statements-after-exclusive-lock", level::warning, "ACCESS EXCLUSIVE",
     "statements that run after an ACCESS EXCLUSIVE lock in the same transaction keep the table blocked"},
    &check};

}  // namespace retort::sql
