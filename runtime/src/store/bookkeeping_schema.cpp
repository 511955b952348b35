// The bookkeeping schema of a run: one row, alone or within the state query.
#include "store/bookkeeping_schema.hpp"

#include <fmt/format.h>

#include "core/sql_text.hpp"
#include "retort/error.hpp"

namespace retort {

namespace {

bool is_temporary_name(const std::string& schema) { return schema == "pg_temp" || schema.starts_with("pg_temp_"); }

[[noreturn]] void refuse_temporary(const std::string& where) {
    throw state_error(fmt::format(
        "refusing to keep retort's bookkeeping in a temporary schema ({}): its tables, and the revisions' own, "
        "would vanish when the session ends and every run would apply everything again; nothing was changed. "
        "Set search_path to a real schema (for example options=-csearch_path%3Dpublic in the URL, or "
        "ALTER ROLE ... SET search_path), or pass --schema",
        where));
}

}  // namespace

// The first search_path schema (temporary ones left out) holding the version table or the history, the
// current schema, whether that one is temporary, and whether search_path begins with pg_temp (then
// tables created without a schema are temporary even before the temporary schema exists).
std::string placement_row(const bookkeeping& books) {
    return fmt::format(
        "SELECT 'placement', (SELECT p.s FROM unnest(current_schemas(false)) WITH ORDINALITY AS p(s, ord) "
        "JOIN pg_namespace n ON n.nspname = p.s "
        "WHERE n.oid <> pg_my_temp_schema() AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND EXISTS (SELECT 1 FROM "
        "pg_class c WHERE c.relnamespace = n.oid AND c.relname IN ({}, {}) AND c.relkind IN ('r', 'p')) "
        "ORDER BY p.ord LIMIT 1)::text,\n"
        "current_schema()::text,\n"
        "coalesce((SELECT n.oid = pg_my_temp_schema() OR n.nspname LIKE 'pg\\_temp\\_%' FROM pg_namespace n "
        "WHERE n.nspname = current_schema()), false)::text || ' ' || (lower(btrim(split_part("
        "current_setting('search_path'), ',', 1), ' \"')) = 'pg_temp')::text,\n"
        "current_setting('search_path')",
        quote_literal(books.version_table()), quote_literal(books.history_table()));
}

std::string decide_placement(const std::vector<std::optional<std::string>>& row) {
    const std::string flags = row.at(3).value_or("false false");
    const std::string path = row.at(4).value_or("");
    if (flags.ends_with("true")) refuse_temporary(fmt::format("search_path is {}", path));
    if (row.at(1)) return *row.at(1);
    if (flags.starts_with("true"))
        refuse_temporary(fmt::format("search_path is {}, current schema {}", path, row.at(2).value_or("")));
    return row.at(2).value_or("");
}

std::string resolve_bookkeeping_schema(connection& conn, const bookkeeping& books) {
    if (!books.schema().empty()) {
        if (is_temporary_name(books.schema())) refuse_temporary(fmt::format("--schema {}", books.schema()));
        return books.schema();
    }
    return decide_placement(conn.query(placement_row(books)).rows.at(0));
}

}  // namespace retort
