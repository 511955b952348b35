// runtime/src/directory/: the file system. Reads a directory of revision files and one of seed files
// (the generator at build time, `retort --dir` at run time) into a catalog, with exactly the parsers and
// checks of the core; reads and writes whole files (the lock file, generated sources, new revisions).
// The only part of retort below the application layer that touches the file system.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/authoring.hpp"
#include "retort/catalog.hpp"
#include "retort/error.hpp"

namespace retort {

// Where a catalog comes from, everything a command line or the build says about it in one value.
struct catalog_source {
    const baked::table* table = nullptr;         // a baked table; otherwise the revision files in `dir`
    std::filesystem::path dir;                   // revision files (*.sql, not recursive)
    std::string label;                           // how file names start in messages (default: `dir` as given)
    std::optional<std::filesystem::path> seeds;  // seed files (*.sql, not recursive)
    std::string seeds_label;                     // default: `seeds` as given
    // The lock file instead of a baked table's copy or a directory's `retort.lock` (default_lock_file()).
    std::optional<std::filesystem::path> lock_file;
    bool read_lock = false;  // read the lock file's text now (commands and the build that check it)
    std::string version_table{default_version_table};  // a directory's; a baked table names its own
    bool create_dir = false;  // create `dir` when it is missing (the first revision of a project)
};

// A directory's lock file when none is named: `<dir>/retort.lock`.
std::filesystem::path default_lock_file(const std::filesystem::path& dir);

// Loads the catalog `source` names: the baked table (verified again), or every revision file of the
// directory parsed and checked as a graph, then the seeds (each `Requires` checked), then the lock
// file's text when asked. Every problem goes to `diags`; the catalog may be used only when it holds
// no error. Throws retort::error only for a lock file that exists and cannot be read.
catalog load(const catalog_source& source, diagnostics& diags);

// Like load(); throws input_error listing every error. Notes go to `notes` when given.
catalog load_or_throw(const catalog_source& source, std::vector<diagnostic>* notes = nullptr);

// The directory `dir` with defaults: a catalog_source for load().
catalog_source directory_source(const std::filesystem::path& dir, std::string_view label = {});

// Shorthand for load_or_throw(directory_source(dir, label), notes).
catalog load_directory_or_throw(const std::filesystem::path& dir, std::string_view label = {},
                                std::vector<diagnostic>* notes = nullptr);

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

// The same with the file's whole `text` (render_revision_file() with content, as autogenerate writes).
std::filesystem::path write_new_revision(const std::filesystem::path& dir, const new_revision& r,
                                         std::string_view text);

}  // namespace retort
