// The driver's contract against a real server: errors, quoting, pipelines and the advisory lock.
#define BOOST_TEST_MODULE driver_tests
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "pg_test_support.hpp"
#include "retort/driver.hpp"

namespace {

using retort::connection;
using retort::pipeline_statement;
using retort::testing::scratch_database;
using retort::testing::test_interrupt;

// Each case gets its own database and a session on it.
struct scratch_session {
    scratch_database db{"driver"};
    connection conn = db.connect();

    std::string scalar(const std::string& sql) {
        const auto r = conn.query(sql);
        BOOST_REQUIRE_EQUAL(r.rows.size(), 1U);
        BOOST_REQUIRE_EQUAL(r.rows.front().size(), 1U);
        return r.rows.front().front().value_or("<null>");
    }
};

// What `body` writes to the process's stderr (the driver prints server warnings there).
template <typename Body>
std::string stderr_of(Body&& body) {
    std::fflush(stderr);
    std::FILE* capture = std::tmpfile();
    BOOST_REQUIRE(capture != nullptr);
    const int saved = ::dup(2);
    ::dup2(::fileno(capture), 2);
    auto restore = [&] {
        std::fflush(stderr);
        ::dup2(saved, 2);
        ::close(saved);
    };
    try {
        body();
    } catch (...) {
        restore();
        std::fclose(capture);
        throw;
    }
    restore();
    std::string out;
    std::rewind(capture);
    for (int c = std::fgetc(capture); c != EOF; c = std::fgetc(capture)) out += static_cast<char>(c);
    std::fclose(capture);
    return out;
}

template <typename Error, typename Body>
Error caught(Body&& body) {
    try {
        body();
    } catch (const Error& e) {
        return e;
    }
    BOOST_FAIL("expected an exception, none was thrown");
    throw std::logic_error("unreachable");
}

std::vector<pipeline_statement> statements_of(const std::vector<std::string>& sql) {
    std::vector<pipeline_statement> out;
    out.reserve(sql.size());
    for (const auto& s : sql) {
        out.push_back({s, {}});
    }
    return out;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(driver, scratch_session)

BOOST_AUTO_TEST_CASE(connects_and_runs_a_query_with_text_parameters_and_nulls) {
    const std::optional<std::string> params[] = {"41", std::nullopt};
    const auto r = conn.query("SELECT $1::int + 1 AS answer, $2::text AS nothing", params);
    BOOST_TEST(r.columns == (std::vector<std::string>{"answer", "nothing"}), boost::test_tools::per_element());
    BOOST_REQUIRE_EQUAL(r.rows.size(), 1U);
    BOOST_TEST(r.rows[0][0].value_or("<null>") == "42");
    BOOST_TEST(!r.rows[0][1].has_value());
    BOOST_TEST(conn.user() == "postgres");
    BOOST_TEST(conn.server_version() >= 100000);
    BOOST_TEST(conn.describe().find("postgres@") == 0U);
    BOOST_TEST(conn.describe().ends_with("/" + db.name()));
    BOOST_TEST(scalar("SELECT current_setting('application_name')") == "retort");
}

BOOST_AUTO_TEST_CASE(server_warnings_reach_stderr_and_milder_notices_do_not) {
    const std::string printed = stderr_of([&] {
        conn.execute("DO $$ BEGIN RAISE NOTICE 'a notice'; RAISE INFO 'some info'; RAISE WARNING 'a warning'; END $$");
    });
    BOOST_TEST(printed.find("retort: server: WARNING:  a warning") != std::string::npos, printed);
    BOOST_TEST(printed.find("a notice") == std::string::npos, printed);
    BOOST_TEST(printed.find("some info") == std::string::npos, printed);
}

BOOST_AUTO_TEST_CASE(execute_runs_several_statements_at_once) {
    conn.execute("CREATE TABLE t (id int); INSERT INTO t VALUES (1), (2); INSERT INTO t VALUES (3)");
    BOOST_TEST(scalar("SELECT count(*) FROM t") == "3");
}

BOOST_AUTO_TEST_CASE(unique_violation_keeps_sqlstate_and_detail) {
    conn.execute("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)");
    const auto e = caught<retort::database_error>([&] { conn.execute("INSERT INTO t VALUES (1)"); });
    BOOST_TEST(e.sqlstate() == "23505");
    BOOST_TEST(e.info().message.find("duplicate key value violates unique constraint") != std::string::npos);
    BOOST_TEST(e.info().detail == "Key (id)=(1) already exists.");
    BOOST_TEST(std::string{e.what()}.starts_with("23505: duplicate key value"));
    BOOST_TEST(std::string{e.what()}.find("\nDETAIL: Key (id)=(1) already exists.") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(raised_error_keeps_detail_hint_and_context) {
    const auto e = caught<retort::database_error>([&] {
        conn.execute(
            "DO $$ BEGIN RAISE EXCEPTION 'boom' USING ERRCODE = 'P0001', DETAIL = 'the detail', "
            "HINT = 'the hint'; END $$");
    });
    BOOST_TEST(e.sqlstate() == "P0001");
    BOOST_TEST(e.info().message == "boom");
    BOOST_TEST(e.info().detail == "the detail");
    BOOST_TEST(e.info().hint == "the hint");
    BOOST_TEST(e.info().context.find("PL/pgSQL") != std::string::npos);
    BOOST_TEST(std::string{e.what()} == "P0001: boom\nDETAIL: the detail\nHINT: the hint");
}

BOOST_AUTO_TEST_CASE(syntax_error_keeps_sqlstate_and_position) {
    const auto from_execute = caught<retort::database_error>([&] { conn.execute("SELECT 1 FROM WHERE"); });
    BOOST_TEST(from_execute.sqlstate() == "42601");
    BOOST_TEST(from_execute.info().position == 15);
    const auto from_query = caught<retort::database_error>([&] { conn.query("SELEC 1"); });
    BOOST_TEST(from_query.sqlstate() == "42601");
    BOOST_TEST(from_query.info().position == 1);
    BOOST_TEST(scalar("SELECT 1") == "1");
}

BOOST_AUTO_TEST_CASE(connection_failure_names_the_server_and_never_the_password) {
    const std::vector<std::string> conninfos = {
        "host=/nonexistent/retort-socket port=5999 user=alice password=hunter2secret dbname=app",
        "host=/nonexistent/retort-socket password = 'hunter2secret' dbname=app",
        "postgresql://alice:hunter2secret@/app?host=/nonexistent/retort-socket",
        "postgresql:///app?host=/nonexistent/retort-socket&password=hunter2secret",
        // libpq echoes the offending token of a bad %-escape: here the user info with the password.
        "postgresql://alice:hunter2secret%zz@/app?host=/nonexistent/retort-socket",
    };
    for (std::size_t i = 0; i < conninfos.size(); ++i) {
        const auto& conninfo = conninfos[i];
        BOOST_TEST_CONTEXT("conninfo #" << i) {
            const auto e = caught<retort::connection_error>([&] { connection::open({conninfo, "retort"}); });
            const std::string what = e.what();
            BOOST_TEST_MESSAGE(what);
            BOOST_TEST(what.find("hunter2secret") == std::string::npos);
            BOOST_TEST(e.info().message.find("hunter2secret") == std::string::npos);
            BOOST_TEST(e.sqlstate() == "08001");
        }
    }
    const auto e = caught<retort::connection_error>([&] { connection::open({conninfos.front(), "retort"}); });
    const std::string what = e.what();
    BOOST_TEST(what.find("/nonexistent/retort-socket") != std::string::npos);
    BOOST_TEST(what.find("5999") != std::string::npos);
    BOOST_TEST(what.find("alice") != std::string::npos);
    BOOST_TEST(what.find("app") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(terminated_session_is_a_connection_error) {
    const auto pid = scalar("SELECT pg_backend_pid()");
    connection killer = db.connect();
    const std::optional<std::string> params[] = {pid};
    killer.query("SELECT pg_terminate_backend($1::int, 10000)", params);
    const auto e = caught<retort::connection_error>([&] { conn.execute("SELECT 1"); });
    BOOST_TEST_MESSAGE(e.what());
    BOOST_TEST(e.sqlstate() == "08006");
    BOOST_TEST(e.info().message.find("terminating connection due to administrator command") != std::string::npos);
    BOOST_TEST(std::string{e.what()}.find(e.info().message) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(pipeline_on_a_lost_session_is_a_connection_error) {
    const auto e = caught<retort::connection_error>([&] {
        conn.run_pipeline(
            statements_of({"SELECT 1", "SELECT pg_terminate_backend(pg_backend_pid())", "SELECT pg_sleep(1)"}));
    });
    BOOST_TEST_MESSAGE(e.what());
    BOOST_TEST(e.sqlstate().starts_with("08"));
}

BOOST_AUTO_TEST_CASE(quote_identifier_keeps_case_and_doubles_quotes) {
    const std::string name = "Mixed\"Case";
    const auto quoted = conn.quote_identifier(name);
    BOOST_TEST(quoted == "\"Mixed\"\"Case\"");
    conn.execute("CREATE TABLE " + quoted + " (id int)");
    const std::optional<std::string> params[] = {name};
    BOOST_TEST(conn.query("SELECT relname FROM pg_class WHERE relname = $1", params).rows.size() == 1U);
}

BOOST_AUTO_TEST_CASE(quote_literal_round_trips_quotes_and_backslashes) {
    const std::string value = "it's a \\ test";
    BOOST_TEST(conn.quote_literal("it's") == "'it''s'");
    BOOST_TEST(scalar("SELECT " + conn.quote_literal(value)) == value);
}

BOOST_AUTO_TEST_CASE(pipeline_runs_twenty_thousand_statements_in_one_call) {
    conn.execute("CREATE TABLE t (id int PRIMARY KEY)");
    const std::string insert = "INSERT INTO t VALUES ($1::int)";
    std::vector<pipeline_statement> statements;
    constexpr int count = 20000;
    for (int i = 0; i < count; ++i) {
        statements.push_back({insert, {std::to_string(i)}});
    }
    statements.push_back({"SELECT count(*) FROM t", {}});
    conn.run_pipeline(statements);
    BOOST_TEST(scalar("SELECT count(*) FROM t") == std::to_string(count));
}

BOOST_AUTO_TEST_CASE(pipeline_discards_rows_of_queries) {
    const std::vector<std::string> sql = {"CREATE TABLE t (id int)", "SELECT generate_series(1, 100000)",
                                          "INSERT INTO t SELECT generate_series(1, 10)", "SELECT * FROM t"};
    conn.run_pipeline(statements_of(sql));
    BOOST_TEST(scalar("SELECT count(*) FROM t") == "10");
}

BOOST_AUTO_TEST_CASE(pipeline_failure_names_the_statement_and_leaves_the_session_usable) {
    conn.execute("CREATE TABLE t (id int PRIMARY KEY)");
    const std::vector<std::string> sql = {"BEGIN",
                                          "INSERT INTO t VALUES (1)",
                                          "CREATE TABLE other (id int)",
                                          "INSERT INTO t VALUES (1)",
                                          "INSERT INTO t VALUES (2)",
                                          "COMMIT"};
    const auto e = caught<retort::pipeline_error>([&] { conn.run_pipeline(statements_of(sql)); });
    BOOST_TEST(e.index() == 3U);
    BOOST_TEST(e.sqlstate() == "23505");
    BOOST_TEST(e.info().detail == "Key (id)=(1) already exists.");
    conn.execute("ROLLBACK");
    BOOST_TEST(scalar("SELECT count(*) FROM t") == "0");
    BOOST_TEST(scalar("SELECT to_regclass('other') IS NULL") == "t");
    // Both protocols still work: a simple query and another pipeline.
    conn.run_pipeline(statements_of({"INSERT INTO t VALUES (7)"}));
    BOOST_TEST(scalar("SELECT id FROM t") == "7");
}

BOOST_AUTO_TEST_CASE(pipeline_syntax_error_keeps_position) {
    const auto e = caught<retort::pipeline_error>([&] {
        conn.run_pipeline(statements_of({"SELECT 1", "SELECT 1 FROM WHERE", "SELECT 2"}));
    });
    BOOST_TEST(e.index() == 1U);
    BOOST_TEST(e.sqlstate() == "42601");
    BOOST_TEST(e.info().position == 15);
    BOOST_TEST(scalar("SELECT 1") == "1");
}

BOOST_AUTO_TEST_CASE(pipeline_error_position_counts_within_the_failed_statement) {
    // The statements before it hold multi-byte characters: the server counts characters, not bytes.
    const auto e = caught<retort::pipeline_error>([&] {
        conn.run_pipeline(statements_of({"SELECT 'héllo wörld'", "SELECT 'ünïcode' -- ñ", "SELECT nosuchcolumn"}));
    });
    BOOST_TEST(e.index() == 2U);
    BOOST_TEST(e.sqlstate() == "42703");
    BOOST_TEST(e.info().position == 8);
}

BOOST_AUTO_TEST_CASE(pipeline_statement_may_end_in_a_line_comment) {
    conn.run_pipeline(
        statements_of({"CREATE TABLE t (id int) -- the statement ends here", "INSERT INTO t VALUES (1)"}));
    BOOST_TEST(scalar("SELECT count(*) FROM t") == "1");
}

BOOST_AUTO_TEST_CASE(pipeline_accepts_a_five_megabyte_statement) {
    constexpr std::size_t size = 5U * 1024U * 1024U;
    const std::string big = "INSERT INTO t VALUES ('" + std::string(size, 'x') + "')";
    const std::vector<std::string> sql = {"CREATE TABLE t (v text)", big, big, "INSERT INTO t VALUES ('small')"};
    conn.run_pipeline(statements_of(sql));
    BOOST_TEST(scalar("SELECT sum(length(v)) FROM t") == std::to_string(2 * size + 5));
}

BOOST_AUTO_TEST_CASE(pipeline_passes_parameters_and_nulls) {
    conn.execute("CREATE TABLE t (k text, v text)");
    std::vector<pipeline_statement> statements;
    statements.push_back({"INSERT INTO t VALUES ($1, $2)", {"a", std::nullopt}});
    statements.push_back({"INSERT INTO t VALUES ($1, $2)", {"b", "it's"}});
    conn.run_pipeline(statements);
    BOOST_TEST(scalar("SELECT string_agg(k || '=' || coalesce(v, 'NULL'), ',' ORDER BY k) FROM t") == "a=NULL,b=it's");
}

BOOST_AUTO_TEST_CASE(advisory_lock_is_exclusive_between_sessions) {
    constexpr std::int64_t key = -7'000'000'000'123LL;
    connection other = db.connect();
    BOOST_TEST(conn.try_advisory_lock(key));
    BOOST_TEST(!other.try_advisory_lock(key));
    conn.advisory_unlock(key);
    BOOST_TEST(other.try_advisory_lock(key));
    other.advisory_unlock(key);
    // Releasing a lock that is not held is a no-op.
    BOOST_CHECK_NO_THROW(conn.advisory_unlock(key));
    BOOST_TEST(conn.try_advisory_lock(key));
}

BOOST_AUTO_TEST_CASE(advisory_lock_guard_times_out_while_held_and_succeeds_after_release) {
    using namespace std::chrono_literals;
    constexpr std::int64_t key = 4242;
    connection holder = db.connect();
    BOOST_REQUIRE(holder.try_advisory_lock(key));

    int waits = 0;
    const auto started = std::chrono::steady_clock::now();
    const auto e = caught<retort::lock_timeout_error>([&] {
        retort::advisory_lock_guard guard{conn, key, 200ms, [&] { ++waits; }};
    });
    const auto waited = std::chrono::steady_clock::now() - started;
    BOOST_TEST(waits == 1);
    BOOST_TEST((waited >= 200ms));
    BOOST_TEST((waited < 5s));
    const std::string what = e.what();
    BOOST_TEST(what.find("200 ms") != std::string::npos);
    BOOST_TEST(what.find("4242") != std::string::npos);

    holder.advisory_unlock(key);
    waits = 0;
    {
        retort::advisory_lock_guard guard{conn, key, 200ms, [&] { ++waits; }};
        BOOST_TEST(waits == 0);
        BOOST_TEST(!holder.try_advisory_lock(key));
    }
    BOOST_TEST(holder.try_advisory_lock(key));
}

BOOST_AUTO_TEST_CASE(advisory_lock_guard_waits_for_a_release_within_the_timeout) {
    using namespace std::chrono_literals;
    constexpr std::int64_t key = 99;
    connection holder = db.connect();
    BOOST_REQUIRE(holder.try_advisory_lock(key));
    bool waited = false;
    // The holder lets go from inside on_wait, i.e. after the first try failed and before the backoff.
    retort::advisory_lock_guard guard{conn, key, 5s, [&] {
                                          waited = true;
                                          holder.advisory_unlock(key);
                                      }};
    BOOST_TEST(waited);
    BOOST_TEST(!holder.try_advisory_lock(key));
}

BOOST_AUTO_TEST_CASE(advisory_lock_guard_releases_the_lock_while_an_interrupt_is_pending) {
    using namespace std::chrono_literals;
    constexpr std::int64_t key = 5150;
    test_interrupt interrupt;
    connection interrupted = db.connect(&interrupt);
    {
        retort::advisory_lock_guard guard{interrupted, key, 1s};
        interrupt.fire(SIGINT);  // after the last statement under the lock, before the unlock
    }
    BOOST_TEST(conn.try_advisory_lock(key));  // released by the guard, not when the session ends
    const auto e = caught<retort::interrupted_error>([&] { interrupted.execute("SELECT 1"); });
    BOOST_TEST(e.signal() == SIGINT);
}

BOOST_AUTO_TEST_CASE(a_cleanup_rollback_runs_while_an_interrupt_is_pending_and_the_next_call_reports_it) {
    test_interrupt interrupt;
    connection interrupted = db.connect(&interrupt);
    const std::string pid = std::to_string(interrupted.backend_pid());
    interrupted.execute("BEGIN; CREATE TABLE half (x int)");
    interrupt.fire(SIGTERM);
    interrupted.execute_cleanup("ROLLBACK");
    BOOST_TEST(scalar("SELECT state FROM pg_stat_activity WHERE pid = " + pid) == "idle");
    const auto e = caught<retort::interrupted_error>([&] { interrupted.execute("SELECT 1"); });
    BOOST_TEST(e.signal() == SIGTERM);
    BOOST_TEST(interrupted.query("SELECT to_regclass('half') IS NULL").rows.front().front().value_or("") == "t");
}

// The cancel request travels on a connection of its own and may reach the server after the statement it
// was sent for finished; the statements after it must not be the ones it ends.
BOOST_AUTO_TEST_CASE(a_cancel_that_arrives_after_its_statement_finished_cancels_nothing_else) {
    for (int i = 0; i < 20; ++i) {
        test_interrupt interrupt;
        connection c = db.connect(&interrupt);
        std::thread firing([&] {
            std::this_thread::sleep_for(std::chrono::microseconds(400 * (i % 8)));
            interrupt.fire(SIGINT);
        });
        try {
            c.execute("SELECT pg_sleep(0.002)");
        } catch (const retort::interrupted_error&) {
        }
        firing.join();
        BOOST_CHECK_NO_THROW(c.execute_cleanup("SELECT pg_sleep(0.05)"));
    }
}

BOOST_AUTO_TEST_SUITE_END()
