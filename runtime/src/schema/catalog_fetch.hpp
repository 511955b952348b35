// Running the catalog queries (queries.hpp) of one database in one read-only snapshot, on its session
// or split over two, and handing out each result as soon as it has arrived: the reader turns the first
// results into the model while the server still runs the later ones.
#pragma once

#include <condition_variable>
#include <future>
#include <mutex>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "retort/driver.hpp"
#include "schema/catalog_reader.hpp"

namespace retort::schema {

class catalog_fetch {
public:
    // Begins the transactions and sends every query, each session's in a thread of its own; returns
    // without waiting for them. With `second`, the server's slowest printers (indexes, constraints,
    // routines) and the search for unmodelled objects run there, in the same snapshot. Throws
    // database_error when a transaction cannot be begun.
    catalog_fetch(connection& conn, connection* second, const read_options& options);
    catalog_fetch(const catalog_fetch&) = delete;
    catalog_fetch& operator=(const catalog_fetch&) = delete;
    // Waits for both sessions (their threads use the connections).
    ~catalog_fetch();

    // The rows of `sql` (one of queries::, asked once), waiting until they have arrived; throws what
    // its session threw.
    result_rows take(std::string_view sql);
    // The position in `among` (queries not taken yet) of one whose rows have arrived (or whose session
    // failed), waiting until there is one.
    std::size_t next_ready(std::span<const std::string_view> among);
    // Waits until both sessions have ended their transactions; throws the first failure.
    void finish();

private:
    void start(connection& conn, const std::vector<std::string_view>& sqls, std::future<void>& done);
    void arrived();

    std::mutex mutex_;  // with arrival_: a result arrived (next_ready)
    std::condition_variable arrival_;

    std::unordered_map<const char*, std::promise<result_rows>> promises_;  // by the query's text
    std::unordered_map<const char*, std::future<result_rows>> futures_;
    std::future<void> first_, second_;
};

}  // namespace retort::schema
