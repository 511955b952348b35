// Failures of retort's own statements, explained with what the server says about its tables.
#include "store/bookkeeping_errors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "core/sql_text.hpp"

namespace retort {

namespace {

std::string scalar(connection& conn, const std::string& sql) { return conn.query(sql).rows.at(0).at(0).value_or(""); }

std::string table_list(const bookkeeping& books) {
    std::string out;
    for (const auto& t : books.shapes())
        if (t.role != "seed") out += fmt::format("{}{}", out.empty() ? "" : ", ", t.name);
    const std::string& schema = books.table_schema();
    return schema.empty() ? out : fmt::format("{} in schema {}", out, schema);
}

std::string read_only(connection& conn, const bookkeeping& books) {
    const bool standby = scalar(conn, "SELECT pg_is_in_recovery()") == "t";
    return fmt::format(
        "retort cannot write its own bookkeeping tables ({}): the database is read-only ({}). Nothing was "
        "changed. Run migrations against the primary with a read-write connection{}",
        table_list(books), standby ? "a standby: pg_is_in_recovery() is true" : "default_transaction_read_only is on",
        standby ? std::string()
                : " (for a role or database with default_transaction_read_only: "
                  "options=-cdefault_transaction_read_only%3Doff in the URL, or ALTER ROLE ... SET "
                  "default_transaction_read_only = off)");
}

std::string privilege(connection& conn, const bookkeeping& books, const database_error& e, bookkeeping_action action) {
    const std::string role = scalar(conn, "SELECT current_user");
    const std::string& schema = books.table_schema();
    if (action == bookkeeping_action::create && e.info().message.find("for database") != std::string::npos) {
        const std::string database = scalar(conn, "SELECT current_database()");
        return fmt::format(
            "the role {} lacks the CREATE privilege on database {}, which retort needs to create the "
            "schema of its own bookkeeping tables ({}); CREATE SCHEMA IF NOT EXISTS checks it even when "
            "the schema exists. Nothing was changed. GRANT CREATE ON DATABASE {} TO {}, or run without "
            "--schema",
            role, database, table_list(books), quote_identifier(database), quote_identifier(role));
    }
    if (action == bookkeeping_action::create)
        return fmt::format(
            "the role {} lacks the CREATE privilege on schema {}, which retort needs for its own "
            "bookkeeping tables ({}) on every run that takes the lock (CREATE TABLE IF NOT EXISTS "
            "checks it even when they exist). Nothing was changed. GRANT CREATE ON SCHEMA {} TO {}, "
            "or keep the tables in a schema the role may create in (--schema)",
            role, schema, table_list(books), quote_identifier(schema), quote_identifier(role));
    return fmt::format(
        "the role {} lacks a privilege on retort's own bookkeeping tables ({}): it needs SELECT, "
        "INSERT, UPDATE and DELETE on them and USAGE on the log's sequence (docs/runtime.md, "
        "Privileges). Nothing was changed",
        role, table_list(books));
}

// The columns of `table` that the server's table of that name lacks; nullopt when there is no such table.
std::optional<std::vector<std::string_view>> missing_columns(connection& conn, const bookkeeping& books,
                                                             const bookkeeping::table_shape& table) {
    const std::string& schema = books.table_schema();
    const std::string name =
        schema.empty() ? quote_identifier(table.name) : quote_identifier(schema) + "." + quote_identifier(table.name);
    auto r = conn.query(fmt::format(
        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass({}) AND attnum > 0 AND NOT attisdropped",
        quote_literal(name)));
    if (r.rows.empty()) return std::nullopt;
    std::vector<std::string_view> missing;
    for (auto column : table.columns)
        if (std::none_of(r.rows.begin(), r.rows.end(), [&](const auto& row) { return row.at(0) == column; }))
            missing.push_back(column);
    return missing;
}

std::string foreign_table(connection& conn, const bookkeeping& books) {
    for (const auto& table : books.shapes()) {
        auto missing = missing_columns(conn, books, table);
        if (!missing || missing->empty()) continue;
        std::string columns;
        for (auto c : *missing) columns += fmt::format("{}{}", columns.empty() ? "" : ", ", c);
        return fmt::format(
            "the table {}{} is not retort's {} table, though it has the name retort gives its own "
            "bookkeeping: it lacks the column{} {}. No revision was applied. Rename that table, or keep "
            "retort's tables elsewhere (--schema, or VERSION_TABLE in retort_add_migrations)",
            books.table_schema().empty() ? "" : books.table_schema() + ".", table.name, table.role,
            missing->size() == 1 ? "" : "s", columns);
    }
    return {};
}

std::string explanation(connection& conn, const bookkeeping& books, const database_error& e,
                        bookkeeping_action action) {
    const std::string& state = e.sqlstate();
    if (state == "25006") return read_only(conn, books);
    if (state == "42501") return privilege(conn, books, e, action);
    // Undefined column, wrong type, no unique constraint for ON CONFLICT, a NOT NULL column retort does
    // not fill: a table retort did not create.
    if (state == "42703" || state == "42804" || state == "42P10" || state == "23502") return foreign_table(conn, books);
    return {};
}

}  // namespace

void explain_bookkeeping_failure(connection& conn, const bookkeeping& books, const database_error& e,
                                 bookkeeping_action action) {
    std::string message;
    try {
        message = explanation(conn, books, e, action);
    } catch (const database_error&) {
        return;  // the server could not answer the questions: the original failure stands
    }
    if (!message.empty())
        throw database_error(fmt::format("{}; {}", message, describe_server_error(e.info())), e.info());
}

}  // namespace retort
