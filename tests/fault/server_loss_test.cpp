// Server loss: the server stops (pg_ctl stop -m immediate), restarts, or terminates the migrating backend
// (pg_terminate_backend) in the middle of a run. The CLI exits 5 (connection) and says it lost the
// connection; the database holds exactly what was recorded; the next run completes.
//
// These tests stop their server, so they run on a cluster of their own (started here with
// tests/pg/pg_cluster.sh in RETORT_FAULT_PG_DIR; PGHOST and PGPORT point at it), never the shared fixture.
#define BOOST_TEST_MODULE server_loss_tests
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "fault_setup.hpp"

namespace {

using namespace retort::testing;
using namespace std::chrono_literals;

// pg_cluster.sh ACTION for this suite's cluster; throws with the script's output when it fails.
void cluster(const std::string& action) {
    const char* dir = std::getenv("RETORT_FAULT_PG_DIR");
    const char* port = std::getenv("PGPORT");
    if (!dir || !port) throw std::runtime_error("RETORT_FAULT_PG_DIR and PGPORT must name this suite's cluster");
    child_process script({"bash", RETORT_PG_CLUSTER, action, dir, port}, {}, std::filesystem::temp_directory_path());
    const auto r = script.wait(120s);
    if (r.status != 0) throw std::runtime_error("pg_cluster.sh " + action + " failed: " + r.out + r.err);
}

struct own_cluster {
    own_cluster() { cluster("start"); }
    ~own_cluster() {
        try {
            cluster("stop");
        } catch (const std::exception& e) {
            BOOST_TEST_MESSAGE(e.what());
        }
    }
};
BOOST_TEST_GLOBAL_FIXTURE(own_cluster);

// 60 revisions that each sleep 30 ms: a run lasts about two seconds, and a fault injected once a few
// steps have committed lands inside a later revision's transaction.
struct loss_fixture {
    fault_setup setup{{.count = 60, .sleep_seconds = 0.03}, "loss"};

    // How many `operation` steps (upgrade or downgrade) have committed so far.
    int committed(const std::string& operation) {
        const std::optional<std::string> op = operation;
        return std::stoi(*setup.conn.query("SELECT count(*) FROM fault_events WHERE operation = $1", std::span(&op, 1))
                              .rows.at(0)
                              .at(0));
    }

    void wait_for_committed(const std::string& operation, int count) {
        for (int i = 0; i < 3000 && committed(operation) < count; ++i) std::this_thread::sleep_for(10ms);
    }

    // Starts `args` (`-q upgrade ...` or `-q downgrade ...`), waits until three of its steps have
    // committed, requires the run to be still going, then does `fault`.
    template <typename Fault>
    process_result interrupt(const strings& args, Fault fault) {
        const std::string& operation = args.at(1);
        const int before = committed(operation);
        auto child = setup.start(args);
        wait_for_committed(operation, before + 3);
        std::this_thread::sleep_for(50ms);
        BOOST_REQUIRE_MESSAGE(!child.poll(), "the run ended before the fault was injected");
        fault();
        return child.wait();
    }

    // After a restart every session of the test is new.
    void reconnect() {
        setup.db.reconnect();
        setup.conn = setup.db.connect();
    }

    void terminate_retort_backend() {
        const std::optional<std::string> db = setup.db.name();
        const auto r = setup.conn.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 "
            "AND application_name = 'retort' AND pid <> pg_backend_pid()",
            std::span(&db, 1));
        BOOST_REQUIRE_EQUAL(r.rows.size(), 1U);
    }

    void require_lost_connection(const process_result& r) {
        BOOST_CHECK_MESSAGE(r.status == 5, "exit " << r.status << ": " << r.err);
        BOOST_CHECK_MESSAGE(contains(r.err, "retort: cannot reach the database: lost the connection to"), r.err);
    }

    // The database is consistent and `args` run again completes, recording `expected`.
    void require_rerun_completes(const strings& args, const std::set<std::string>& expected) {
        const auto before = setup.check(effects::follow_records);
        BOOST_REQUIRE_MESSAGE(before.problems.empty(), lines(before.problems));
        const auto r = setup.run(args);
        BOOST_REQUIRE_MESSAGE(r.status == 0, "the rerun exited " << r.status << ": " << r.err);
        const auto after = setup.check(effects::follow_records);
        BOOST_REQUIRE_MESSAGE(after.problems.empty(), lines(after.problems));
        BOOST_CHECK(after.recorded() == expected);
    }
};

