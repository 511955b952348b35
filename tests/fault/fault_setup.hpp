// What every fault test starts from: a scratch database holding fault_events, a revision directory with a
// generated fault_history, and the `retort --dir` tool run on them as a user would.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "child_process.hpp"
#include "fault_history.hpp"
#include "pg_test_support.hpp"
#include "revision_dir.hpp"

namespace retort::testing {

struct fault_setup {
    temp_dir tmp;
    std::filesystem::path dir;
    fault_history history;
    scratch_database db;
    connection conn;

    fault_setup(const fault_history_options& options, std::string_view db_prefix);

    // The environment of every child: this database through PG*, no DATABASE_* variables.
    env_changes env() const;
    // `retort --dir DIR ARGS...`, started now.
    child_process start(const strings& args) const;
    // `retort --dir DIR ARGS...` to the end.
    process_result run(const strings& args) const;

    // The database once every retort session on it has ended, and what contradicts itself in it.
    struct checked {
        fault_snapshot snapshot;
        std::vector<std::string> problems;
        // The revisions the history table records.
        std::set<std::string> recorded() const;
    };
    checked check(effects e);
};

// One line per problem, for a test's failure message.
std::string lines(const std::vector<std::string>& problems);

}  // namespace retort::testing
