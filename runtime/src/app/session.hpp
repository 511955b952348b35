// The database as one command sees it: the revisions, the history store, and the rules for reading,
// verifying and locking its state that every command shares (migrations, stamps, checks, seeds).
#pragma once

#include <memory>

#include "retort/catalog.hpp"
#include "retort/migrator.hpp"
#include "store/store.hpp"

namespace retort {

class session {
public:
    // All three must outlive the session.
    session(const catalog& c, history_store& store, const migrate_options& options);

    const catalog& revisions() const noexcept { return catalog_; }
    const graph& graph_of() const noexcept { return catalog_.revisions; }
    history_store& store() noexcept { return store_; }
    const migrate_options& options() const noexcept { return options_; }

    // The state as stored (one round trip), with `applied` when every version row is known.
    database_state read();

    // The integrity comparison of `s`: nothing to read when the fingerprint matches, else the history.
    integrity_report verify(const database_state& s);

    // Refuses (integrity_error) over unknown revisions or edited upgrades (edits only warn with
    // warn_on_edit); reports edited downgrades through on_warning.
    void enforce(const integrity_report& report);

    // Takes the migration lock, reporting a wait through on_waiting; throws lock_timeout_error.
    std::unique_ptr<store_lock> lock();

    // Under the lock: creates what is missing (`seeds`: the seed table too) and reads the state again
    // (another process may have migrated while this one waited).
    database_state read_locked(bool seeds = false);

    // Refuses (unfinished_revision_error) a non-transactional revision that did not finish, unless
    // resuming.
    void refuse_unfinished(const database_state& s) const;

private:
    std::string fingerprint_of(const std::vector<bool>& applied) const;

    const catalog& catalog_;
    history_store& store_;
    const migrate_options& options_;
};

// The version rows of `s` as an applied_state: nothing applied before retort's tables exist; throws
// unknown_revisions_error naming rows these revisions lack.
applied_state applied_of(const graph& g, const database_state& s);

}  // namespace retort
