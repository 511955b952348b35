// An open PostgreSQL session with its history store: what every command that reads or changes a
// database starts with.
#pragma once

#include "app/app.hpp"
#include "app/session.hpp"
#include "store/postgres_store.hpp"

namespace retort::app {

class database {
public:
    // Connects (throws connection_error). `server_limits`: the migrations' PostgreSQL lock_timeout and
    // statement_timeout apply to this session once the lock is taken.
    database(const catalog& c, const database_options& o, bool server_limits = false);

    connection& conn() noexcept { return conn_; }
    postgres_store& store() noexcept { return store_; }
    retort::session& session() noexcept { return session_; }

private:
    connection conn_;
    postgres_store store_;
    retort::session session_;
};

// The store's configuration for these options.
store_config store_config_of(const catalog& c, const migrate_options& o, const std::string& retort_version);

}  // namespace retort::app
