// Helpers for integration tests that run against the fixture's PostgreSQL (reached through PG* variables).
#pragma once

#include <string>
#include <string_view>

#include "retort/driver.hpp"

namespace retort::testing {

// A conninfo value in single quotes, with quotes and backslashes escaped as libpq expects.
std::string conninfo_value(std::string_view value);

// A database of its own for one test: created on construction, dropped (WITH (FORCE), so sessions the
// test left open do not block it) on destruction. Host, port and user come from the environment.
class scratch_database {
public:
    explicit scratch_database(std::string_view prefix = "retort_test");
    scratch_database(const scratch_database&) = delete;
    scratch_database& operator=(const scratch_database&) = delete;
    ~scratch_database();

    // The database's name, unquoted.
    const std::string& name() const noexcept { return name_; }

    // A libpq keyword string naming this database, e.g. "dbname='retort_test_123_1'".
    std::string conninfo() const;

    // A new session on this database.
    connection connect() const;

    // Opens a new administrative session, for tests that restart the server: the old one died with it.
    void reconnect();

private:
    std::string name_;
    connection admin_;
};

}  // namespace retort::testing
