// Loads revision and seed files from directories with exactly the parsers and checks the generator uses.
#include "directory/directory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "core/checksum.hpp"
#include "core/lockfile.hpp"
#include "core/revision_file.hpp"
#include "core/seeds.hpp"

namespace retort {

namespace {

// `what` names the directory in the message, e.g. "migrations".
std::vector<std::filesystem::path> sql_files(const std::filesystem::path& dir, std::string_view label,
                                             std::string_view what, diagnostics& diags) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    std::filesystem::directory_iterator it(dir, ec);
    if (ec) {
        diags.error(std::string(label), 0, fmt::format("cannot read the {} directory: {}", what, ec.message()));
        return files;
    }
    // Every entry whose name ends in .sql, whatever it is: read_input_file refuses what is not a
    // regular file by name, where skipping it would hide a revision the author meant to add.
    for (const auto& entry : it) {
        if (entry.path().extension() == ".sql") files.push_back(entry.path());
    }
    // Byte order of names, not locale order, so every machine reads files in the same order.
    std::sort(files.begin(), files.end(),
              [](const auto& a, const auto& b) { return a.filename().string() < b.filename().string(); });
    return files;
}

// Reads every `*.sql` file directly inside `dir`, in file-name order, into `c.storage` (its name as
// `<prefix>/<file name>` and its normalized text) and hands both to `parse`.
template <class Parse>
void read_sql_files(catalog& c, const std::filesystem::path& dir, const std::string& prefix, std::string_view what,
                    std::uint64_t max_bytes, diagnostics& diags, Parse parse) {
    for (const auto& path : sql_files(dir, prefix, what, diags)) {
        auto& name = *c.storage.emplace_back(std::make_unique<std::string>(prefix + "/" + path.filename().string()));
        auto raw = read_input_file(path, max_bytes);
        if (!raw.text) {
            diags.error(name, 0, raw.problem);
            continue;
        }
        auto& text = *c.storage.emplace_back(std::make_unique<std::string>(normalize_text(std::move(*raw.text))));
        parse(name, text);
    }
}

std::string prefix_of(const std::filesystem::path& dir, std::string_view label) {
    return label.empty() ? dir.string() : std::string(label);
}

// The revision files of `dir` into `c`, parsed and checked as a graph.
void load_revisions(catalog& c, const catalog_source& source, diagnostics& diags) {
    std::string prefix = prefix_of(source.dir, source.label);
    c.name = prefix;
    std::vector<revision> parsed;
    read_sql_files(c, source.dir, prefix, "migrations", source.max_file_bytes, diags,
                   [&](const std::string& name, const std::string& text) {
                       if (auto r = parse_revision_file(name, text, diags)) parsed.push_back(std::move(*r));
                   });
    if (diags.has_errors()) return;  // graph errors would only echo the parse errors
    c.revisions = graph::build(std::move(parsed), diags);
    if (!diags.has_errors()) c.fingerprint = table_fingerprint(c.revisions.revisions());
}

void load_seeds(catalog& c, const catalog_source& source, diagnostics& diags) {
    c.seeds_dir = prefix_of(*source.seeds, source.seeds_label);
    read_sql_files(c, *source.seeds, c.seeds_dir, "seeds", source.max_file_bytes, diags,
                   [&](const std::string& name, const std::string& text) {
                       if (auto s = parse_seed_file(name, text, diags)) c.seeds.push_back(std::move(*s));
                   });
    check_seed_requirements(c.revisions, c.seeds, diags);
}

// The lock file named by `source`, over a baked table's copy; its text only when asked for.
void load_lock(catalog& c, const catalog_source& source) {
    if (!source.lock_file && source.table) return;  // the baked copy stands
    std::filesystem::path path = source.lock_file.value_or(default_lock_file(source.dir));
    c.lock = {path.string(), std::nullopt, false};
    if (source.read_lock) c.lock.text = read_lock_file(path);
}

}  // namespace

std::filesystem::path default_lock_file(const std::filesystem::path& dir) { return dir / default_lockfile_name; }

catalog load(const catalog_source& source, diagnostics& diags) {
    catalog c;
    if (source.table) {
        c = load_catalog(*source.table);
    } else {
        if (std::error_code ec; source.create_dir && !std::filesystem::exists(source.dir, ec))
            std::filesystem::create_directories(source.dir);
        c.version_table = source.version_table;
        load_revisions(c, source, diags);
        if (source.seeds && !diags.has_errors()) load_seeds(c, source, diags);
    }
    if (!diags.has_errors()) load_lock(c, source);
    return c;
}

catalog load_or_throw(const catalog_source& source, std::vector<diagnostic>* notes) {
    diagnostics diags;
    catalog c = load(source, diags);
    diags.throw_if_errors();
    if (notes) *notes = diags.all();
    return c;
}

catalog_source directory_source(const std::filesystem::path& dir, std::string_view label) {
    catalog_source source;
    source.dir = dir;
    source.label = label;
    return source;
}

catalog load_directory_or_throw(const std::filesystem::path& dir, std::string_view label,
                                std::vector<diagnostic>* notes) {
    return load_or_throw(directory_source(dir, label), notes);
}

}  // namespace retort
