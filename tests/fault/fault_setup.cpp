// fault_setup: the database, revision directory and tool invocation shared by the fault tests.
#include "fault_setup.hpp"

namespace retort::testing {

namespace fs = std::filesystem;

namespace {

fs::path make_dir(const fs::path& parent) {
    fs::create_directory(parent / "migrations");
    return parent / "migrations";
}

}  // namespace

fault_setup::fault_setup(const fault_history_options& options, std::string_view db_prefix)
    : tmp("retort_fault"),
      dir(make_dir(tmp.path)),
      history(dir, options),
      db(db_prefix),
      conn(db.connect()) {
    conn.execute(fault_history::setup_sql());
}

env_changes fault_setup::env() const {
    return {{"PGDATABASE", db.name()},          {"DATABASE_URL", std::nullopt},  {"DATABASE_HOST", std::nullopt},
            {"DATABASE_PORT", std::nullopt},    {"DATABASE_NAME", std::nullopt}, {"DATABASE_USER", std::nullopt},
            {"DATABASE_PASSWORD", std::nullopt}};
}

child_process fault_setup::start(const strings& args) const {
    strings argv{RETORT_TOOL, "--dir", dir.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return child_process(argv, env(), tmp.path);
}

process_result fault_setup::run(const strings& args) const { return start(args).wait(); }

fault_setup::checked fault_setup::check(effects e) {
    wait_for_retort_sessions_to_end(conn, db.name());
    checked c{read_snapshot(conn), {}};
    c.problems = consistency_problems(history, c.snapshot, e);
    return c;
}

std::set<std::string> fault_setup::checked::recorded() const {
    std::set<std::string> out;
    for (const auto& [revision, status] : snapshot.status) out.insert(revision);
    return out;
}

std::string lines(const std::vector<std::string>& problems) {
    std::string out;
    for (const auto& p : problems) out += "\n  " + p;
    return out;
}

}  // namespace retort::testing
