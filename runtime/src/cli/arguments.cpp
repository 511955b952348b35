// Command-line parsing: options may stand anywhere; `-1` and `-2` are targets, not options.
#include "arguments.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "retort/error.hpp"

namespace retort::cli {

namespace {

struct command_help {
    std::string_view name;
    std::string_view usage;
    std::string_view summary;
};

constexpr std::array<command_help, 10> commands{{
    {"upgrade", "upgrade [TARGET...] [--sql [FROM:]TO] [--single-transaction] [--resume]",
     "Apply revisions up to TARGET (default: head). Targets: head, heads, an id or unique prefix, a branch "
     "label, LABEL@head, +N, REV+N, LABEL@+N. --sql prints the script instead of running it."},
    {"downgrade", "downgrade TARGET... [--sql FROM:TO]",
     "Revert revisions down to TARGET: base, an id or prefix, -N, REV-N, LABEL@-N."},
    {"current", "current [--verbose]", "Show the revisions the database is at."},
    {"history", "history [-r RANGE] [--verbose]",
     "List revisions, newest first; RANGE is [START]:[END]. Marks the current revisions when a database is "
     "reachable."},
    {"heads", "heads [--verbose]", "Show the head revisions."},
    {"branches", "branches [--verbose]", "Show the revisions where the graph branches."},
    {"show", "show REV", "Show one revision."},
    {"stamp", "stamp REV... [--purge] [--sql]",
     "Set the version table to REV without running any SQL; --purge empties it first."},
    {"check", "check", "Verify the revisions and report whether the database is up to date."},
    {"help", "help [COMMAND]", "Show help."},
}};

bool is_command(std::string_view word) {
    return std::any_of(commands.begin(), commands.end(), [&](const auto& c) { return c.name == word; });
}

// `-1`, `-12`: relative targets that look like options.
bool is_negative_number(std::string_view word) {
    return word.size() > 1 && word[0] == '-' &&
           std::all_of(word.begin() + 1, word.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::chrono::milliseconds parse_seconds(std::string_view text) {
    double seconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc{} || end != text.data() + text.size() || seconds < 0)
        throw usage_error(fmt::format("--lock-timeout takes a number of seconds, not '{}'", text));
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

}  // namespace

arguments parse_arguments(int argc, char** argv, bool allow_dir) {
    arguments a;
    bool options_done = false;
    for (int i = 1; i < argc; ++i) {
        std::string_view word = argv[i];
        auto value = [&](std::string_view option) -> std::string {
            if (auto eq = word.find('='); eq != std::string_view::npos) return std::string(word.substr(eq + 1));
            if (i + 1 >= argc) throw usage_error(fmt::format("{} needs a value", option));
            return argv[++i];
        };
        auto is = [&](std::string_view option) { return word == option || word.starts_with(std::string(option) + "="); };
        if (options_done || !word.starts_with('-') || is_negative_number(word) || word == "-") {
            if (a.command.empty()) {
                if (!is_command(word))
                    throw usage_error(fmt::format("unknown command '{}'; run with --help for the list", word));
                a.command = word;
            } else {
                a.positional.emplace_back(word);
            }
        } else if (word == "--") {
            options_done = true;
        } else if (word == "-h" || word == "--help") {
            a.help = true;
        } else if (word == "--version") {
            a.version = true;
        } else if (word == "-v" || word == "--verbose") {
            a.verbose = true;
        } else if (word == "-q" || word == "--quiet") {
            a.quiet = true;
        } else if (word == "--sql") {
            a.sql = true;
        } else if (word == "--single-transaction") {
            a.single_transaction = true;
        } else if (word == "--resume") {
            a.resume = true;
        } else if (word == "--purge") {
            a.purge = true;
        } else if (is("--database-url")) {
            a.database_url = value("--database-url");
        } else if (is("--schema")) {
            a.schema = value("--schema");
        } else if (is("--lock-timeout")) {
            a.lock_timeout = parse_seconds(value("--lock-timeout"));
        } else if (is("--format")) {
            std::string f = value("--format");
            if (f == "json")
                a.format = output_format::json;
            else if (f == "text")
                a.format = output_format::text;
            else
                throw usage_error(fmt::format("--format is text or json, not '{}'", f));
        } else if (word == "-r" || is("--rev-range")) {
            a.range = word == "-r" ? (i + 1 < argc ? std::string(argv[++i]) : throw usage_error("-r needs a range"))
                                   : value("--rev-range");
        } else if (allow_dir && is("--dir")) {
            a.dir = value("--dir");
        } else {
            throw usage_error(fmt::format("unknown option '{}'; run with --help for the list", word));
        }
    }
    if (a.command == "help") {
        a.help = true;
        a.command = a.positional.empty() ? "" : a.positional.front();
    }
    if (a.command.empty() && !a.help && !a.version) throw usage_error("no command given; run with --help for the list");
    return a;
}

std::string help_text(std::string_view program, std::string_view command, bool with_dir) {
    for (const auto& c : commands)
        if (c.name == command) return fmt::format("usage: {} {}\n\n{}\n", program, c.usage, c.summary);
    std::string out = fmt::format("usage: {} [OPTIONS] COMMAND [ARGS]\n\nCommands:\n", program);
    for (const auto& c : commands) out += fmt::format("  {:<10} {}\n", c.name, c.usage.substr(c.name.size()));
    out += fmt::format(
        "\nOptions:\n"
        "{}"
        "  --database-url URL   a postgresql:// URI or libpq keyword string (default: DATABASE_URL,\n"
        "                       then DATABASE_HOST/PORT/NAME/USER/PASSWORD, then libpq's PG* variables)\n"
        "  --schema S           keep the version tables in schema S and run with search_path S\n"
        "  --lock-timeout SEC   how long to wait for another migrating process (default 300)\n"
        "  --format text|json   output format of current, heads, history, upgrade\n"
        "  -q, --quiet          print only errors\n"
        "  -v, --verbose        more detail\n"
        "  --version            print the retort version and the table's fingerprint\n"
        "\nExit status: 0 success, 1 error, 2 usage, 3 invalid revision files, 4 lock timeout,\n"
        "5 database unreachable, 6 an unfinished non-transactional revision (see docs/commands.md).\n",
        with_dir ? "  --dir DIR            the revision files to use (default ./migrations)\n" : "");
    return out;
}

}  // namespace retort::cli
