// Reads a directory of revision files at run time (the generator at build time, `retort --dir`).
// The only part of retort's core that touches the file system.
#pragma once

#include <filesystem>
#include <string_view>

#include "retort/catalog.hpp"
#include "retort/error.hpp"

namespace retort {

// Reads, parses and validates every `*.sql` file directly inside `dir` (not recursive), in file-name
// order. Revision files are named `<label>/<file name>` (label defaults to `dir` as given) in messages
// and in the catalog. Every problem goes to `diags`; the catalog may be used only when it holds no error.
catalog load_directory(const std::filesystem::path& dir, diagnostics& diags, std::string_view label = {});

// Like load_directory(); throws input_error listing every error. Notes go to `notes` when given.
catalog load_directory_or_throw(const std::filesystem::path& dir, std::string_view label = {},
                                std::vector<diagnostic>* notes = nullptr);

}  // namespace retort
