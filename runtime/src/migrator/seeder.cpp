// Runs seeds: two queries when nothing is due; otherwise lock, read again, and one round trip per seed.
#include "retort/seeder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "retort/script.hpp"
#include "retort/sql_lexer.hpp"

namespace retort {

namespace {

using clock = std::chrono::steady_clock;

}  // namespace

seeder::seeder(const catalog& c, connection& conn, migrate_options options, std::string retort_version)
    : catalog_(c), conn_(conn), migrator_(c, conn, std::move(options), std::move(retort_version)) {}

std::vector<seed_outcome> seeder::run(const std::function<void(const seed_outcome&)>& on_outcome) {
    auto decisions = plan();
    const bool due = std::any_of(decisions.begin(), decisions.end(), [](const auto& d) { return runs(d.verdict); });
    std::unique_ptr<advisory_lock_guard> lock;
    if (due) {
        // Under the lock the state is read again: another process may have migrated or seeded meanwhile.
        lock = migrator_.take_lock();
        ensure_tables();
        decisions = plan();
    }
    std::vector<seed_outcome> out;
    for (std::size_t i = 0; i < decisions.size(); ++i) {
        seed_outcome o{i, decisions[i], 0};
        if (runs(o.decision.verdict)) o.seconds = run_seed(i, o.decision);
        out.push_back(o);
        if (on_outcome) on_outcome(o);
    }
    return out;
}

// The version rows through the migrator's one state query (which also sets search_path for --schema),
// then the seed table.
std::vector<seed_decision> seeder::plan() {
    const graph& g = catalog_.revisions;
    database_state s = migrator_.read_state();
    applied_state applied{{}, std::vector<bool>(g.size(), false)};
    // Rows this graph does not know throw here, naming them: the schema is not one these seeds know.
    if (s.initialized) applied = s.applied ? *s.applied : state_from_rows(g, s.rows);
    return plan_seeds(g, applied, catalog_.seeds, read_recorded());
}

std::vector<recorded_seed> seeder::read_recorded() {
    std::vector<recorded_seed> out;
    query_result r;
    try {
        r = conn_.query(migrator_.books().seeds_query());
    } catch (const database_error& e) {
        if (e.sqlstate() == "42P01" || e.sqlstate() == "3F000") return out;  // no seed has run here yet
        throw;
    }
    for (const auto& row : r.rows)
        out.push_back({row.at(0).value_or(""), row.at(1).value_or(""), row.at(2).value_or("f") == "t"});
    return out;
}

// retort's tables and the seed table, under the lock; the seed table's query needs the history table.
void seeder::ensure_tables() {
    std::vector<std::string> ddl = migrator_.books().create_tables();
    ddl.push_back(migrator_.books().create_seed_table());
    std::vector<pipeline_statement> batch;
    for (const auto& sql : ddl) batch.push_back({sql, {}});
    conn_.run_pipeline(batch);
}

double seeder::run_seed(std::size_t index, const seed_decision& d) {
    const seed& s = catalog_.seeds.at(index);
    std::string_view required = d.required ? catalog_.revisions.at(*d.required).id : std::string_view{};
    batch b = seed_batch(migrator_.books(), s, required);
    std::vector<pipeline_statement> statements;
    statements.reserve(b.statements.size());
    for (const auto& st : b.statements) statements.push_back({st.text(), {}});
    auto start = clock::now();
    try {
        conn_.run_pipeline(statements);
    } catch (const pipeline_error& e) {
        try {
            conn_.execute("ROLLBACK");
        } catch (const error&) {
        }
        fail(s, b.statements.at(e.index()), e);
    }
    return std::chrono::duration<double>(clock::now() - start).count();
}

void seeder::fail(const seed& s, const script_statement& st, const pipeline_error& e) {
    const auto& d = e.info();
    std::uint32_t line = st.from_file ? line_at(*st.from_file, d.position) : 0;
    std::string where = st.from_file ? fmt::format("{}:{}", s.file, line) : std::string(s.file);
    std::string what = fmt::format(
        "{}: error: seed {} ({}) failed{}: {}\nNothing of seed {} was applied or recorded; the seeds before it stay "
        "applied and the seeds after it were not run. Fix the seed and run 'seed' again.",
        where, s.name, s.message, st.from_file ? "" : " while recording it", describe_server_error(d), s.name);
    // Best effort: the failure is logged in its own transaction; a lost connection loses only the log row.
    try {
        conn_.execute(migrator_.books().log("seed", {}, "failed", fmt::format("{}: {}", where, describe_server_error(d))));
    } catch (const error&) {
    }
    throw seed_error(std::move(what), d, std::string(s.name), std::string(s.file), line);
}

}  // namespace retort
