// Command-line parsing: options may stand anywhere; `-1` and `-2` are targets, not options.
#include "arguments.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iterator>

#include "cli/numbers.hpp"
#include "core/suggest.hpp"
#include "retort/error.hpp"

namespace retort::cli {

namespace {

struct command_help {
    std::string_view name;
    std::string_view usage;
    std::string_view summary;
};

constexpr command_help commands[] = {
    {"upgrade", "upgrade [TARGET...] [--sql [FROM:]TO] [--single-transaction] [--resume [--from-statement N]]",
     "Apply revisions up to TARGET (default: head). Targets: head, heads, an id or unique prefix, a branch "
     "label, LABEL@head, +N, REV+N, LABEL@+N. --sql prints the script instead of running it."},
    {"downgrade", "downgrade TARGET... [--sql FROM:TO]",
     "Revert revisions down to TARGET: base, an id or prefix, -N, REV-N, LABEL@-N."},
    {"current", "current [--verbose]", "Show the revisions the database is at."},
    {"history", "history [-r RANGE] [-i] [--verbose]",
     "List revisions, newest first; RANGE is [START]:[END]. Marks the current revisions when a database is "
     "reachable."},
    {"heads", "heads [--resolve-dependencies] [--verbose]", "Show the head revisions."},
    {"branches", "branches [--verbose]", "Show the revisions where the graph branches."},
    {"show", "show REV", "Show one revision."},
    {"stamp", "stamp REV... [--purge] [--sql]",
     "Set the version table to REV without running any SQL; --purge empties it first."},
    {"check",
     "check [--offline [--strict] [--allow-multiple-heads] [--lockfile FILE]] | --declared PATH [--head REV] | "
     "--drift [--dev-url URL]",
     "Compare the database with these revisions: edited, unknown, unfinished and pending revisions (exit status "
     "tells them apart). --offline compares the revisions with the lock file instead, without a database: exit 8 "
     "when a locked revision was edited or deleted, 10 for unlocked revisions (--strict) or several heads. "
     "--declared: exit 12 when the migrations at head do not produce exactly the declared schema (a .sql file or "
     "a directory of them), printing the changes; --drift: exit 13 when the database was changed by hand. Both "
     "use scratch databases on --dev-url, else a throwaway PostgreSQL (docs/autogenerate.md). --format json for a "
     "report."},
    {"accept-edit", "accept-edit REV --reason TEXT",
     "Record that the applied revision REV was edited on purpose: store its new checksums and log the old and "
     "new ones with the reason."},
    {"lock", "lock [--lockfile FILE] [--relock REV]",
     "Add the revisions that are not yet in the lock file (default DIR/retort.lock; created when missing), never "
     "changing a line; exit 8 without writing while a locked revision is edited or deleted. --relock REV "
     "rewrites only REV's line (drops it when REV's file is gone)."},
    {"revision",
     "revision -m MESSAGE [--head REV|base] [--branch-label L] [--depends-on REV] [--transactional false] "
     "[--autogenerate --declared PATH [--dev-url URL] [--rename KIND:OLD:NEW] [--unverified]]",
     "Write a new revision file revising the head (retort tool only); prints its path. --autogenerate fills it "
     "with what takes the migrations to the declared schema, proven on scratch databases first (exit 14 and "
     "nothing written when it cannot be; --unverified writes it anyway); hazards go to stderr; with several heads "
     "it revises them all (docs/autogenerate.md)."},
    {"merge", "merge -m MESSAGE [REV... | heads]",
     "Write a merge revision over the given revisions (default: every "
     "head); prints its path."},
    {"reset", "reset --yes [--drop-schema]",
     "Development databases only: downgrade to base (or, with --drop-schema, drop and recreate the version "
     "table's schema), then upgrade head and run the seeds. Without --yes, says what it would do."},
    {"seed", "seed [--seeds DIR]",
     "Run the seed files that are due, in file-name order, each in its own transaction: new or changed seeds whose "
     "Requires revision is applied (without Requires: when no revision is pending). Baked binaries run the seeds "
     "baked in; the retort tool reads them from --seeds DIR. See docs/seeds.md."},
    {"lint", "lint [--format text|json|sarif|github] [--all] [--lint-rules RULE=LEVEL,...]",
     "Parse every statement with PostgreSQL's parser and run the lint rules the build runs on the revisions "
     "that are not in the lock file (--all: every revision), retort tool only. Exit 3 for a syntax error, 11 "
     "for an error-level finding; sarif for code scanning, github for workflow annotations (docs/lint.md)."},
    {"roundtrip", "roundtrip [--require-downgrade]",
     "On a scratch database (RETORT_TEST_DATABASE_URL names a server where one may be created; without it, a "
     "throwaway server from the local PostgreSQL binaries): upgrade to head, downgrade to base and check that the "
     "schema is empty again, upgrade again and check that the schema is the first upgrade's, run the seeds twice "
     "and check that the rows stay the same. A revision without a downgrade ends it after the upgrade "
     "(--require-downgrade: fails it). See docs/cmake.md (ROUNDTRIP_TEST)."},
    {"help", "help [COMMAND]", "Show help."},
};

bool is_command(std::string_view word) {
    return std::any_of(std::begin(commands), std::end(commands), [&](const auto& c) { return c.name == word; });
}

// Commands that write revision files: the retort tool's only; a baked binary neither lists nor suggests them.
bool tool_only(std::string_view command) { return command == "revision" || command == "merge"; }

std::vector<std::string_view> command_names(bool with_dir) {
    std::vector<std::string_view> out;
    for (const auto& c : commands)
        if (with_dir || !tool_only(c.name)) out.push_back(c.name);
    return out;
}

// `-1`, `-12`: relative targets that look like options.
bool is_negative_number(std::string_view word) {
    return word.size() > 1 && word[0] == '-' && std::all_of(word.begin() + 1, word.end(), [](char c) {
               return std::isdigit(static_cast<unsigned char>(c));
           });
}

std::string text_option(std::string_view option, std::string value, std::initializer_list<std::string_view> allowed) {
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return value;
    std::string list;
    for (auto a : allowed) list += fmt::format("{}{}", list.empty() ? "" : " or ", a);
    throw usage_error(fmt::format("{} is {}, not '{}'", option, list, value));
}

using setter = void (*)(arguments&, std::string&&);

// One option: its long name (and short alias), whether it takes a value, and what it sets.
struct option_spec {
    std::string_view name;
    std::string_view alias;
    bool takes_value;
    setter apply;
    bool dir_only = false;
    std::string_view missing = {};  // the message when its value is missing (default: "<name> needs a value")
};

// A plain identifier, as VERSION_TABLE in CMake: letters, digits, '_', not starting with a digit, at most
// 63 bytes (PostgreSQL's limit).
std::string version_table_name(const std::string& v) {
    bool ok = !v.empty() && v.size() <= 63 && !std::isdigit(static_cast<unsigned char>(v.front())) &&
              std::all_of(v.begin(), v.end(),
                          [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; });
    if (!ok)
        throw usage_error(
            fmt::format("--version-table '{}' must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*, at "
                        "most 63 characters), the VERSION_TABLE the binary was built with",
                        v));
    return v;
}

// An environment's name becomes part of a variable name (STAGING_DATABASE_URL): letters, digits, '_', '-'.
std::string environment_name(const std::string& v) {
    bool ok = !v.empty() && v.size() <= 64 && std::all_of(v.begin(), v.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-';
    });
    if (!ok) throw usage_error(fmt::format("--env '{}' must be 1 to 64 letters, digits, '_' or '-'", v));
    return v;
}

constexpr option_spec option_table[] = {
    {"--help", "-h", false, [](arguments& a, std::string&&) { a.help = true; }},
    {"--version", "", false, [](arguments& a, std::string&&) { a.version = true; }},
    {"--verbose", "-v", false, [](arguments& a, std::string&&) { a.verbose = true; }},
    {"--quiet", "-q", false, [](arguments& a, std::string&&) { a.quiet = true; }},
    {"--sql", "", false, [](arguments& a, std::string&&) { a.sql = true; }},
    {"--single-transaction", "", false, [](arguments& a, std::string&&) { a.single_transaction = true; }},
    {"--resume", "", false, [](arguments& a, std::string&&) { a.resume = true; }},
    {"--purge", "", false, [](arguments& a, std::string&&) { a.purge = true; }},
    {"--indicate-current", "-i", false, [](arguments& a, std::string&&) { a.indicate_current = true; }},
    {"--resolve-dependencies", "", false, [](arguments& a, std::string&&) { a.resolve_dependencies = true; }},
    {"--offline", "", false, [](arguments& a, std::string&&) { a.offline = true; }},
    {"--strict", "", false, [](arguments& a, std::string&&) { a.strict = true; }},
    {"--allow-multiple-heads", "", false, [](arguments& a, std::string&&) { a.allow_multiple_heads = true; }},
    {"--yes", "", false, [](arguments& a, std::string&&) { a.yes = true; }},
    {"--drop-schema", "", false, [](arguments& a, std::string&&) { a.drop_schema = true; }},
    {"--require-downgrade", "", false, [](arguments& a, std::string&&) { a.require_downgrade = true; }},
    {"--database-url", "", true, [](arguments& a, std::string&& v) { a.database_url = std::move(v); }},
    {"--schema", "", true, [](arguments& a, std::string&& v) { a.schema = std::move(v); }},
    {"--env", "", true, [](arguments& a, std::string&& v) { a.environment = environment_name(v); }},
    {"--lock-timeout", "", true,
     [](arguments& a, std::string&& v) { a.lock_timeout = seconds_option("--lock-timeout", v, zero_means::no_wait); }},
    {"--pg-lock-timeout", "", true,
     [](arguments& a, std::string&& v) {
         a.pg_lock_timeout = seconds_option("--pg-lock-timeout", v, zero_means::no_limit);
     }},
    {"--pg-statement-timeout", "", true,
     [](arguments& a, std::string&& v) {
         a.pg_statement_timeout = seconds_option("--pg-statement-timeout", v, zero_means::no_limit);
     }},
    {"--reply-timeout", "", true,
     [](arguments& a, std::string&& v) {
         a.reply_timeout = seconds_option("--reply-timeout", v, zero_means::no_limit);
     }},
    {"--connect-timeout", "", true,
     [](arguments& a, std::string&& v) {
         a.connect_timeout = std::chrono::seconds(count_option("--connect-timeout", v, 0, 2147483));
     }},
    {"--from-statement", "", true,
     [](arguments& a, std::string&& v) { a.from_statement = count_option("--from-statement", v, 1, 1000000); }},
    {"--on-edit", "", true,
     [](arguments& a, std::string&& v) {
         a.warn_on_edit = text_option("--on-edit", v, {"fail", "warn"}) == "warn";
     }},
    {"--lockfile", "", true, [](arguments& a, std::string&& v) { a.lockfile = std::move(v); }},
    {"--relock", "", true, [](arguments& a, std::string&& v) { a.relock = std::move(v); }},
    {"--reason", "", true, [](arguments& a, std::string&& v) { a.reason = std::move(v); }},
    {"--message", "-m", true, [](arguments& a, std::string&& v) { a.message = std::move(v); }, false,
     "-m needs a message"},
    {"--head", "", true, [](arguments& a, std::string&& v) { a.head = std::move(v); }},
    {"--rev-id", "", true, [](arguments& a, std::string&& v) { a.rev_id = std::move(v); }},
    {"--splice", "", false, [](arguments& a, std::string&&) { a.splice = true; }},
    {"--branch-label", "", true, [](arguments& a, std::string&& v) { a.branch_labels.push_back(std::move(v)); }},
    {"--depends-on", "", true, [](arguments& a, std::string&& v) { a.depends_on.push_back(std::move(v)); }},
    {"--transactional", "", true,
     [](arguments& a, std::string&& v) {
         a.transactional = text_option("--transactional", v, {"true", "false"}) == "true";
     }},
    {"--format", "", true,
     [](arguments& a, std::string&& v) {
         const std::string f = text_option("--format", v, {"text", "json", "sarif", "github"});
         a.format = f == "json"     ? output_format::json
                    : f == "sarif"  ? output_format::sarif
                    : f == "github" ? output_format::github
                                    : output_format::text;
     }},
    {"--autogenerate", "", false, [](arguments& a, std::string&&) { a.autogenerate = true; }},
    {"--declared", "", true, [](arguments& a, std::string&& v) { a.declared = std::move(v); }},
    {"--dev-url", "", true, [](arguments& a, std::string&& v) { a.dev_url = std::move(v); }},
    {"--unverified", "", false, [](arguments& a, std::string&&) { a.unverified = true; }},
    {"--rename", "", true, [](arguments& a, std::string&& v) { a.renames.push_back(std::move(v)); }},
    {"--drift", "", false, [](arguments& a, std::string&&) { a.drift = true; }},
    {"--grants", "", false, [](arguments& a, std::string&&) { a.grants = true; }},
    {"--no-parse-check", "", false, [](arguments& a, std::string&&) { a.no_parse_check = true; }, true},
    {"--all", "", false, [](arguments& a, std::string&&) { a.all = true; }},
    {"--lint-rules", "", true, [](arguments& a, std::string&& v) { a.lint_rules = std::move(v); }},
    {"--rev-range", "-r", true, [](arguments& a, std::string&& v) { a.range = std::move(v); }, false,
     "-r needs a range"},
    {"--dir", "", true, [](arguments& a, std::string&& v) { a.dir = std::move(v); }, true},
    {"--seeds", "", true, [](arguments& a, std::string&& v) { a.seeds = std::move(v); }, true},
    {"--max-file-size", "", true,
     [](arguments& a, std::string&& v) { a.max_file_mib = count_option("--max-file-size", v, 1, 4096); }, true},
    {"--version-table", "", true, [](arguments& a, std::string&& v) { a.version_table = version_table_name(v); }, true},
};

// The option `word` names: `--name`, `--name=value` (long names), or the short alias alone.
const option_spec* find_option(std::string_view word, bool allow_dir) {
    for (const auto& o : option_table) {
        if (o.dir_only && !allow_dir) continue;
        if (word == o.name || (!o.alias.empty() && word == o.alias)) return &o;
        if (o.takes_value && word.starts_with(o.name) && word.size() > o.name.size() && word[o.name.size()] == '=')
            return &o;
    }
    return nullptr;
}

std::string unknown_option(std::string_view word, bool allow_dir) {
    std::vector<std::string_view> names;
    for (const auto& o : option_table)
        if (!o.dir_only || allow_dir) names.push_back(o.name);
    const std::string_view name = word.substr(0, word.find('='));
    return fmt::format("unknown option '{}'; run with --help for the list{}", word, did_you_mean(name, names));
}

// Reads one option at argv[i] (and its value, moving `i` past it).
void read_option(arguments& a, int argc, char** argv, int& i, bool allow_dir) {
    std::string_view word = argv[i];
    const option_spec* o = find_option(word, allow_dir);
    if (!o) throw usage_error(unknown_option(word, allow_dir));
    std::string value;
    if (auto eq = word.find('='); o->takes_value && word.starts_with("--") && eq != std::string_view::npos) {
        value = word.substr(eq + 1);
    } else if (o->takes_value) {
        if (i + 1 >= argc)
            throw usage_error(word == o->alias && !o->missing.empty() ? std::string(o->missing)
                                                                      : fmt::format("{} needs a value", o->name));
        value = argv[++i];
    }
    o->apply(a, std::move(value));
}

void read_word(arguments& a, std::string_view word) {
    if (!a.command.empty()) {
        a.positional.emplace_back(word);
        return;
    }
    if (!is_command(word))
        throw usage_error(fmt::format("unknown command '{}'; run with --help for the list{}", word,
                                      did_you_mean(word, command_names(a.directory_tool))));
    a.command = word;
}

}  // namespace

