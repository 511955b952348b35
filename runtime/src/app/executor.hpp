// The executor: runs the steps of a plan and the seeds through the history store, in transactions
// (one per step, or one for all with --single-transaction), and turns a failed statement into a
// statement_error that names file:line, says what stayed applied, and is written to the log first.
#pragma once

#include <string_view>
#include <vector>

#include "app/sent_pages.hpp"
#include "app/session.hpp"

namespace retort {

class executor {
public:
    explicit executor(session& s) : session_(s), sent_(s.revisions(), files_), shown_(s.revisions(), files_) {}

    // Runs `steps` in order; a revision in `unfinished` continues where it stopped (with --resume).
    // Each committed step goes to on_step and is counted in `report` at once, and the committed steps
    // are in `report` when it returns or throws, so that after a failure the report says what stayed
    // applied. Throws statement_error, state_error (a non-transactional revision
    // under --single-transaction, before anything runs) or database_error.
    void run(std::vector<step> steps, const std::vector<unfinished_revision>& unfinished, run_report& report);

    // Runs seed `s` in its own transaction; `required_id` names the revision its Requires names (empty
    // without one). Returns the seconds it took; throws statement_error, having rolled it back.
    double run_seed(const seed& s, std::string_view required_id);

private:
    void refuse_non_transactional(const std::vector<step>& steps) const;
    void run_step(const step& s, const std::vector<unfinished_revision>& unfinished);
    std::size_t run_group(const std::vector<step>& steps, std::size_t at, run_report& report, const step*& current);
    void committed(const step& s, double seconds, run_report& report);
    static void keep_committed(std::vector<step>& steps, std::size_t count, run_report& report);
    [[noreturn]] void fail(const step& s, const statement_failure& f);
    [[noreturn]] void interrupted(const step& s, const interrupted_error& e, const run_report& report);
    [[noreturn]] void fail_seed(const seed& s, const statement_failure& f);
    std::string timeout_advice(const std::string& sqlstate) const;

    session& session_;
    read_only_files files_;  // before the cursors, which use it
    sent_pages sent_;        // the sections run
    sent_pages shown_;       // the messages on_step printed
};

}  // namespace retort
