// Helpers for tests that write their own revision directories.
#include "revision_dir.hpp"

#include <stdlib.h>

#include <fstream>

namespace retort::testing {

namespace fs = std::filesystem;

temp_dir::temp_dir(std::string_view prefix) {
    std::string pattern = (fs::temp_directory_path() / (std::string(prefix) + "_XXXXXX")).string();
    path = ::mkdtemp(pattern.data());
}

temp_dir::~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
}

std::string join(const strings& items, std::string_view sep) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : std::string(sep)) + s;
    return out;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::uint32_t write_revision(const fs::path& dir, const std::string& file, const std::string& id,
                             const strings& parents, const std::string& upgrade_sql,
                             const std::optional<std::string>& downgrade_sql, const strings& extra_header) {
    std::ofstream out(dir / file);
    out << "-- revision " << id << "\n--\n-- Revision ID: " << id << "\n-- Revises: " << join(parents, ", ") << "\n";
    for (const auto& h : extra_header) out << "-- " << h << "\n";
    out << "\n-- +upgrade\n" << upgrade_sql << "\n";
    if (downgrade_sql) out << "\n-- +downgrade\n" << *downgrade_sql << "\n";
    return static_cast<std::uint32_t>(7 + extra_header.size());
}

void write_table_revision(const fs::path& dir, const std::string& file, const std::string& id, const strings& parents,
                          const strings& extra_header) {
    write_revision(dir, file, id, parents, "CREATE TABLE t_" + id + " (id int);", "DROP TABLE t_" + id + ";",
                   extra_header);
}

}  // namespace retort::testing