arguments parse_arguments(int argc, char** argv, bool allow_dir) {
    arguments a;
    a.directory_tool = allow_dir;
    bool options_done = false;
    for (int i = 1; i < argc; ++i) {
        std::string_view word = argv[i];
        if (options_done || !word.starts_with('-') || is_negative_number(word) || word == "-")
            read_word(a, word);
        else if (word == "--")
            options_done = true;
        else
            read_option(a, argc, argv, i, allow_dir);
    }
    if (a.command == "help") {
        a.help = true;
        a.command = a.positional.empty() ? "" : a.positional.front();
    }
    if (a.command.empty() && !a.help && !a.version) throw usage_error("no command given; run with --help for the list");
    if (a.from_statement && !(a.resume && a.command == "upgrade"))
        throw usage_error("--from-statement is for 'upgrade --resume': it says where an unfinished revision continues");
    if ((a.format == output_format::sarif || a.format == output_format::github) && a.command != "lint" && !a.help)
        throw usage_error(
            "--format sarif and --format github are the lint command's; other commands print text or json");
    return a;
}

std::string command_in(int argc, char** argv, bool allow_dir) {
    for (int i = 1; i < argc; ++i) {
        std::string_view word = argv[i];
        if (word == "--") return i + 1 < argc && is_command(argv[i + 1]) ? argv[i + 1] : "";
        if (!word.starts_with('-') || is_negative_number(word) || word == "-") return is_command(word) ? argv[i] : "";
        const option_spec* o = find_option(word, allow_dir);
        if (o && o->takes_value && word.find('=') == std::string_view::npos) ++i;
    }
    return {};
}

