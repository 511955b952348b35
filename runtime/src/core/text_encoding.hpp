// Bytes that a revision or seed file may not contain. PostgreSQL takes statements as C strings in
// UTF-8: a NUL byte would silently cut the text sent to the server, and invalid UTF-8 is refused by the
// server only at deploy time. Both are found here, at build time, with the line that holds them.
#pragma once

#include <string_view>

#include "retort/error.hpp"

namespace retort {

// Reports the first NUL byte and the first invalid UTF-8 sequence of `text` (the file `file`) as errors
// at their line; true when there is neither.
bool check_text_encoding(std::string_view file, std::string_view text, diagnostics& diags);

}  // namespace retort
