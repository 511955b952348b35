// The rows of every table, as a count and a digest: enough to tell whether running something again
// changed the data (the round trip's second run of the seeds).
#pragma once

#include <string>
#include <vector>

#include "retort/driver.hpp"
#include "schema/model.hpp"

namespace retort::schema {

struct table_rows {
    std::string table;  // schema.name as SQL names it (qualified_name)
    long long count = 0;
    std::string digest;  // md5 of the rows as text in sorted order; empty for no rows

    friend bool operator==(const table_rows&, const table_rows&) = default;
};

// Counts and digests the rows of each table of `s` (partitioned tables through their partitions), in
// the order of `s.tables`. One query per table; throws database_error.
std::vector<table_rows> read_table_rows(connection& conn, const database_schema& s);

}  // namespace retort::schema
