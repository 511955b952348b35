// Helpers for integration tests that run against the fixture's PostgreSQL (reached through PG* variables).
#pragma once

#include <atomic>
#include <string>
#include <string_view>

#include "retort/driver.hpp"

namespace retort::testing {

// A conninfo value in single quotes, with quotes and backslashes escaped as libpq expects.
std::string conninfo_value(std::string_view value);

// An interrupt the test fires itself, as signal_watcher does on Ctrl-C: fire() makes wake_fd() readable.
class test_interrupt final : public interrupt_source {
public:
    test_interrupt();
    test_interrupt(const test_interrupt&) = delete;
    test_interrupt& operator=(const test_interrupt&) = delete;
    ~test_interrupt() override;

    void fire(int signal);
    int wake_fd() const noexcept override { return read_fd_; }
    int signal() const noexcept override { return signal_.load(); }

private:
    int read_fd_ = -1;
    int write_fd_ = -1;
    std::atomic<int> signal_{0};
};

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

    // A new session on this database; `interrupt` wakes its waits as the CLI's signal watcher does.
    connection connect(const interrupt_source* interrupt = nullptr) const;

    // Opens a new administrative session, for tests that restart the server: the old one died with it.
    void reconnect();

private:
    std::string name_;
    connection admin_;
};

}  // namespace retort::testing
