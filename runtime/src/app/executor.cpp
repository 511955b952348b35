// Runs steps and seeds; maps a failed statement to its file line and records the failure.
#include "app/executor.hpp"

#include <fmt/format.h>

#include <chrono>
#include <iterator>
#include <optional>

#include "app/resume.hpp"
#include "core/sql_lexer.hpp"

namespace retort {

namespace {

using clock = std::chrono::steady_clock;

double seconds_since(clock::time_point start) { return std::chrono::duration<double>(clock::now() - start).count(); }

std::string ids_text(const graph& g, const std::vector<rev_index>& rows) {
    std::string out;
    for (rev_index i : rows) out += fmt::format("{}{}", out.empty() ? "" : ", ", g.at(i).id);
    return out.empty() ? std::string("base") : out;
}

std::vector<std::string_view> ids_of(const graph& g, const std::vector<rev_index>& rows) {
    std::vector<std::string_view> out;
    out.reserve(rows.size());
    for (rev_index i : rows) out.push_back(g.at(i).id);
    return out;
}

// Writes down a failure that is being reported. A session too broken to take the record (often why the
// statement failed) loses only the record, never the report the caller is about to throw.
template <class Record>
void record_best_effort(Record record) {
    try {
        record();
    } catch (const database_error&) {
        // Only the record is lost; the failure it was about is thrown by the caller next.
    }
}

// What stayed applied after a failed step, and what to do next.
std::string outcome_of(const revision& r, direction dir, bool single) {
    if (single) return "The whole run was rolled back (--single-transaction): nothing was applied or recorded.";
    if (r.transactional && dir == direction::down)
        return fmt::format(
            "Revision {} was not reverted: it stays applied and recorded; the revisions reverted "
            "before it stay reverted. Fix the statement and run the command again.",
            r.id);
    if (r.transactional)
        return fmt::format(
            "Nothing of revision {} was applied or recorded; the revisions before it stay applied. "
            "Fix the statement and run the command again.",
            r.id);
    if (dir == direction::down)
        return fmt::format(
            "Revision {} is non-transactional: the downgrade statements before this one stay "
            "applied and the revision is still recorded as applied. Fix the cause and run the "
            "downgrade again, or 'stamp' the database where you left it by hand.",
            r.id);
    return fmt::format(
        "Revision {} is non-transactional: its earlier statements stay applied and it is "
        "marked failed at this statement. Fix the cause, then run 'upgrade --resume' to "
        "continue from this statement, or 'stamp' it if you complete it by hand.",
        r.id);
}

}  // namespace

void executor::refuse_non_transactional(const std::vector<step>& steps) const {
    const graph& g = session_.graph_of();
    for (const auto& s : steps)
        if (!g.at(s.revision).transactional)
            throw state_error(
                fmt::format("revision {} ({}) is 'Transactional: false' and cannot run inside "
                            "--single-transaction; nothing was changed. Run without "
                            "--single-transaction",
                            g.at(s.revision).id, g.at(s.revision).file));
}

void executor::run(std::vector<step> steps, const std::vector<unfinished_revision>& unfinished, run_report& report) {
    const bool single = session_.options().single_transaction;
    const auto& on_step = session_.options().on_step;
    const auto& on_start = session_.options().on_step_start;
    if (single) refuse_non_transactional(steps);
    if (!steps.empty()) release_baked_rows(session_.revisions(), files_);
    const std::size_t seconds_before = report.seconds.size();
    report.seconds.reserve(report.seconds.size() + steps.size());
    const step* current = nullptr;
    try {
        // Destroyed before the handlers run: a failure is logged after the rollback, not inside it.
        auto transaction = single ? session_.store().begin() : nullptr;
        if (single) {
            for (std::size_t k = 0; k < steps.size();) k += run_group(steps, k, report, current);
        } else {
            for (std::size_t k = 0; k < steps.size(); ++k) {
                current = &steps[k];
                if (on_start) on_start(steps[k], k + 1, steps.size(), 1);
                const auto start = clock::now();
                run_step(steps[k], unfinished);
                committed(steps[k], seconds_since(start), report);
            }
        }
        if (transaction) transaction->commit();
    } catch (...) {
        const std::optional<step> failed = current ? std::optional<step>(*current) : std::nullopt;
        if (single) {
            report.seconds.resize(seconds_before);
            report.rows_after = report.rows_before;
        }
        keep_committed(steps, report.seconds.size() - seconds_before, report);
        try {
            throw;
        } catch (const statement_failure& f) {
            fail(*failed, f);
        } catch (const interrupted_error& e) {
            if (failed) interrupted(*failed, e, report);
            throw;
        }
    }
    keep_committed(steps, steps.size(), report);
    if (on_step && single)
        for (std::size_t i = 0; i < report.steps.size(); ++i) {
            on_step(report.steps[i], report.seconds[i]);
            shown_.sent(session_.graph_of().at(report.steps[i].revision).message);
        }
}

// A step that ran (and, without --single-transaction, committed) is counted in the report at once (its
// time, the rows after it), so that after a failure the report says what stayed applied.
void executor::committed(const step& s, double seconds, run_report& report) {
    report.seconds.push_back(seconds);
    apply_rows(report.rows_after, s);
    const auto& on_step = session_.options().on_step;
    if (session_.options().single_transaction) return;  // on_step after the COMMIT; the SQL is needed until then
    const revision& r = session_.graph_of().at(s.revision);
    if (on_step) {
        on_step(s, seconds);
        shown_.sent(r.message);
    }
    sent_.sent(section_of(r, s.dir).sql);
}

// The first `count` steps, those that committed, move from the plan into the report once the run ends:
// one array for both (a copy of each step cost 720 kB and 20,000 allocations at 10,000 steps).
void executor::keep_committed(std::vector<step>& steps, std::size_t count, run_report& report) {
    steps.resize(count);
    if (report.steps.empty())
        report.steps = std::move(steps);
    else
        report.steps.insert(report.steps.end(), std::make_move_iterator(steps.begin()),
                            std::make_move_iterator(steps.end()));
}

// Under --single-transaction, consecutive steps from `at` go to the store together, about `group_bytes`
// of SQL at a time: the store may send them in one round trip (they roll back together anyway). Returns
// how many steps the group had. Steps that commit one by one are sent one by one, so that the progress
// report can name the step that runs long.
std::size_t executor::run_group(const std::vector<step>& steps, std::size_t at, run_report& report,
                                const step*& current) {
    constexpr std::size_t group_bytes = 64 * 1024, group_steps = 1000;
    const graph& g = session_.graph_of();
    std::vector<step_change> group;
    for (std::size_t bytes = 0; at + group.size() < steps.size() && group.size() < group_steps;) {
        const step& s = steps[at + group.size()];
        const revision& r = g.at(s.revision);
        bytes += section_of(r, s.dir).sql.size();
        if (!group.empty() && bytes > group_bytes) break;
        group.push_back({&r, s.dir, ids_of(g, s.rows_removed), ids_of(g, s.rows_added), true, s.leaves_no_rows});
    }
    current = &steps[at];
    const auto& on_start = session_.options().on_step_start;
    if (on_start) on_start(steps[at], at + 1, steps.size(), group.size());
    try {
        session_.store().apply_together(group, [&](std::size_t k, double seconds) {
            committed(steps[at + k], seconds, report);
        });
    } catch (const together_failure& f) {
        current = &steps[at + f.position()];
        throw;
    }
    return group.size();
}

// A transactional revision is one change; a non-transactional one records its start, runs each
// statement alone with a progress record after it, and commits its bookkeeping at the end.
void executor::run_step(const step& s, const std::vector<unfinished_revision>& unfinished) {
    const graph& g = session_.graph_of();
    const revision& r = g.at(s.revision);
    history_store& store = session_.store();
    step_change c{&r, s.dir, ids_of(g, s.rows_removed), ids_of(g, s.rows_added), true, s.leaves_no_rows};
    if (r.transactional) return store.apply(c);
    std::size_t from = 0;
    if (s.dir == direction::up) {
        auto u = std::find_if(unfinished.begin(), unfinished.end(), [&](const auto& x) { return x.id == r.id; });
        if (u != unfinished.end()) {
            from = resume_point(r, *u, session_.options(), store);
            store.advance(r, {progress::kind::resumed, s.dir, from, 0, {}});
        } else {
            store.advance(r, {progress::kind::started, s.dir, 0, 0, {}});
        }
    }
    const auto& statements = section_of(r, s.dir).statements;
    for (std::size_t i = from; i < statements.size(); ++i) {
        try {
            store.advance(r, {progress::kind::statement, s.dir, i, 0, {}});
        } catch (const interrupted_error& e) {
            // Confirmed: the server cancelled the statement, so it did not finish and a resume runs it
            // again. Unconfirmed: the record stays "in progress" and a resume decides what it can.
            if (e.confirmed() && s.dir == direction::up)
                record_best_effort([&] {
                    store.advance(r, {progress::kind::failed, s.dir, i, statements[i].line, e.what()});
                });
            throw;
        }
    }
    c.run_statements = false;
    store.apply(c);
}

// Logs the interrupted step and says what stayed applied; the interrupted_error goes on to the caller.
void executor::interrupted(const step& s, const interrupted_error& e, const run_report& report) {
    const graph& g = session_.graph_of();
    const revision& r = g.at(s.revision);
    std::string what =
        fmt::format("{} ({} of revision {}, {}). {}", e.what(), operation_of(s.dir), r.id, r.file,
                    e.confirmed()
                        ? (r.transactional ? fmt::format("Nothing of revision {} was applied or recorded.", r.id)
                                           : fmt::format("Revision {} is non-transactional: its statements that "
                                                         "finished stay applied; 'upgrade --resume' continues it.",
                                                         r.id))
                        : std::string(
                              "The server did not confirm the rollback: check the database before the next run."));
    if (session_.options().single_transaction)
        what += " The whole run was rolled back (--single-transaction).";
    else if (!report.steps.empty())
        what += fmt::format(" The {} revision{} committed before it stay{} applied; the database is at {}.",
                            report.steps.size(), report.steps.size() == 1 ? "" : "s",
                            report.steps.size() == 1 ? "s" : "", ids_text(g, report.rows_after));
    else
        what += " No revision was applied by this run.";
    record_best_effort([&] { session_.store().log({operation_of(s.dir), r.id, "interrupted", e.what()}); });
    throw interrupted_error(std::move(what), e.info(), e.signal(), e.confirmed());
}

// Which server limit stopped the statement, and the option that sets it.
std::string executor::timeout_advice(const std::string& sqlstate) const {
    const auto& o = session_.options();
    if (sqlstate == "55P03")
        return o.pg_lock_timeout
                   ? fmt::format(
                         "\nThe statement waited longer than --pg-lock-timeout ({} ms) for a lock another "
                         "session holds; run again when that session is done, or raise the limit.",
                         o.pg_lock_timeout->count())
                   : std::string(
                         "\nThe statement waited longer than the server's lock_timeout for a lock another "
                         "session holds.");
    if (sqlstate == "57014" && o.pg_statement_timeout)
        return fmt::format(
            "\nThe statement ran longer than --pg-statement-timeout ({} ms); raise the limit or "
            "split the work.",
            o.pg_statement_timeout->count());
    return {};
}

void executor::fail(const step& s, const statement_failure& f) {
    const revision& r = session_.graph_of().at(s.revision);
    const auto& d = f.info();
    const statement* st = f.file_statement();
    const std::uint32_t line = st ? line_at(*st, d.position) : 0;
    const std::string where = st ? fmt::format("{}:{}", r.file, line) : std::string(r.file);
    const std::string report = describe_server_error(d);
    std::string outcome = outcome_of(r, s.dir, session_.options().single_transaction) + timeout_advice(d.sqlstate);
    if (!f.advice().empty()) outcome += "\n" + f.advice();
    std::string what = fmt::format("{}: error: {} of revision {} ({}) failed{}: {}\n{}", where, operation_of(s.dir),
                                   r.id, r.message, st ? "" : " while recording it", report, outcome);
    history_store& store = session_.store();
    record_best_effort([&] {
        if (!r.transactional && st && s.dir == direction::up)
            store.advance(r, {progress::kind::failed, s.dir, f.index(), line, report});
        store.log({operation_of(s.dir), r.id, "failed", fmt::format("{}: {}", where, report)});
    });
    throw statement_error(std::move(what), d, statement_error::subject_kind::revision, std::string(r.id),
                          std::string(r.file), line);
}

double executor::run_seed(const seed& s, std::string_view required_id) {
    auto start = clock::now();
    try {
        session_.store().apply(seed_change{&s, required_id});
    } catch (const statement_failure& f) {
        fail_seed(s, f);
    }
    return seconds_since(start);
}

void executor::fail_seed(const seed& s, const statement_failure& f) {
    const auto& d = f.info();
    const statement* st = f.file_statement();
    const std::uint32_t line = st ? line_at(*st, d.position) : 0;
    const std::string where = st ? fmt::format("{}:{}", s.file, line) : std::string(s.file);
    std::string what = fmt::format(
        "{}: error: seed {} ({}) failed{}: {}\nNothing of seed {} was applied or recorded; the seeds before it stay "
        "applied and the seeds after it were not run. Fix the seed and run 'seed' again.",
        where, s.name, s.message, st ? "" : " while recording it", describe_server_error(d), s.name);
    record_best_effort([&] {
        session_.store().log({"seed", {}, "failed", fmt::format("{}: {}", where, describe_server_error(d))});
    });
    throw statement_error(std::move(what), d, statement_error::subject_kind::seed, std::string(s.name),
                          std::string(s.file), line);
}

}  // namespace retort
