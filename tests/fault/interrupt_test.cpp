// Interrupts cancel on the server: SIGINT and SIGTERM in the middle of a statement leave nothing
// committed, no query running and the lock free, and end the run with 130 or 143 within about a second;
// a second signal ends it at once. After SIGKILL the server still runs the killed run's statement, and
// the next run names its process and how long it has been active. A non-transactional revision that was
// interrupted or killed is resumed without running any statement twice: an INSERT counts once, a
// concurrent index is decided from the catalog, and what cannot be known is refused until the user says
// where to continue (--from-statement).
#define BOOST_TEST_MODULE interrupt_tests
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <chrono>
#include <string>
#include <thread>

#include "tool_fixture.hpp"

namespace {

using namespace retort::testing;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

// A server process stopped with SIGSTOP for as long as this lives: it cannot act on a cancel request.
class stopped_process {
public:
    explicit stopped_process(int pid) : pid_(pid) { ::kill(pid_, SIGSTOP); }
    stopped_process(const stopped_process&) = delete;
    stopped_process& operator=(const stopped_process&) = delete;
    ~stopped_process() { resume(); }
    void resume() {
        if (pid_ > 0) ::kill(pid_, SIGCONT);
        pid_ = -1;
    }

private:
    int pid_;
};

struct fixture : tool_fixture {
    fixture() : tool_fixture("interrupt") {}

    // The server process running a statement that contains `marker` in this database, once it runs.
    std::string wait_for_active(const std::string& marker) {
        const auto deadline = clock_type::now() + 60s;
        while (clock_type::now() < deadline) {
            auto pids = column(
                "SELECT pid::text FROM pg_stat_activity WHERE datname = current_database() AND state = "
                "'active' AND pid <> pg_backend_pid() AND position('" +
                marker + "' IN query) > 0");
            if (!pids.empty()) return pids.front();
            std::this_thread::sleep_for(20ms);
        }
        BOOST_FAIL("no statement with '" << marker << "' became active");
        return {};
    }

    // Waits until no other session of this database runs a statement (a killed run's statement ended).
    void wait_until_idle() {
        const auto deadline = clock_type::now() + 60s;
        while (clock_type::now() < deadline) {
            if (scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = "
                       "'active' AND pid <> pg_backend_pid()") == "0")
                return;
            std::this_thread::sleep_for(50ms);
        }
        BOOST_FAIL("a statement kept running");
    }

    std::string active_queries() {
        return scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND state <> 'idle'");
    }
    // The advisory locks held in this test's database right after the exit: retort releases its lock
    // before it exits, so none is left for the server to free when it sees the socket close.
    std::string advisory_locks() {
        return scalar(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM "
            "pg_database WHERE datname = current_database())");
    }

    // Starts `args`, waits until `marker` runs on the server, sends `signal`; returns the result and the
    // seconds from the signal to the exit.
    std::pair<result, double> signal_mid_statement(const strings& args, const std::string& marker, int signal) {
        auto p = spawn(tmp.path, tool(args), base_env(db));
        wait_for_active(marker);
        const auto sent = clock_type::now();
        p.kill(signal);
        auto r = p.wait(60s);
        return {r, std::chrono::duration<double>(clock_type::now() - sent).count()};
    }

