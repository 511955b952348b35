// The tables of docs/errors.md, read by the tests that back their rows: each row names its test case,
// the input, the message (with {placeholders}) and the exit status; the test compares what the tool
// printed with the row, so the document and the behaviour cannot drift apart.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace retort::testing {

struct error_row {
    std::string test_case;  // the Case column
    std::string message;    // the code spans of the Message column; <br> is a line break, `\t` a tab
    int exit_status = -1;
};

// Every row of `document` whose first cell is a test case name in backticks. Throws on a row whose
// cells cannot be read.
std::vector<error_row> read_error_table(const std::filesystem::path& document);

using placeholder_values = std::vector<std::pair<std::string, std::string>>;

// Whether `text` is `message` with each {name} of `values` replaced by its value, and every other {name}
// standing for any text of at least one character.
bool matches_message(std::string_view message, std::string_view text, const placeholder_values& values);

}  // namespace retort::testing
