// Parses the migration command line into plain values; knows nothing of databases or output.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace retort::cli {

enum class output_format { text, json };

struct arguments {
    std::string command;                 // upgrade, downgrade, current, ...
    std::vector<std::string> positional; // targets, revisions
    std::optional<std::string> dir;      // --dir (the retort tool only)
    std::optional<std::string> database_url;
    std::string schema;
    std::optional<std::string> range;    // history -r
    std::chrono::milliseconds lock_timeout{std::chrono::minutes(5)};
    output_format format = output_format::text;
    bool sql = false;
    bool single_transaction = false;
    bool resume = false;
    bool purge = false;
    bool verbose = false;
    bool quiet = false;
    bool help = false;
    bool version = false;
};

// Parses argv[1..]; `allow_dir` accepts --dir. Throws usage_error naming the offending argument.
arguments parse_arguments(int argc, char** argv, bool allow_dir);

// The general help, or one command's help when `command` is known.
std::string help_text(std::string_view program, std::string_view command, bool with_dir);

}  // namespace retort::cli
