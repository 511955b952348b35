// Reading a database's schema into the model: every catalog query runs in one read-only snapshot.
#pragma once

#include <string>
#include <vector>

#include "retort/driver.hpp"
#include "schema/model.hpp"

namespace retort::schema {

struct read_options {
    bool grants = false;               // read privileges (GRANT/REVOKE) too
    std::vector<std::string> schemas;  // only these schemas when not empty
    // Tables that are not part of the schema (retort's own bookkeeping), as {schema, name}; an empty
    // schema matches the name in any schema. Their columns, indexes, constraints, triggers, policies,
    // comments and owned sequences go with them.
    std::vector<std::pair<std::string, std::string>> exclude_tables;
};

// Reads every modelled object of the database `conn` is connected to, their dependencies, and every
// object of a kind the model does not hold (database_schema::unmodelled). Runs in its own read-only
// REPEATABLE READ transaction; `second`, another session on the same database when given, runs half
// of the queries at the same time in the same snapshot. Throws database_error.
database_schema read_schema(connection& conn, const read_options& options = {}, connection* second = nullptr);

// Reads two databases at the same time (the second in a thread of its own), so that a comparison
// waits for the slower read rather than for both; each may have a second session (read_schema()).
// Throws what read_schema() throws.
std::pair<database_schema, database_schema> read_schemas(connection& a, connection& b, const read_options& options = {},
                                                         connection* a_second = nullptr,
                                                         connection* b_second = nullptr);

}  // namespace retort::schema
