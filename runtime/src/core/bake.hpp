// Baking: a catalog turned into the format of baked_table.hpp (one text blob, arrays of plain integers
// that point into it), the inverse of baked::to_revisions() and baked::to_seeds(). The generator prints
// what bake() returns (generator/emit_cpp.cpp); visit_fields() names every field of the baked rows once,
// in declaration order, for that printer (designated initializers) and for tests. Pure.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "retort/baked_table.hpp"
#include "retort/catalog.hpp"

namespace retort {

// How the baked table names files and folders: relative to the project, never the machine's paths.
struct bake_labels {
    std::string name;       // the migrations' name (the first argument of retort_add_migrations())
    std::string revisions;  // the revision files' folder, e.g. "migrations"
    std::string seeds;      // the seed files' folder; empty without seeds
    std::string lock_file;  // the lock file, e.g. "migrations/retort.lock"
};

// A baked table and the storage it points into.
struct baked_catalog {
    std::string blob;
    std::vector<baked::text> lists;
    std::vector<baked::statement> statements;
    std::vector<baked::revision> revisions;
    std::vector<baked::seed> seeds;
    baked::table header;  // its spans and blob are empty: table() points them here

    // The table over this storage; valid while this object lives and is not changed.
    baked::table table() const;
};

// Bakes `c` (its revisions in graph order, its seeds, its version table, fingerprint and lock file
// text) with the names of `labels`. The same catalog gives the same bytes.
baked_catalog bake(const catalog& c, const bake_labels& labels);

namespace baked {

// Calls `v(name, value)` for every field of a baked row, in declaration order.
template <class V>
void visit_fields(const text& t, V&& v) {
    v("offset", t.offset);
    v("size", t.size);
}

template <class V>
void visit_fields(const statement& s, V&& v) {
    v("offset", s.offset);
    v("length", s.length);
    v("line", s.line);
}

template <class V>
void visit_fields(const section& s, V&& v) {
    v("sql", s.sql);
    v("first_line", s.first_line);
    v("first_statement", s.first_statement);
    v("statement_count", s.statement_count);
    v("sum", s.sum);
}

template <class V>
void visit_fields(const revision& r, V&& v) {
    v("id", r.id);
    v("message", r.message);
    v("file", r.file);
    v("create_date", r.create_date);
    v("first_parent", r.first_parent);
    v("parent_count", r.parent_count);
    v("first_dependency", r.first_dependency);
    v("dependency_count", r.dependency_count);
    v("first_label", r.first_label);
    v("label_count", r.label_count);
    v("transactional", r.transactional);
    v("has_downgrade", r.has_downgrade);
    v("upgrade", r.upgrade);
    v("downgrade", r.downgrade);
    v("id_line", r.id_line);
    v("revises_line", r.revises_line);
    v("depends_on_line", r.depends_on_line);
    v("branch_labels_line", r.branch_labels_line);
}

template <class V>
void visit_fields(const seed& s, V&& v) {
    v("name", s.name);
    v("file", s.file);
    v("message", s.message);
    v("required", s.required);
    v("requires_line", s.requires_line);
    v("body", s.body);
}

// The fields of the table itself that are not arrays (the arrays are printed as named arrays).
template <class V>
void visit_scalar_fields(const table& t, V&& v) {
    v("name", t.name);
    v("version_table", t.version_table);
    v("fingerprint", t.fingerprint);
    v("all_applied", t.all_applied);
    v("lock_file", t.lock_file);
    v("lock", t.lock);
    v("has_lock", t.has_lock);
    v("seeds_dir", t.seeds_dir);
}

}  // namespace baked

}  // namespace retort
