// check, check --offline, accept-edit and lock: the revisions against the database and the lock file.
#include <fmt/format.h>

#include "app/app.hpp"
#include "app/database.hpp"
#include "app/operations.hpp"
#include "directory/directory.hpp"

namespace retort::app {

namespace {

// The most serious finding decides; an edited downgrade section alone does not fail the check.
retort::status status_of(const check_report& r) {
    if (!r.integrity.unknown.empty()) return retort::status::unknown;
    for (const auto& e : r.integrity.edited)
        if (e.upgrade_changed) return retort::status::edited;
    if (!r.state.unfinished.empty()) return retort::status::unfinished;
    if (!r.pending.empty()) return retort::status::pending;
    return retort::status::ok;
}

retort::status status_of(lock_verdict v) {
    switch (v) {
    case lock_verdict::edited: return retort::status::edited;
    case lock_verdict::unlocked_or_heads: return retort::status::unlocked;
    case lock_verdict::clean: break;
    }
    return retort::status::ok;
}

// A lock file that does not parse is invalid input, like a revision file that does not (exit 3).
lock_check checked(const catalog& c, const lock_policy& policy) {
    lock_check out = check_lock(c.revisions, c.lock.name, c.lock.text, policy);
    if (out.malformed) throw input_error(out.diags.all());
    return out;
}

void write_if_changed(const catalog& c, const std::vector<lock_entry>& entries) {
    std::string text = render_lock(entries);
    if (text != c.lock.text) write_text_file(c.lock.name, text);
}

}  // namespace

check_outcome check(const catalog& c, const database_options& o) {
    database db(c, o);
    check_outcome out{retort::check(db.session()), retort::status::ok};
    out.result = status_of(out.report);
    return out;
}

offline_check_outcome check_offline(const catalog& c, const lock_policy& policy) {
    offline_check_outcome out{checked(c, policy), retort::status::ok};
    out.result = status_of(out.check.verdict);
    return out;
}

accept_edit_outcome accept_edit(const catalog& c, const database_options& o, const std::string& word,
                                const std::string& reason) {
    database db(c, o);
    std::string id = retort::accept_edit(db.session(), word, reason);
    return {id, db.store().books().log_table()};
}

lock_outcome lock(const catalog& c, const std::optional<std::string>& relock_word) {
    if (c.lock.baked)
        throw usage_error(
            "lock needs --lockfile FILE: a built binary does not know where its source tree is (the "
            "<name>_lock target passes the file)");
    lock_outcome out;
    out.lock_file = c.lock.name;
    lock_check check = checked(c, build_lock_policy);
    if (relock_word) {
        out.relocked = relock(c.revisions, std::move(check.entries), *relock_word);
        write_if_changed(c, out.relocked->entries);
        return out;
    }
    if (check.verdict != lock_verdict::clean) {
        out.refused = std::move(check);
        out.result = retort::status::edited;
        return out;
    }
    auto addition = add_unlocked(c.revisions, std::move(check.entries));
    write_if_changed(c, addition.entries);
    out.added = std::move(addition.added);
    return out;
}

}  // namespace retort::app
