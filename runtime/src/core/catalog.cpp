// Catalogs over baked tables: the generator checked the graph already; the runtime checks it again in
// linear time because a table can be linked against a runtime other than the one that generated it.
#include "retort/catalog.hpp"

#include <fmt/format.h>

#include "retort/checksum.hpp"

namespace retort {

catalog load_catalog(const baked::table& table) {
    if (table.format != baked::format_version)
        throw error(fmt::format("baked table '{}' has format {}, this runtime reads format {}; rebuild it",
                                baked::view(table, table.name), table.format, baked::format_version));
    catalog c;
    c.revisions = graph::build_or_throw(baked::to_revisions(table));
    c.name = baked::view(table, table.name);
    std::string_view version_table = baked::view(table, table.version_table);
    c.version_table = version_table.empty() ? std::string(default_version_table) : std::string(version_table);
    c.fingerprint = baked::view(table, table.fingerprint);
    c.lock_baked = true;
    c.lock_file = baked::view(table, table.lock_file);
    if (table.has_lock) c.lock_text = std::string(baked::view(table, table.lock));
    c.seeds = baked::to_seeds(table);
    c.seeds_dir = baked::view(table, table.seeds_dir);
    diagnostics diags;
    check_seed_requirements(c.revisions, c.seeds, diags);
    diags.throw_if_errors();
    return c;
}

}  // namespace retort
