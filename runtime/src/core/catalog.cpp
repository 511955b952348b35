// Catalogs over baked tables: the generator checked the graph already; the runtime checks it again in
// linear time because a table can be linked against a runtime other than the one that generated it.
#include "retort/catalog.hpp"

#include <fmt/format.h>

#include "core/seeds.hpp"

namespace retort {

catalog load_catalog(const baked::table& table) {
    if (table.format != baked::format_version)
        throw error(fmt::format("baked table '{}' has format {}, this runtime reads format {}; rebuild it",
                                baked::view(table, table.name), table.format, baked::format_version));
    catalog c;
    c.revisions = graph::build_or_throw(baked::to_revisions(table));
    c.baked = &table;
    c.name = baked::view(table, table.name);
    if (auto version_table = baked::view(table, table.version_table); !version_table.empty())
        c.version_table = version_table;
    c.fingerprint = baked::view(table, table.fingerprint);
    c.all_applied_fingerprint = baked::view(table, table.all_applied);
    c.lock.name = baked::view(table, table.lock_file);
    c.lock.baked = true;
    if (table.has_lock) c.lock.text = std::string(baked::view(table, table.lock));
    c.seeds = baked::to_seeds(table);
    c.seeds_dir = baked::view(table, table.seeds_dir);
    diagnostics diags;
    check_seed_requirements(c.revisions, c.seeds, diags);
    diags.throw_if_errors();
    return c;
}

}  // namespace retort
