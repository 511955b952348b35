// Helpers for tests that write their own revision directories.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort::testing {

using strings = std::vector<std::string>;

// A fresh directory under the system's temporary directory, removed with everything in it.
struct temp_dir {
    std::filesystem::path path;
    explicit temp_dir(std::string_view prefix = "retort_test");
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    ~temp_dir();
};

std::string join(const strings& items, std::string_view sep);

bool contains(const std::string& haystack, const std::string& needle);

// Writes one revision file; returns the file line of the upgrade section's first line.
std::uint32_t write_revision(const std::filesystem::path& dir, const std::string& file, const std::string& id,
                             const strings& parents, const std::string& upgrade_sql,
                             const std::optional<std::string>& downgrade_sql, const strings& extra_header = {});

// A revision that creates table `t_<id>` and drops it on downgrade.
void write_table_revision(const std::filesystem::path& dir, const std::string& file, const std::string& id,
                          const strings& parents, const strings& extra_header = {});

}  // namespace retort::testing
