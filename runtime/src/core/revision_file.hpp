// Parses one revision file (header, +upgrade and +downgrade sections) into a `revision`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "retort/error.hpp"
#include "retort/revision.hpp"

namespace retort {

// Removes a UTF-8 byte order mark and turns CRLF and lone CR into LF; nothing else changes. Works in
// place: pass the text moved in to avoid a copy.
std::string normalize_text(std::string raw);

// True for 1 to 32 characters of [A-Za-z0-9_] that are not a reserved target word (head, heads, base).
bool is_valid_revision_id(std::string_view id);

// Parses `text` (already normalized) of the file called `file_name`. Every problem found goes to
// `diags` as `file_name:line`; returns nullopt when any of them is an error. Views in the result
// point into `text` and `file_name`, which must outlive it.
std::optional<revision> parse_revision_file(std::string_view file_name, std::string_view text, diagnostics& diags);

}  // namespace retort
