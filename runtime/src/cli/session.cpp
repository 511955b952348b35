// Connection settings and migrator options from the command line and the environment.
#include "session.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <iostream>

namespace retort::cli {

namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

// libpq keyword values: single-quoted, with backslash and quote escaped.
std::string conninfo_value(std::string_view v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

// --database-url, then DATABASE_URL, then DATABASE_HOST/PORT/NAME/USER/PASSWORD; empty leaves libpq to
// its PG* variables.
std::string conninfo(const arguments& a) {
    if (a.database_url) return *a.database_url;
    if (auto url = env("DATABASE_URL"); !url.empty()) return url;
    std::string out;
    for (auto [var, key] : {std::pair{"DATABASE_HOST", "host"}, {"DATABASE_PORT", "port"}, {"DATABASE_NAME", "dbname"},
                            {"DATABASE_USER", "user"}, {"DATABASE_PASSWORD", "password"}})
        if (auto v = env(var); !v.empty()) out += fmt::format("{}{}={}", out.empty() ? "" : " ", key, conninfo_value(v));
    return out;
}

}  // namespace

connection connect(const arguments& a) { return connection::open({conninfo(a), "retort"}); }

migrate_options options_of(const arguments& a) {
    migrate_options o;
    o.schema = a.schema;
    o.lock_timeout = a.lock_timeout;
    o.single_transaction = a.single_transaction;
    o.resume = a.resume;
    o.warn_on_edit = a.warn_on_edit;
    o.pg_lock_timeout = a.pg_lock_timeout;
    o.pg_statement_timeout = a.pg_statement_timeout;
    o.on_warning = [](std::string_view what) { std::cerr << "retort: warning: " << what << '\n'; };
    o.on_waiting = [&a](std::string_view what) {
        std::cerr << fmt::format("retort: {} (held by another process; waiting up to {:g} s)\n", what,
                                 static_cast<double>(a.lock_timeout.count()) / 1000);
    };
    return o;
}

applied_state applied_in_database(const catalog& c, const arguments& a) {
    auto conn = connect(a);
    auto state = migrator(c, conn, options_of(a), RETORT_VERSION).read_state();
    return state_from_rows(c.revisions, state.rows);
}

std::vector<std::string> targets_or(const arguments& a, std::string fallback) {
    if (!a.positional.empty()) return a.positional;
    return {std::move(fallback)};
}

}  // namespace retort::cli
