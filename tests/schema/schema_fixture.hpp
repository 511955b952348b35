// Helpers for the integration tests of retort::schema: a scratch server on the fixture's PostgreSQL,
// migrations written inline, and the independent proof that a generated revision does what it says.
#pragma once

#include <boost/test/unit_test.hpp>

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "retort/graph.hpp"
#include "revision_files.hpp"
#include "schema/autogenerate.hpp"

namespace retort::testing {

// One scratch server for the whole test run: the fixture's server (PG* variables).
scratch::scratch_server& test_server();

// Migrations written inline: revision i (1-based) has id "r<i>" and revises the one before.
class inline_migrations {
public:
    // Adds a revision whose upgrade is `upgrade` (its downgrade a no-op).
    inline_migrations& add(const std::string& upgrade, bool transactional = true);
    graph build() const;

private:
    revision_files files_;
    std::size_t count_ = 0;
};

// Runs autogenerate from the schema of one revision (`start`) to `declared`.
schema::autogenerate_result generate(const std::string& start, const std::string& declared,
                                     const schema::autogenerate_options& options = {});

// The upgrade (and concurrent upgrade) SQL of a result, as the revision file holds it.
std::string upgrade_sql(const schema::autogenerate_result& r);
std::string downgrade_sql(const schema::autogenerate_result& r);

// Checks that `r` is verified, then proves it again independently: its revision files are rendered,
// parsed by retort's revision parser, and their statements run on a fresh database that holds
// `start`; the result must equal `declared` (read from a third database), and after the downgrade,
// `start` again.
void require_round_trip(const schema::autogenerate_result& r, const std::string& start, const std::string& declared);

bool contains(const std::string& text, const std::string& part);

}  // namespace retort::testing

namespace retort::schema {
inline std::ostream& operator<<(std::ostream& out, autogenerate_status s) { return out << status_name(s); }
}  // namespace retort::schema

namespace retort::testing {}  // namespace retort::testing
