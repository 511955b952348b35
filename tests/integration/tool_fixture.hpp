// Runs the `retort --dir DIR` tool as a user does, for integration tests: a fixture with its own
// revision directory and database, child processes with a controlled environment, exit-status checks.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "child_process.hpp"
#include "pg_test_support.hpp"
#include "retort/driver.hpp"
#include "revision_dir.hpp"

namespace retort::testing {

std::string read_file(const std::filesystem::path& p);

using result = process_result;

// Starts `argv` with stdout and stderr to files under `scratch`, after applying `env` (nullopt unsets).
child_process spawn(const std::filesystem::path& scratch, const strings& argv, const env_changes& env);

// Waits for `p`; a signal shows as 128 + its number.
result finish(child_process& p);
inline result finish(child_process&& p) { return finish(p); }

// A revision directory, a scratch database and the tool pointed at both.
struct tool_fixture {
    temp_dir tmp;
    std::filesystem::path dir = tmp.path / "migrations";
    scratch_database db;
    connection conn = db.connect();

    explicit tool_fixture(std::string_view prefix = "cli");

    // The environment of every child: this database through PG*, no DATABASE_* variables.
    env_changes base_env(const scratch_database& d) const;
    strings tool(const strings& args) const;
    result retort(const strings& args, env_changes extra = {});
    result command(const strings& argv, const scratch_database& d);

    strings column(const std::string& sql);
    std::string scalar(const std::string& sql);
    strings version_rows();
    bool exists(const std::string& relation);
    // Revisions ids[0] <- ids[1] <- ..., each creating table t_<id>.
    void chain(const strings& ids);
};

// A login role of one test's own, dropped at the end with whatever it owns or was granted in `db`.
struct scratch_role {
    const scratch_database& db;
    std::string name;
    std::string quoted;

    scratch_role(const scratch_database& d, const std::string& prefix);
    scratch_role(const scratch_role&) = delete;
    scratch_role& operator=(const scratch_role&) = delete;
    ~scratch_role();
    env_changes as() const { return {{"PGUSER", name}}; }
};

// pg_dump --schema-only of `d` without comments and the per-run \restrict key.
std::string schema_of(tool_fixture& f, const scratch_database& d);

}  // namespace retort::testing

#define CHECK_STRINGS(actual, ...) BOOST_TEST((actual) == (strings{__VA_ARGS__}), boost::test_tools::per_element())
// A macro so that failures point at the caller's line; `r` is evaluated once.
#define CHECK_EXIT(r, code)                                                               \
    do {                                                                                  \
        const ::retort::testing::result checked_ = (r);                                   \
        BOOST_TEST(checked_.status == (code), "exit " << checked_.status << "\nstdout:\n" \
                                                      << checked_.out << "\nstderr:\n"    \
                                                      << checked_.err);                   \
    } while (false)
