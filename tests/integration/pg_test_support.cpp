// scratch_database: one uniquely named database per integration test on the fixture's server.
#include "pg_test_support.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <exception>

namespace retort::testing {
namespace {

// The pid keeps parallel test processes apart, the counter the databases of one process.
std::string unique_name(std::string_view prefix) {
    static std::atomic<unsigned> counter{0};
    return fmt::format("{}_{}_{}", prefix, getpid(), ++counter);
}

connection connect_admin() {
    connection_options options;
    options.application_name = "retort_test_support";
    return connection::open(options);
}

}  // namespace

std::string conninfo_value(std::string_view value) {
    std::string quoted = "'";
    for (const char c : value) {
        if (c == '\'' || c == '\\') {
            quoted += '\\';
        }
        quoted += c;
    }
    return quoted + "'";
}

scratch_database::scratch_database(std::string_view prefix) : name_(unique_name(prefix)), admin_(connect_admin()) {
    admin_.execute(fmt::format("CREATE DATABASE {}", admin_.quote_identifier(name_)));
}

scratch_database::~scratch_database() {
    try {
        admin_.execute(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", admin_.quote_identifier(name_)));
    } catch (const std::exception& e) {
        // A leftover database dies with the throwaway cluster; say so, but never throw from here.
        std::fprintf(stderr, "retort test support: could not drop database %s: %s\n", name_.c_str(), e.what());
    }
}

void scratch_database::reconnect() { admin_ = connect_admin(); }

std::string scratch_database::conninfo() const { return "dbname=" + conninfo_value(name_); }

connection scratch_database::connect(const interrupt_source* interrupt) const {
    connection_options options;
    options.conninfo = conninfo();
    options.interrupt = interrupt;
    return connection::open(options);
}

test_interrupt::test_interrupt() {
    int fds[2];
    if (::pipe(fds) != 0) throw error("pipe() failed for the test interrupt");
    read_fd_ = fds[0];
    write_fd_ = fds[1];
}

test_interrupt::~test_interrupt() {
    ::close(read_fd_);
    ::close(write_fd_);
}

void test_interrupt::fire(int signal) {
    int expected = 0;
    if (signal_.compare_exchange_strong(expected, signal)) (void)!::write(write_fd_, "!", 1);
}

}  // namespace retort::testing
