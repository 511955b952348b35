// Which table-level lock a statement takes on which relation (PostgreSQL 15's documentation, "Explicit
// Locking", and the ALTER TABLE page per subcommand), and whether its run time grows with a table's size.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sql/json.hpp"

namespace retort::sql {

// In PostgreSQL's order: each conflicts with at least what the one before it conflicts with.
enum class lock_mode : std::uint8_t {
    access_share = 1,
    row_share,
    row_exclusive,
    share_update_exclusive,
    share,
    share_row_exclusive,
    exclusive,
    access_exclusive,
};

// "ACCESS EXCLUSIVE", ...
std::string_view lock_name(lock_mode m) noexcept;

// Whether `m` makes ordinary traffic wait: SHARE and stronger block writes, ACCESS EXCLUSIVE blocks reads.
constexpr bool blocks_traffic(lock_mode m) noexcept { return m >= lock_mode::share; }

struct lock_use {
    std::string relation;  // relation_key
    lock_mode mode = lock_mode::access_share;
};

// The strongest lock the statement takes on each relation it names explicitly (weaker ACCESS SHARE locks of
// relations only read are in relations_read()).
std::vector<lock_use> locks_of(const json::value& statement);

// Every relation the statement names anywhere (each RangeVar), e.g. the tables a view or a query reads.
std::vector<std::string> relations_named(const json::value& statement);

// Whether the statement's run time grows with the size of the tables it works on: index builds, scans
// that validate constraints, table rewrites, data changes, VACUUM, CLUSTER, REINDEX, REFRESH.
bool works_on_rows(const json::value& statement);

}  // namespace retort::sql