BOOST_FIXTURE_TEST_CASE(immediate_stop_mid_upgrade_exits_5_and_the_rerun_after_restart_completes, loss_fixture) {
    const auto r = interrupt({"-q", "upgrade", "head"}, [] { cluster("crash"); });
    require_lost_connection(r);

    const auto down = setup.run({"-q", "upgrade", "head"});
    BOOST_CHECK_MESSAGE(down.status == 5, "exit " << down.status << ": " << down.err);
    BOOST_CHECK_MESSAGE(contains(down.err, "cannot connect to PostgreSQL (host="), down.err);

    cluster("restart");
    reconnect();
    require_rerun_completes({"-q", "upgrade", "head"}, setup.history.ids());
}

BOOST_FIXTURE_TEST_CASE(restart_mid_downgrade_exits_5_and_the_rerun_completes, loss_fixture) {
    BOOST_REQUIRE_EQUAL(setup.run({"-q", "upgrade", "head"}).status, 0);
    const auto r = interrupt({"-q", "downgrade", "base"}, [] {
        cluster("crash");
        cluster("restart");
    });
    require_lost_connection(r);
    reconnect();
    require_rerun_completes({"-q", "downgrade", "base"}, {});
}

BOOST_FIXTURE_TEST_CASE(terminated_backend_mid_upgrade_exits_5_and_the_rerun_completes, loss_fixture) {
    const auto r = interrupt({"-q", "upgrade", "head"}, [this] { terminate_retort_backend(); });
    require_lost_connection(r);
    require_rerun_completes({"-q", "upgrade", "head"}, setup.history.ids());
}

BOOST_FIXTURE_TEST_CASE(terminated_backend_mid_downgrade_exits_5_and_the_rerun_completes, loss_fixture) {
    BOOST_REQUIRE_EQUAL(setup.run({"-q", "upgrade", "head"}).status, 0);
    const auto r = interrupt({"-q", "downgrade", "base"}, [this] { terminate_retort_backend(); });
    require_lost_connection(r);
    require_rerun_completes({"-q", "downgrade", "base"}, {});
}

// The server told the session why it ended (57P01); the user should read that rather than libpq's guess
// that the server "terminated abnormally".
BOOST_FIXTURE_TEST_CASE(terminated_backend_is_reported_with_the_servers_reason, loss_fixture) {
    const auto r = interrupt({"-q", "upgrade", "head"}, [this] { terminate_retort_backend(); });
    BOOST_CHECK_MESSAGE(contains(r.err, "08006: ") &&
                            contains(r.err, "terminating connection due to administrator command"),
                        r.err);
}

BOOST_FIXTURE_TEST_CASE(terminated_lock_waiter_exits_5_and_the_holder_completes, loss_fixture) {
    auto holder = setup.start({"-q", "upgrade", "head"});
    // The holder has taken the lock before the waiter starts, or their roles could swap.
    wait_for_committed("upgrade", 1);
    auto waiter = setup.start({"-q", "upgrade", "head"});
    // The waiter's session: the newest retort session, idle between two tries of the lock.
    const std::optional<std::string> db = setup.db.name();
    std::string waiter_pid;
    for (int i = 0; i < 500 && waiter_pid.empty(); ++i) {
        const auto rows = setup.conn
                              .query(
                                  "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = "
                                  "'retort' AND query LIKE '%pg_try_advisory_lock%' AND pid <> pg_backend_pid() "
                                  "ORDER BY backend_start DESC LIMIT 1",
                                  std::span(&db, 1))
                              .rows;
        if (!rows.empty())
            waiter_pid = *rows.at(0).at(0);
        else
            std::this_thread::sleep_for(10ms);
    }
    BOOST_REQUIRE_MESSAGE(!waiter_pid.empty(), "no second retort session waited for the lock");
    const std::optional<std::string> pid = waiter_pid;
    setup.conn.query("SELECT pg_terminate_backend($1::int)", std::span(&pid, 1));

    require_lost_connection(waiter.wait());
    const auto h = holder.wait();
    BOOST_CHECK_MESSAGE(h.status == 0, "the holder exited " << h.status << ": " << h.err);
    require_rerun_completes({"-q", "upgrade", "head"}, setup.history.ids());
}

}  // namespace
