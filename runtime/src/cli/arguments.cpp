// Command-line parsing: options may stand anywhere; `-1` and `-2` are targets, not options.
#include "arguments.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
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

constexpr command_help commands[] = {
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
    {"check", "check [--offline [--strict] [--allow-multiple-heads] [--lockfile FILE]]",
     "Compare the database with these revisions: edited, unknown, unfinished and pending revisions (exit status "
     "tells them apart). --offline compares the revisions with the lock file instead, without a database: exit 8 "
     "when a locked revision was edited or deleted, 10 for unlocked revisions (--strict) or several heads; "
     "--format json for a report."},
    {"accept-edit", "accept-edit REV --reason TEXT",
     "Record that the applied revision REV was edited on purpose: store its new checksums and log the old and "
     "new ones with the reason."},
    {"lock", "lock [--lockfile FILE] [--relock REV]",
     "Add the revisions that are not yet in the lock file (default DIR/retort.lock; created when missing), never "
     "changing a line; exit 8 without writing while a locked revision is edited or deleted. --relock REV "
     "rewrites only REV's line (drops it when REV's file is gone)."},
    {"revision", "revision -m MESSAGE [--head REV|base] [--branch-label L] [--depends-on REV] [--transactional false]",
     "Write a new revision file revising the head (retort tool only); prints its path."},
    {"merge", "merge -m MESSAGE [REV... | heads]", "Write a merge revision over the given revisions (default: every "
     "head); prints its path."},
    {"reset", "reset --yes [--drop-schema]",
     "Development databases only: downgrade to base (or, with --drop-schema, drop and recreate the version "
     "table's schema), then upgrade head and run the seeds. Without --yes, says what it would do."},
    {"seed", "seed [--seeds DIR]",
     "Run the seed files that are due, in file-name order, each in its own transaction: new or changed seeds whose "
     "Requires revision is applied (without Requires: when no revision is pending). Baked binaries run the seeds "
     "baked in; the retort tool reads them from --seeds DIR. See docs/seeds.md."},
    {"help", "help [COMMAND]", "Show help."},
};

bool is_command(std::string_view word) {
    return std::any_of(std::begin(commands), std::end(commands), [&](const auto& c) { return c.name == word; });
}

// `-1`, `-12`: relative targets that look like options.
bool is_negative_number(std::string_view word) {
    return word.size() > 1 && word[0] == '-' &&
           std::all_of(word.begin() + 1, word.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::chrono::milliseconds parse_seconds(std::string_view option, std::string_view text) {
    double seconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc{} || end != text.data() + text.size() || seconds < 0)
        throw usage_error(fmt::format("{} takes a number of seconds, not '{}'", option, text));
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

}  // namespace

arguments parse_arguments(int argc, char** argv, bool allow_dir) {
    arguments a;
    a.directory_tool = allow_dir;
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
            a.lock_timeout = parse_seconds("--lock-timeout", value("--lock-timeout"));
        } else if (is("--pg-lock-timeout")) {
            a.pg_lock_timeout = parse_seconds("--pg-lock-timeout", value("--pg-lock-timeout"));
        } else if (is("--pg-statement-timeout")) {
            a.pg_statement_timeout = parse_seconds("--pg-statement-timeout", value("--pg-statement-timeout"));
        } else if (word == "--offline") {
            a.offline = true;
        } else if (word == "--strict") {
            a.strict = true;
        } else if (word == "--allow-multiple-heads") {
            a.allow_multiple_heads = true;
        } else if (is("--on-edit")) {
            std::string policy = value("--on-edit");
            if (policy != "fail" && policy != "warn")
                throw usage_error(fmt::format("--on-edit is fail or warn, not '{}'", policy));
            a.warn_on_edit = policy == "warn";
        } else if (is("--lockfile")) {
            a.lockfile = value("--lockfile");
        } else if (is("--relock")) {
            a.relock = value("--relock");
        } else if (is("--reason")) {
            a.reason = value("--reason");
        } else if (word == "-m" || is("--message")) {
            a.message = word == "-m" ? (i + 1 < argc ? std::string(argv[++i]) : throw usage_error("-m needs a message"))
                                     : value("--message");
        } else if (is("--head")) {
            a.head = value("--head");
        } else if (is("--branch-label")) {
            a.branch_labels.push_back(value("--branch-label"));
        } else if (is("--depends-on")) {
            a.depends_on.push_back(value("--depends-on"));
        } else if (is("--transactional")) {
            std::string flag = value("--transactional");
            if (flag != "true" && flag != "false")
                throw usage_error(fmt::format("--transactional is true or false, not '{}'", flag));
            a.transactional = flag == "true";
        } else if (word == "--yes") {
            a.yes = true;
        } else if (word == "--drop-schema") {
            a.drop_schema = true;
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
        } else if (allow_dir && is("--seeds")) {
            a.seeds = value("--seeds");
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
    for (const auto& c : commands) out += fmt::format("  {:<11} {}\n", c.name, c.usage.substr(c.name.size()));
    out += fmt::format(
        "\nOptions:\n"
        "{}"
        "  --database-url URL   a postgresql:// URI or libpq keyword string (default: DATABASE_URL,\n"
        "                       then DATABASE_HOST/PORT/NAME/USER/PASSWORD, then libpq's PG* variables)\n"
        "  --schema S           keep the version tables in schema S and run with search_path S\n"
        "  --lock-timeout SEC   how long to wait for another migrating process (default 300)\n"
        "  --on-edit fail|warn  refuse (default) or only warn when an applied revision was edited\n"
        "  --pg-lock-timeout SEC, --pg-statement-timeout SEC\n"
        "                       PostgreSQL's lock_timeout and statement_timeout for the migration\n"
        "  --format text|json   output format of current, heads, history, upgrade\n"
        "  -q, --quiet          print only errors\n"
        "  -v, --verbose        more detail\n"
        "  --version            print the retort version and the table's fingerprint\n"
        "\nExit status: 0 success, 1 error, 2 usage, 3 invalid revision files, 4 lock timeout,\n"
        "5 database unreachable, 6 an unfinished non-transactional revision, 7 pending revisions (check),\n"
        "8 an edited revision, 9 revisions unknown to this binary, 10 unlocked revisions or several heads\n"
        "(check --offline); see docs/commands.md.\n",
        with_dir ? "  --dir DIR            the revision files to use (default ./migrations)\n"
                   "  --seeds DIR          the seed files to use (seed; default: none)\n"
                 : "");
    return out;
}

}  // namespace retort::cli