bool asks_for_json(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        std::string_view word = argv[i];
        if (word == "--") return false;
        if (word == "--format=json" || (word == "--format" && i + 1 < argc && std::string_view(argv[i + 1]) == "json"))
            return true;
    }
    return false;
}

std::string help_text(std::string_view program, std::string_view command, bool with_dir) {
    for (const auto& c : commands)
        if (c.name == command) return fmt::format("usage: {} {}\n\n{}\n", program, c.usage, c.summary);
    std::string out = fmt::format("usage: {} [OPTIONS] COMMAND [ARGS]\n\nCommands:\n", program);
    for (const auto& c : commands)
        if (with_dir || !tool_only(c.name)) out += fmt::format("  {:<11} {}\n", c.name, c.usage.substr(c.name.size()));
    out += fmt::format(
        "\nOptions:\n"
        "{}"
        "  --database-url URL   a postgresql:// URI or libpq keyword string (default: <SET>_DATABASE_URL,\n"
        "                       DATABASE_URL, DATABASE_HOST/PORT/NAME/USER/PASSWORD, libpq's PG*)\n"
        "  --env NAME           the environment: <SET>_<NAME>_DATABASE_URL or <NAME>_DATABASE_URL\n"
        "                       (default: RETORT_ENV); never falls back to another database\n"
        "  --schema S           keep the version tables in schema S and run with search_path S\n"
        "  --lock-timeout SEC   how long to wait for another migrating process (default 300; 0: do not wait)\n"
        "  --on-edit fail|warn  refuse (default) or only warn when an applied revision was edited\n"
        "  --connect-timeout SEC  give up connecting after SEC whole seconds (default 10; 0: none; the URL's\n"
        "                       connect_timeout wins)\n"
        "  --reply-timeout SEC  give up when the server leaves retort's own queries unanswered for SEC (default\n"
        "                       30; 0: none); revision statements are not limited by it\n"
        "  --pg-lock-timeout SEC, --pg-statement-timeout SEC\n"
        "                       PostgreSQL's lock_timeout and statement_timeout for the migration (0: none)\n"
        "  --format text|json   text, or one JSON object (every command; see docs/commands.md); lint also\n"
        "                       prints sarif and github\n"
        "  --dev-url URL        where check --declared, --drift and revision --autogenerate make scratch\n"
        "                       databases (default RETORT_DEV_URL; else a throwaway PostgreSQL)\n"
        "  -q, --quiet          print only errors\n"
        "  -v, --verbose        more detail\n"
        "  --version            print the retort version and the table's fingerprint\n"
        "\nExit status: 0 success, 1 error, 2 usage, 3 invalid revision files, 4 lock timeout,\n"
        "5 database unreachable, 6 an unfinished non-transactional revision, 7 pending revisions (check),\n"
        "8 an edited revision, 9 revisions unknown to this binary, 10 unlocked revisions or several heads\n"
        "(check --offline), 11 an error-level lint finding, 12 the declared schema differs (check --declared),\n"
        "13 drift (check --drift), 14 an autogenerated revision not proven, 130 interrupted (SIGINT),\n"
        "143 terminated (SIGTERM); see docs/commands.md.\n",
        with_dir ? "  --dir DIR            the revision files to use (default ./migrations)\n"
                   "  --seeds DIR          the seed files to use (seed; default: none)\n"
                   "  --max-file-size MIB  refuse revision and seed files larger than MIB MiB (default 64)\n"
                   "  --version-table T    the version table (default alembic_version; a binary's VERSION_TABLE)\n"
                   "  --no-parse-check     do not parse every statement with PostgreSQL's parser first\n"
                 : "");
    return out;
}

}  // namespace retort::cli
