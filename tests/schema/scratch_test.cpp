// retort::scratch: a throwaway PostgreSQL that is gone after exit, Ctrl-C or SIGKILL, and scratch
// databases on a dev server that are dropped again.
#define BOOST_TEST_MODULE scratch_tests
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "scratch/scratch_database.hpp"

using namespace retort::scratch;
namespace fs = std::filesystem;

namespace {

bool eventually(const std::function<bool()>& condition, std::chrono::seconds limit = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return condition();
}

// Forks a child that runs `body` (which reports a path through `report`) and then waits to be killed;
// returns the child's pid and the reported path.
std::pair<pid_t, std::string> child_that_reports(const std::function<std::string()>& body) {
    int fds[2];
    BOOST_TEST_REQUIRE(pipe(fds) == 0);
    pid_t pid = fork();
    BOOST_TEST_REQUIRE(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        std::string path = body() + "\n";
        [[maybe_unused]] auto n = write(fds[1], path.data(), path.size());
        for (;;) pause();
    }
    close(fds[1]);
    std::string path;
    char c = 0;
    while (read(fds[0], &c, 1) == 1 && c != '\n') path += c;
    close(fds[0]);
    return {pid, path};
}

}  // namespace

BOOST_AUTO_TEST_CASE(with_database_replaces_the_database_of_both_conninfo_forms) {
    BOOST_TEST(with_database("host=/tmp port=5432", "x") == "host=/tmp port=5432 dbname='x'");
    BOOST_TEST(with_database("postgresql://u@h:5/db?sslmode=disable", "s 1") ==
               "postgresql://u@h:5/s%201?sslmode=disable");
    BOOST_TEST(with_database("postgresql://u@h", "s") == "postgresql://u@h/s");
    BOOST_TEST(with_database("postgres:///old?host=/tmp", "s") == "postgres:///s?host=/tmp");
}

BOOST_AUTO_TEST_CASE(a_throwaway_server_answers_and_is_removed_with_its_owner_object) {
    fs::path dir;
    {
        auto server = throwaway_server::start();
        dir = server.directory();
        auto conn = retort::connection::open({server.conninfo(), "test"});
        BOOST_TEST(*conn.query("SELECT 1").rows.at(0).at(0) == "1");
        BOOST_TEST(fs::exists(dir / "data" / "PG_VERSION"));
    }
    BOOST_TEST(!fs::exists(dir));
}

BOOST_AUTO_TEST_CASE(a_throwaway_server_is_removed_when_its_process_is_killed) {
    for (int sig : {SIGINT, SIGKILL}) {
        auto [pid, dir] = child_that_reports([] {
            static auto server = throwaway_server::start();  // the child never returns to destroy it
            return server.directory().string();
        });
        BOOST_TEST_REQUIRE(!dir.empty());
        BOOST_TEST(fs::exists(dir));
        kill(pid, sig);
        int status = 0;
        waitpid(pid, &status, 0);
        BOOST_TEST(eventually([&] { return !fs::exists(dir); }), "signal " << sig << ": " << dir << " is still there");
    }
}

BOOST_AUTO_TEST_CASE(an_exit_guard_runs_its_cleanup_once_when_released) {
    fs::path marker = fs::temp_directory_path() / ("retort_guard_" + std::to_string(getpid()));
    {
        exit_guard guard([marker] { std::ofstream(marker) << "done"; });
        BOOST_TEST(!fs::exists(marker));
    }
    BOOST_TEST(fs::exists(marker));
    fs::remove(marker);
}

BOOST_AUTO_TEST_CASE(scratch_databases_on_a_dev_server_are_dropped_and_nothing_else_is_touched) {
    auto admin = retort::connection::open({"dbname=postgres", "test"});
    auto count = [&](const std::string& name) {
        return *admin
                    .query("SELECT count(*) FROM pg_database WHERE datname = $1",
                           std::vector<std::optional<std::string>>{name})
                    .rows.at(0)
                    .at(0);
    };
    std::string name;
    {
        auto server = scratch_server::on("dbname=postgres");
        auto db = server.create_database();
        name = db.name();
        BOOST_TEST(name.starts_with("retort_scratch_"));
        BOOST_TEST(count(name) == "1");
        auto conn = db.connect();
        conn.execute("CREATE TABLE t (x int)");
    }
    BOOST_TEST(count(name) == "0");
}

BOOST_AUTO_TEST_CASE(scratch_databases_of_a_killed_process_are_dropped_by_its_guardian) {
    auto [pid, name] = child_that_reports([] {
        static auto server = scratch_server::on("dbname=postgres");
        static auto db = server.create_database();
        return db.name();
    });
    BOOST_TEST_REQUIRE(name.starts_with("retort_scratch_"));
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    auto admin = retort::connection::open({"dbname=postgres", "test"});
    BOOST_TEST(eventually([&] {
        return *admin
                    .query("SELECT count(*) FROM pg_database WHERE datname = $1",
                           std::vector<std::optional<std::string>>{name})
                    .rows.at(0)
                    .at(0) == "0";
    }));
}
