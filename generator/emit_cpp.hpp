// Writes a catalog as C++: a constexpr baked table, its header and the migration CLI's main.
#pragma once

#include <string>

#include "retort/catalog.hpp"

namespace retort::generator {

struct emit_options {
    std::string name;            // retort_add_migrations(<name> ...)
    std::string cpp_namespace;   // namespace of the accessor, e.g. "app::db"
    std::string header_include;  // how the source includes the header, e.g. "example/revisions.hpp"
    std::string label;           // names the revision files' folder in the table, e.g. "migrations"
    std::string seeds_label;     // names the seed files' folder, e.g. "seeds"; empty without seeds
    std::string lock_label;      // names the lock file, e.g. "migrations/retort.lock"
};

// The generated header: declares `<namespace>::revisions()`.
std::string emit_header(const emit_options& options);

// The generated source: the baked table; byte-identical for identical input.
std::string emit_source(const catalog& c, const emit_options& options);

// The main() of the migration CLI with this table baked in.
std::string emit_main(const emit_options& options);

}  // namespace retort::generator
