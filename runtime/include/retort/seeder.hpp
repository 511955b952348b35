// The seeder: runs a catalog's seed files against a database (docs/seeds.md). It reads the database's
// state through the migrator and takes the migrator's lock; which seeds run is decided by plan_seeds()
// (seed.hpp), and the statements each seed sends by seed_batch() (script.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "retort/catalog.hpp"
#include "retort/driver.hpp"
#include "retort/migrator.hpp"
#include "retort/seed.hpp"

namespace retort {

// A statement of a seed failed: where (file:line), which seed, and the server's report. That seed was
// rolled back; the seeds before it stay applied.
class seed_error : public database_error {
public:
    seed_error(std::string what, details d, std::string seed, std::string file, std::uint32_t line)
        : database_error(std::move(what), std::move(d)), seed_(std::move(seed)), file_(std::move(file)), line_(line) {}
    const std::string& seed() const noexcept { return seed_; }
    const std::string& file() const noexcept { return file_; }
    std::uint32_t line() const noexcept { return line_; }

private:
    std::string seed_;
    std::string file_;
    std::uint32_t line_;
};

// What became of one seed.
struct seed_outcome {
    std::size_t seed = 0;  // index into catalog::seeds
    seed_decision decision;
    double seconds = 0;    // for a seed that ran: from BEGIN to COMMIT as seen here
};

class seeder {
public:
    // `options` as for the migrator: schema, lock timeout, on_waiting.
    seeder(const catalog& c, connection& conn, migrate_options options, std::string retort_version);

    // Runs every seed that is due, in file-name order, each in its own transaction (one round trip),
    // and calls `on_outcome` for each seed as soon as it is skipped or committed. When nothing is due
    // this costs two queries and takes no lock. Throws seed_error at the first seed that fails (it is
    // rolled back; earlier seeds stay applied; later ones are not tried), and state_error when the
    // database holds revisions these migrations do not know.
    std::vector<seed_outcome> run(const std::function<void(const seed_outcome&)>& on_outcome = {});

private:
    std::vector<seed_decision> plan();
    std::vector<recorded_seed> read_recorded();
    void ensure_tables();
    double run_seed(std::size_t index, const seed_decision& d);
    [[noreturn]] void fail(const seed& s, const script_statement& st, const pipeline_error& e);

    const catalog& catalog_;
    connection& conn_;
    migrator migrator_;
};

}  // namespace retort
