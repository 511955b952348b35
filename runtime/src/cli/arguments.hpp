// Parses the migration command line into plain values; knows nothing of databases or output.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace retort::cli {

// sarif and github are lint's alone (docs/lint.md#output-formats).
enum class output_format { text, json, sarif, github };

struct arguments {
    std::string command;                       // upgrade, downgrade, current, ...
    std::vector<std::string> positional;       // targets, revisions
    std::optional<std::string> dir;            // --dir (the retort tool only; default ./migrations)
    bool directory_tool = false;               // the retort tool (revisions read from a directory), not a baked binary
    std::optional<std::string> seeds;          // --seeds (the retort tool only)
    std::optional<std::string> version_table;  // --version-table (the retort tool only; default alembic_version)
    std::uint64_t max_file_mib = 64;           // --max-file-size: the largest revision or seed file read, in MiB
    std::optional<std::string> database_url;
    std::string schema;
    std::optional<std::string> environment;  // --env NAME: <NAME>_DATABASE_URL (default: RETORT_ENV)
    std::optional<std::string> range;        // history -r
    std::chrono::milliseconds lock_timeout{std::chrono::minutes(5)};
    output_format format = output_format::text;
    bool sql = false;
    bool single_transaction = false;
    bool resume = false;
    std::optional<std::size_t> from_statement;                          // --from-statement N (with --resume), 1-based
    std::chrono::milliseconds reply_timeout{std::chrono::seconds(30)};  // --reply-timeout SEC (0: none)
    std::chrono::seconds connect_timeout{10};                           // --connect-timeout SEC
    bool purge = false;
    bool indicate_current = false;      // history -i: mark the current revisions
    bool resolve_dependencies = false;  // heads: what nothing revises or depends on
    bool verbose = false;
    bool quiet = false;
    bool help = false;
    bool version = false;

    // Integrity: check, accept-edit, lock.
    bool offline = false;                 // check --offline: the revisions against the lock file, no database
    bool strict = false;                  // check --offline --strict: unlocked revisions are errors
    bool allow_multiple_heads = false;    // check --offline: several heads are not an error
    bool warn_on_edit = false;            // --on-edit warn (default fail)
    std::optional<std::string> lockfile;  // --lockfile FILE
    std::optional<std::string> relock;    // lock --relock REV
    std::optional<std::string> reason;    // accept-edit --reason TEXT

    // Authoring: revision, merge.
    std::optional<std::string> message;      // -m, --message
    std::optional<std::string> head;         // --head REV
    std::optional<std::string> rev_id;       // --rev-id ID
    bool splice = false;                     // --splice
    std::vector<std::string> branch_labels;  // --branch-label (repeatable)
    std::vector<std::string> depends_on;     // --depends-on (repeatable)
    std::optional<bool> transactional;       // --transactional true|false

    // The declared schema (docs/autogenerate.md): revision --autogenerate, check --declared, check --drift.
    bool autogenerate = false;            // revision --autogenerate
    std::optional<std::string> declared;  // --declared PATH: a .sql file or a directory of them
    std::optional<std::string> dev_url;   // --dev-url URL (default RETORT_DEV_URL; else a throwaway server)
    bool unverified = false;              // --unverified: write a revision that could not be proven
    std::vector<std::string> renames;     // --rename KIND:OLD:NEW (repeatable)
    bool drift = false;                   // check --drift
    bool grants = false;                  // --grants: compare privileges too

    // The retort tool parses every statement before any command; --no-parse-check skips that, for a history
    // with SQL newer than the parser's grammar whose files cannot be edited (a warning says so).
    bool no_parse_check = false;

    // lint [--all] [--lint-rules RULES].
    bool all = false;        // lint the revisions the lock file records too
    std::string lint_rules;  // `rule=level` entries, as CMake's LINT_RULES

    // Resets: reset --yes [--drop-schema].
    bool yes = false;
    bool drop_schema = false;

    // roundtrip --require-downgrade: a revision without a downgrade fails the round trip.
    bool require_downgrade = false;

    // The server's own limits for the migrating session, apart from the advisory-lock wait above.
    std::optional<std::chrono::milliseconds> pg_lock_timeout;       // --pg-lock-timeout SEC
    std::optional<std::chrono::milliseconds> pg_statement_timeout;  // --pg-statement-timeout SEC
};

// Parses argv[1..]; `allow_dir` accepts --dir and --seeds. Throws usage_error naming the offending
// argument.
arguments parse_arguments(int argc, char** argv, bool allow_dir);

// Whether argv asks for JSON (`--format json` or `--format=json` anywhere), read without parsing the
// rest, so that an error in the other arguments is reported as JSON too.
bool asks_for_json(int argc, char** argv);

// The command argv names (the first word that is not an option or an option's value), or empty; read
// without parsing the rest, so that an error names the command it belongs to.
std::string command_in(int argc, char** argv, bool allow_dir);

// The general help, or one command's help when `command` is known.
std::string help_text(std::string_view program, std::string_view command, bool with_dir);

}  // namespace retort::cli
