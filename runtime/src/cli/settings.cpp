// Connection settings, migration options and the catalog's source from the command line and the
// environment.
#include "cli/settings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <optional>

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

// A variable-name prefix from a migration set's or an environment's name: `app-db` -> `APP_DB`.
std::string variable_prefix(std::string_view name) {
    std::string out;
    for (char ch : name)
        out += std::isalnum(static_cast<unsigned char>(ch)) ? static_cast<char>(std::toupper(ch)) : '_';
    return out;
}

// The named variables, first set wins: with an environment E (--env, RETORT_ENV), <SET>_<E>_DATABASE_URL
// then <E>_DATABASE_URL, and nothing else (a chosen environment never falls back to another database);
// without one, <SET>_DATABASE_URL. <SET> is a baked binary's migration set; the retort tool has none.
std::optional<std::string> named_url(const arguments& a, std::string_view set) {
    std::string environment = a.environment ? *a.environment : env("RETORT_ENV");
    std::string prefix = set.empty() ? "" : variable_prefix(set) + "_";
    if (environment.empty()) {
        if (auto url = env((prefix + "DATABASE_URL").c_str()); !prefix.empty() && !url.empty()) return url;
        return std::nullopt;
    }
    std::string e = variable_prefix(environment);
    for (const auto& name : {prefix + e + "_DATABASE_URL", e + "_DATABASE_URL"})
        if (auto url = env(name.c_str()); !url.empty()) return url;
    throw usage_error(fmt::format("environment '{}' has no database: set {}{}_DATABASE_URL (or pass --database-url)",
                                  environment, prefix.empty() ? "" : prefix + e + "_DATABASE_URL or ", e));
}

// --database-url, then the named variables, then DATABASE_URL, then DATABASE_HOST/PORT/NAME/USER/PASSWORD;
// empty leaves libpq to its PG* variables.
std::string conninfo(const arguments& a, std::string_view set) {
    if (a.database_url) return *a.database_url;
    if (auto url = named_url(a, set)) return *url;
    if (auto url = env("DATABASE_URL"); !url.empty()) return url;
    std::string out;
    for (auto [var, key] : {std::pair{"DATABASE_HOST", "host"},
                            {"DATABASE_PORT", "port"},
                            {"DATABASE_NAME", "dbname"},
                            {"DATABASE_USER", "user"},
                            {"DATABASE_PASSWORD", "password"}})
        if (auto v = env(var); !v.empty())
            out += fmt::format("{}{}={}", out.empty() ? "" : " ", key, conninfo_value(v));
    return out;
}

}  // namespace

app::database_options database_options_of(const arguments& a, std::string_view set, const interrupt_source* interrupt) {
    app::database_options o;
    o.connection = {conninfo(a, a.directory_tool ? std::string_view() : set), "retort", interrupt, a.connect_timeout,
                    a.reply_timeout};
    o.retort_version = RETORT_VERSION;
    migrate_options& m = o.migrate;
    m.schema = a.schema;
    m.lock_timeout = a.lock_timeout;
    m.single_transaction = a.single_transaction;
    m.resume = a.resume;
    m.from_statement = a.from_statement;
    m.warn_on_edit = a.warn_on_edit;
    m.pg_lock_timeout = a.pg_lock_timeout;
    m.pg_statement_timeout = a.pg_statement_timeout;
    m.on_warning = [](std::string_view what) { std::cerr << "retort: warning: " << what << '\n'; };
    // The first line says what is awaited; the lines after it, when any, describe the holder.
    m.on_waiting = [timeout = a.lock_timeout](std::string_view what) {
        const auto end = std::min(what.find('\n'), what.size());
        std::cerr << fmt::format("retort: {} (held by another process; waiting up to {:g} s)\n{}", what.substr(0, end),
                                 static_cast<double>(timeout.count()) / 1000,
                                 end < what.size() ? fmt::format("{}\n", what.substr(end + 1)) : std::string());
    };
    return o;
}

app::dev_database dev_database_of(const arguments& a) {
    app::dev_database d;
    d.url = a.dev_url;
    if (!d.url)
        if (auto url = env("RETORT_DEV_URL"); !url.empty()) d.url = url;
    d.grants = a.grants;
    return d;
}

bool connection_configured(const arguments& a) {
    if (a.database_url) return true;
    for (const char* name :
         {"DATABASE_URL", "DATABASE_HOST", "DATABASE_PORT", "DATABASE_NAME", "DATABASE_USER", "DATABASE_PASSWORD",
          "PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"})
        if (!env(name).empty()) return true;
    return false;
}

std::string_view no_connection_hint() {
    return "\nNo database is configured, so libpq tried its default (the local socket). Set DATABASE_URL "
           "(postgresql://USER@HOST:PORT/DBNAME), or pass --database-url URL, or set DATABASE_HOST, DATABASE_PORT, "
           "DATABASE_NAME, DATABASE_USER and DATABASE_PASSWORD, or libpq's PGHOST, PGPORT, PGDATABASE and PGUSER "
           "(docs/commands.md#connection).";
}

std::optional<std::string> test_server_url() {
    if (auto url = env("RETORT_TEST_DATABASE_URL"); !url.empty()) return url;
    return std::nullopt;
}

catalog_source source_of(const arguments& a, const baked::table* table) {
    catalog_source s = directory_source(a.dir.value_or("migrations"));
    s.table = table;
    if (a.seeds) s.seeds = *a.seeds;
    s.max_file_bytes = a.max_file_mib << 20;
    if (a.version_table) s.version_table = *a.version_table;
    s.create_dir = a.command == "revision";
    if (a.lockfile) s.lock_file = *a.lockfile;
    s.read_lock = a.command == "lock" || a.command == "lint" || (a.command == "check" && a.offline);
    return s;
}

}  // namespace retort::cli