    void write_sleeping_revision() {
        chain({"aaa111"});
        write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"},
                       "CREATE TABLE s_two (x int);\nSELECT pg_sleep(30) AS marker_two;", "DROP TABLE s_two;");
    }

    // ccc333 builds the index indexed_slow concurrently; each pass over the table takes about 2 s.
    void write_slow_index_revision() {
        conn.execute(
            "CREATE FUNCTION slow_id(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS "
            "$$ BEGIN PERFORM pg_sleep(0.2); RETURN $1; END $$");
        conn.execute("CREATE TABLE indexed AS SELECT g FROM generate_series(1, 10) g");
        write_non_transactional("CREATE INDEX CONCURRENTLY indexed_slow ON indexed (slow_id(g));");
    }

    // The statements of the non-transactional revision ccc333: (1) a table, (2) `second`, (3) a table.
    void write_non_transactional(const std::string& second) {
        chain({"aaa111"});
        conn.execute("CREATE TABLE counted (n int)");
        write_revision(dir, "2_ccc333.sql", "ccc333", {"aaa111"},
                       "CREATE TABLE c_first (x int);\n" + second + "\nCREATE TABLE c_last (x int);",
                       "DROP TABLE c_last;\nDROP TABLE c_first;", {"Transactional: false"});
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(signals_mid_statement, fixture)

BOOST_AUTO_TEST_CASE(sigint_cancels_the_statement_on_the_server_and_exits_130) {
    write_sleeping_revision();
    auto [r, seconds] = signal_mid_statement({"upgrade", "head"}, "marker_two", SIGINT);
    CHECK_EXIT(r, 130);
    BOOST_TEST_MESSAGE("measured: exit " << seconds << " s after SIGINT");
    BOOST_TEST(seconds < 3.0, "exit " << seconds << " s after the signal");
    BOOST_TEST(contains(r.err, "interrupted by SIGINT"), r.err);
    BOOST_TEST(contains(r.err, "Nothing of revision bbb222 was applied"), r.err);
    BOOST_TEST(contains(r.err, "The 1 revision committed before it stays applied; the database is at aaa111"), r.err);
    BOOST_TEST(active_queries() == "0");
    BOOST_TEST(advisory_locks() == "0");
    std::this_thread::sleep_for(2s);  // what the server would have committed after the exit
    BOOST_TEST(!exists("s_two"));
    CHECK_STRINGS(version_rows(), "aaa111");
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_log WHERE revision = 'bbb222' AND outcome = "
                      "'interrupted'") == "1");
}

BOOST_AUTO_TEST_CASE(sigterm_cancels_the_statement_on_the_server_and_exits_143) {
    write_sleeping_revision();
    auto [r, seconds] = signal_mid_statement({"upgrade", "head"}, "marker_two", SIGTERM);
    CHECK_EXIT(r, 143);
    BOOST_TEST_MESSAGE("measured: exit " << seconds << " s after SIGTERM");
    BOOST_TEST(seconds < 3.0, "exit " << seconds << " s after the signal");
    BOOST_TEST(contains(r.err, "interrupted by SIGTERM"), r.err);
    BOOST_TEST(active_queries() == "0");
    BOOST_TEST(advisory_locks() == "0");
    std::this_thread::sleep_for(2s);
    BOOST_TEST(!exists("s_two"));
    CHECK_STRINGS(version_rows(), "aaa111");
}

BOOST_AUTO_TEST_CASE(sigint_under_single_transaction_rolls_back_every_step_sent_with_it) {
    write_sleeping_revision();
    write_revision(dir, "3_ccc333.sql", "ccc333", {"bbb222"}, "CREATE TABLE s_three (x int);", "DROP TABLE s_three;");
    auto [r, seconds] = signal_mid_statement({"upgrade", "head", "--single-transaction"}, "marker_two", SIGINT);
    CHECK_EXIT(r, 130);
    BOOST_TEST(seconds < 3.0, "exit " << seconds << " s after the signal");
    BOOST_TEST(contains(r.err, "interrupted by SIGINT"), r.err);
    BOOST_TEST(contains(r.err, "The whole run was rolled back (--single-transaction)."), r.err);
    BOOST_TEST(active_queries() == "0");
    BOOST_TEST(advisory_locks() == "0");
    std::this_thread::sleep_for(2s);
    BOOST_TEST(!exists("t_aaa111"));  // ran in the same Query, before the interrupted step
    BOOST_TEST(!exists("s_two"));
    BOOST_TEST(!exists("s_three"));
    BOOST_TEST(version_rows().empty());
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_history") == "0");
}

