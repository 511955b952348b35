// Reads a directory of revision files, and one of seed files, at run time (the generator at build time,
// `retort --dir`), and reads and writes whole files such as the lock file. The only part of retort's core that touches the
// file system.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "retort/authoring.hpp"
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

// Reads, parses and checks every `*.sql` seed file directly inside `dir` (not recursive), in file-name
// order, into `c.seeds` (their texts into `c.storage`); every `Requires` must name a revision of
// `c.revisions`. Files are named `<label>/<file name>` (label defaults to `dir` as given), and
// `c.seeds_dir` is set to the label. Every problem goes to `diags`.
void load_seeds(catalog& c, const std::filesystem::path& dir, diagnostics& diags, std::string_view label = {});

// Like load_seeds(); throws input_error listing every error.
void load_seeds_or_throw(catalog& c, const std::filesystem::path& dir, std::string_view label = {});

// The bytes of the file at `path`; nullopt when it cannot be opened.
std::optional<std::string> read_text_file(const std::filesystem::path& path);

// Replaces the file at `path` with `text` through a temporary file beside it and a rename, so that no
// reader ever sees half a file; creates missing parent directories. Throws retort::error.
void write_text_file(const std::filesystem::path& path, std::string_view text);

// The lock file's text; nullopt when there is no file at `path`. Throws retort::error when there is
// one that cannot be read (a lock file that is silently skipped would let edits through).
std::optional<std::string> read_lock_file(const std::filesystem::path& path);

// A fresh revision id: 12 random lower-case hex digits (std::random_device) that `g` does not hold.
std::string random_revision_id(const graph& g);

// Writes `r` as a new revision file in `dir` (created when missing), named by next_file_name() after
// the `*.sql` files already there; never overwrites a file. Returns the new file's path.
std::filesystem::path write_new_revision(const std::filesystem::path& dir, const new_revision& r);

}  // namespace retort
