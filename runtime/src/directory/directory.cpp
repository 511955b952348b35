// Loads revision and seed files from directories with exactly the parsers and checks the generator uses.
#include "retort/directory.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "retort/checksum.hpp"
#include "retort/revision_file.hpp"
#include "retort/seed.hpp"

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
    for (const auto& entry : it) {
        if (entry.path().extension() == ".sql" && !entry.is_directory()) files.push_back(entry.path());
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
                    diagnostics& diags, Parse parse) {
    for (const auto& path : sql_files(dir, prefix, what, diags)) {
        auto& name = *c.storage.emplace_back(std::make_unique<std::string>(prefix + "/" + path.filename().string()));
        auto raw = read_text_file(path);
        if (!raw) {
            diags.error(name, 0, "cannot read this file");
            continue;
        }
        auto& text = *c.storage.emplace_back(std::make_unique<std::string>(normalize_text(*raw)));
        parse(name, text);
    }
}

std::string prefix_of(const std::filesystem::path& dir, std::string_view label) {
    return label.empty() ? dir.string() : std::string(label);
}

}  // namespace

catalog load_directory(const std::filesystem::path& dir, diagnostics& diags, std::string_view label) {
    std::string prefix = prefix_of(dir, label);
    catalog c;
    c.name = prefix;
    c.version_table = default_version_table;
    std::vector<revision> parsed;
    read_sql_files(c, dir, prefix, "migrations", diags, [&](const std::string& name, const std::string& text) {
        if (auto r = parse_revision_file(name, text, diags)) parsed.push_back(std::move(*r));
    });
    if (diags.has_errors()) return c;  // graph errors would only echo the parse errors
    c.revisions = graph::build(std::move(parsed), diags);
    if (!diags.has_errors()) c.fingerprint = table_fingerprint(c.revisions.revisions());
    return c;
}

void load_seeds(catalog& c, const std::filesystem::path& dir, diagnostics& diags, std::string_view label) {
    c.seeds_dir = prefix_of(dir, label);
    c.seeds.clear();
    read_sql_files(c, dir, c.seeds_dir, "seeds", diags, [&](const std::string& name, const std::string& text) {
        if (auto s = parse_seed_file(name, text, diags)) c.seeds.push_back(std::move(*s));
    });
    check_seed_requirements(c.revisions, c.seeds, diags);
}

void load_seeds_or_throw(catalog& c, const std::filesystem::path& dir, std::string_view label) {
    diagnostics diags;
    load_seeds(c, dir, diags, label);
    diags.throw_if_errors();
}

catalog load_directory_or_throw(const std::filesystem::path& dir, std::string_view label,
                                std::vector<diagnostic>* notes) {
    diagnostics diags;
    catalog c = load_directory(dir, diags, label);
    diags.throw_if_errors();
    if (notes) *notes = diags.all();
    return c;
}

}  // namespace retort