BOOST_AUTO_TEST_CASE(an_interrupt_while_waiting_for_the_lock_exits_at_once_having_changed_nothing) {
    chain({"aaa111"});
    auto other = db.connect();
    // Hold retort's own lock through a run that waits on a table lock inside its revision.
    other.execute("CREATE TABLE blocker (x int)");
    write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, "LOCK TABLE blocker; SELECT 1 AS marker_lock;",
                   "SELECT 1;");
    other.execute("BEGIN");
    other.execute("LOCK TABLE blocker");
    auto first = spawn(tmp.path, tool({"upgrade", "head"}), base_env(db));
    wait_for_active("LOCK TABLE blocker");
    auto second = spawn(tmp.path, tool({"upgrade", "head", "--lock-timeout", "60"}), base_env(db));
    std::this_thread::sleep_for(1500ms);  // the second run waits for the migration lock now
    const auto sent = clock_type::now();
    second.kill(SIGINT);
    auto r = second.wait(30s);
    CHECK_EXIT(r, 130);
    BOOST_TEST(std::chrono::duration<double>(clock_type::now() - sent).count() < 3.0);
    BOOST_TEST(contains(r.err, "waiting for the migration lock"), r.err);
    BOOST_TEST(contains(r.err, "statement has been active for"), r.err);
    first.kill(SIGINT);
    CHECK_EXIT(first.wait(30s), 130);
    other.execute("ROLLBACK");
}

BOOST_AUTO_TEST_CASE(a_second_sigint_exits_at_once_when_the_server_does_not_answer_the_cancel) {
    write_sleeping_revision();
    auto p = spawn(tmp.path, tool({"upgrade", "head"}), base_env(db));
    stopped_process backend{std::stoi(wait_for_active("marker_two"))};  // it cannot act on the cancel
    p.kill(SIGINT);
    std::this_thread::sleep_for(300ms);
    const auto sent = clock_type::now();
    p.kill(SIGINT);
    auto r = p.wait(30s);
    const double seconds = std::chrono::duration<double>(clock_type::now() - sent).count();
    backend.resume();
    CHECK_EXIT(r, 130);
    BOOST_TEST(seconds < 1.0, "exit " << seconds << " s after the second signal");
    wait_until_idle();  // the cancel takes effect once the process runs again
    BOOST_TEST(!exists("s_two"));
}

