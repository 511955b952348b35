// Loads revision files from a directory with exactly the parser and graph checks the generator uses.
#include "retort/directory.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "retort/checksum.hpp"
#include "retort/revision_file.hpp"

namespace retort {

namespace {

std::vector<std::filesystem::path> sql_files(const std::filesystem::path& dir, std::string_view label,
                                             diagnostics& diags) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    std::filesystem::directory_iterator it(dir, ec);
    if (ec) {
        diags.error(std::string(label), 0, fmt::format("cannot read the migrations directory: {}", ec.message()));
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

}  // namespace

catalog load_directory(const std::filesystem::path& dir, diagnostics& diags, std::string_view label) {
    std::string prefix = label.empty() ? dir.string() : std::string(label);
    catalog c;
    c.name = prefix;
    c.version_table = default_version_table;
    std::vector<revision> parsed;
    for (const auto& path : sql_files(dir, prefix, diags)) {
        auto& name = *c.storage.emplace_back(std::make_unique<std::string>(prefix + "/" + path.filename().string()));
        auto raw = read_text_file(path);
        if (!raw) {
            diags.error(name, 0, "cannot read this file");
            continue;
        }
        auto& text = *c.storage.emplace_back(std::make_unique<std::string>(normalize_text(*raw)));
        if (auto r = parse_revision_file(name, text, diags)) parsed.push_back(std::move(*r));
    }
    if (diags.has_errors()) return c;  // graph errors would only echo the parse errors
    c.revisions = graph::build(std::move(parsed), diags);
    if (!diags.has_errors()) c.fingerprint = table_fingerprint(c.revisions.revisions());
    return c;
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
