// Opens a session for a command.
#include "app/database.hpp"

namespace retort::app {

namespace {

postgres_options postgres_options_of(const migrate_options& o, bool server_limits) {
    postgres_options out;
    if (server_limits) {
        out.pg_lock_timeout = o.pg_lock_timeout;
        out.pg_statement_timeout = o.pg_statement_timeout;
    }
    out.on_warning = o.on_warning;
    return out;
}

}  // namespace

store_config store_config_of(const catalog& c, const migrate_options& o, const std::string& retort_version) {
    return {o.schema, c.version_table, retort_version};
}

database::database(const catalog& c, const database_options& o, bool server_limits)
    : conn_(connection::open(o.connection)),
      store_(conn_, store_config_of(c, o.migrate, o.retort_version), postgres_options_of(o.migrate, server_limits)),
      session_(c, store_, o.migrate) {}

}  // namespace retort::app