BOOST_AUTO_TEST_CASE(an_unanswered_cancel_ends_the_run_after_a_short_wait_naming_the_server_process) {
    write_sleeping_revision();
    auto p = spawn(tmp.path, tool({"upgrade", "head"}), base_env(db));
    const std::string backend = wait_for_active("marker_two");
    stopped_process stopped{std::stoi(backend)};
    const auto sent = clock_type::now();
    p.kill(SIGINT);
    auto r = p.wait(30s);
    const double seconds = std::chrono::duration<double>(clock_type::now() - sent).count();
    stopped.resume();
    CHECK_EXIT(r, 130);
    BOOST_TEST(seconds < 9.0, "exit " << seconds << " s after the signal");
    BOOST_TEST(contains(r.err, "did not answer the cancel request"), r.err);
    BOOST_TEST(contains(r.err, "pg_cancel_backend(" + backend + ")"), r.err);
    wait_until_idle();
    BOOST_TEST(!exists("s_two"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(after_sigkill, fixture)

BOOST_AUTO_TEST_CASE(the_next_run_names_the_killed_runs_statement_still_active_on_the_server) {
    chain({"aaa111"});
    write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, "SELECT pg_sleep(8) AS marker_kill;", "SELECT 1;");
    auto p = spawn(tmp.path, tool({"upgrade", "head"}), base_env(db));
    const std::string backend = wait_for_active("marker_kill");
    p.kill(SIGKILL);
    BOOST_TEST(p.wait(30s).signaled);
    auto r = retort({"upgrade", "head", "--lock-timeout", "1"});
    CHECK_EXIT(r, 4);
    BOOST_TEST(contains(r.err, "held by server process " + backend), r.err);
    BOOST_TEST(contains(r.err, "whose statement has been active for"), r.err);
    BOOST_TEST(contains(r.err, "pg_cancel_backend(" + backend + ")"), r.err);
    wait_until_idle();
    CHECK_EXIT(retort({"upgrade", "head"}), 0);  // the killed run committed bbb222 when its statement ended
    CHECK_STRINGS(version_rows(), "bbb222");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(non_transactional_resume, fixture)

BOOST_AUTO_TEST_CASE(an_insert_killed_mid_statement_counts_once_after_resume) {
    write_non_transactional("INSERT INTO counted SELECT 1 FROM pg_sleep(3) AS marker_insert;");
    auto p = spawn(tmp.path, tool({"upgrade", "head"}), base_env(db));
    wait_for_active("marker_insert");
    p.kill(SIGKILL);
    BOOST_TEST(p.wait(30s).signaled);
    wait_until_idle();  // the server finished the INSERT after the client died
    auto r = retort({"upgrade", "--resume", "head"});
    CHECK_EXIT(r, 0);
    BOOST_TEST(scalar("SELECT count(*) FROM counted") == "1");
    BOOST_TEST(exists("c_last"));
    CHECK_STRINGS(version_rows(), "ccc333");
}

BOOST_AUTO_TEST_CASE(an_insert_cancelled_by_sigint_counts_once_after_resume) {
    write_non_transactional("INSERT INTO counted SELECT 1 FROM pg_sleep(4) AS marker_insert;");
    auto [r, seconds] = signal_mid_statement({"upgrade", "head"}, "marker_insert", SIGINT);
    CHECK_EXIT(r, 130);
    BOOST_TEST(scalar("SELECT count(*) FROM counted") == "0");
    auto resumed = retort({"upgrade", "--resume", "head"});
    CHECK_EXIT(resumed, 0);
    BOOST_TEST(scalar("SELECT count(*) FROM counted") == "1");
}

BOOST_AUTO_TEST_CASE(a_concurrent_index_that_finished_after_a_kill_is_taken_as_done) {
    write_slow_index_revision();
    auto p = spawn(tmp.path, tool({"upgrade", "head"}), base_env(db));
    wait_for_active("indexed_slow");
    p.kill(SIGKILL);
    BOOST_TEST(p.wait(30s).signaled);
    wait_until_idle();
    BOOST_TEST(scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'indexed_slow'::regclass") == "t");
    auto r = retort({"upgrade", "--resume", "head"});
    CHECK_EXIT(r, 0);  // running it again would fail with 42P07
    BOOST_TEST(exists("c_last"));
}

BOOST_AUTO_TEST_CASE(a_concurrent_index_cancelled_by_sigint_is_dropped_and_built_again) {
    write_slow_index_revision();
    auto [r, seconds] = signal_mid_statement({"upgrade", "head"}, "indexed_slow", SIGINT);
    CHECK_EXIT(r, 130);
    auto resumed = retort({"upgrade", "--resume", "head"});
    CHECK_EXIT(resumed, 0);
    BOOST_TEST(scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 'indexed_slow'::regclass") == "t");
}

BOOST_AUTO_TEST_CASE(a_statement_whose_completion_cannot_be_known_is_refused_until_the_user_decides) {
    write_non_transactional("DO $$ BEGIN PERFORM pg_sleep(3); INSERT INTO counted VALUES (1); END $$ /* marker_do */;");
    auto p = spawn(tmp.path, tool({"upgrade", "head"}), base_env(db));
    wait_for_active("marker_do");
    p.kill(SIGKILL);
    BOOST_TEST(p.wait(30s).signaled);
    wait_until_idle();
    auto refused = retort({"upgrade", "--resume", "head"});
    CHECK_EXIT(refused, 6);
    BOOST_TEST(contains(refused.err, "2_ccc333.sql:9: refusing to resume revision ccc333"), refused.err);
    BOOST_TEST(contains(refused.err, "--from-statement 2"), refused.err);
    BOOST_TEST(contains(refused.err, "--from-statement 3"), refused.err);
    BOOST_TEST(scalar("SELECT count(*) FROM counted") == "1");
    auto wrong = retort({"upgrade", "--resume", "--from-statement", "1", "head"});
    CHECK_EXIT(wrong, 2);
    BOOST_TEST(contains(wrong.err, "--from-statement 1 does not fit revision ccc333"), wrong.err);
    auto skipped = retort({"upgrade", "--resume", "--from-statement", "3", "head"});
    CHECK_EXIT(skipped, 0);
    BOOST_TEST(scalar("SELECT count(*) FROM counted") == "1");
    BOOST_TEST(exists("c_last"));
}

BOOST_AUTO_TEST_CASE(from_statement_needs_resume) {
    chain({"aaa111"});
    auto r = retort({"upgrade", "--from-statement", "2", "head"});
    CHECK_EXIT(r, 2);
    BOOST_TEST(contains(r.err, "--from-statement is for 'upgrade --resume'"), r.err);
}

BOOST_AUTO_TEST_SUITE_END()
