// The two sides autogenerate compares, loaded into scratch databases: the schema that revisions
// produce (their upgrade sections run in graph order) and the declared schema (.sql files run in
// file-name order, a pg_dump --schema-only file included). Also the rename hints declared files carry.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "retort/driver.hpp"
#include "retort/graph.hpp"
#include "schema/model.hpp"

namespace retort::schema {

// One declared .sql file: a name for messages (as the user gave it) and its text.
struct declared_file {
    std::string name;
    std::string text;
};

// Reads `path`: a .sql file, or every *.sql file directly inside a directory in byte order of their
// names. Throws input_error naming the path when it is missing, unreadable or holds no .sql file.
std::vector<declared_file> read_declared(const std::filesystem::path& path);

// Runs every statement of `files` in order on `db`, each file in one transaction. psql's \restrict and
// \unrestrict lines (pg_dump 15.14 and later write them) are skipped; any other psql meta-command is
// an error. Throws input_error naming file:line and the server's message when a statement fails.
void load_declared(connection& db, std::span<const declared_file> files);

// The revisions that `heads` (all of g's heads when empty) need, in graph order.
std::vector<rev_index> revisions_for_heads(const graph& g, std::span<const rev_index> heads);

// Runs the upgrade section of each of `revisions` (in that order) on `db`: a transactional revision in
// one transaction, the others statement by statement. Throws state_error naming the revision,
// file:line and the server's message when one fails.
void apply_revisions(connection& db, const graph& g, std::span<const rev_index> revisions);

// `-- retort:rename KIND OLD NEW` in a declared file: the object OLD (schema-qualified; for a column
// schema.table.column) is now called NEW (a bare name). Kinds: table, column, view, materialized_view,
// sequence, index, type, domain, schema, constraint (OLD: schema.table.constraint).
struct rename_hint {
    object_kind kind = object_kind::table;
    object_key old_key;    // the object before the rename
    std::string new_name;  // its name after it
    std::string file;
    std::uint32_t line = 0;

    friend bool operator==(const rename_hint&, const rename_hint&) = default;
};

// Every rename hint in `files`. Throws input_error at file:line for a malformed hint.
std::vector<rename_hint> parse_rename_hints(std::span<const declared_file> files);

// The key the object has after the rename.
object_key renamed_key(const rename_hint& h);

// The statement that renames (or, with `reverse`, renames back).
std::string rename_statement(const rename_hint& h, bool reverse = false);

}  // namespace retort::schema
