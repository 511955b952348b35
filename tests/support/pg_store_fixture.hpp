// A PostgreSQL store on a scratch database of its own, with retort's tables created, and the reads the
// store suites check its records with.
#pragma once

#include <string>
#include <string_view>

#include "pg_test_support.hpp"
#include "store/postgres_store.hpp"

namespace retort::testing {

struct pg_store_fixture {
    scratch_database db;
    connection conn = db.connect();
    postgres_store store;

    pg_store_fixture(const std::string& prefix, const store_config& config, postgres_options options = {})
        : db(prefix),
          store(conn, config, std::move(options)) {
        store.ensure_tables(false);
    }

    // The upgrade SQL recorded for revision `id`.
    std::string executed(std::string_view id) {
        history_request request;
        request.executed_sql = {id};
        return store.read_history(request).executed_sql[std::string(id)];
    }
    // The first value of the first row of `sql`; "NULL" for NULL.
    std::string scalar(const std::string& sql) { return conn.query(sql).rows.at(0).at(0).value_or("NULL"); }
    std::string version_rows() { return scalar("SELECT string_agg(version_num, ',' ORDER BY 1) FROM alembic_version"); }
    std::string logged() {
        return scalar("SELECT string_agg(operation || ':' || revision, ',' ORDER BY id) FROM alembic_version_log");
    }
};

}  // namespace retort::testing
