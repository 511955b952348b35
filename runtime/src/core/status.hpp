// What became of a command, and the exit code each outcome gives the process: the one table that
// decides exit codes (docs/commands.md#exit-codes). Commands return a status with their outcome, the
// CLI maps errors to one, and the generator uses the same rows. A new kind of outcome is one
// enumerator and one row of `status_table`.
#pragma once

#include <cstdint>
#include <string_view>

namespace retort {

enum class status : std::uint8_t {
    ok,
    error,
    usage,
    invalid_input,
    lock_timeout,
    connection,
    unfinished,
    pending,
    edited,
    unknown,
    unlocked,
    lint,
    schema_differs,
    drift,
    unverified,
};

struct status_row {
    status value;
    int exit_code;
    std::string_view name;  // the `status` of JSON output
    std::string_view meaning;
};

inline constexpr status_row status_table[] = {
    {status::ok, 0, "ok", "success"},
    {status::error, 1, "error", "a statement failed, the database's state forbids the command, or another error"},
    {status::usage, 2, "usage", "bad arguments, or an unknown or ambiguous target"},
    {status::invalid_input, 3, "invalid_input", "invalid revision, seed or lock files, or an invalid graph"},
    {status::lock_timeout, 4, "lock_timeout", "another process held the migration lock too long"},
    {status::connection, 5, "connection", "the database could not be reached, or the connection was lost"},
    {status::unfinished, 6, "unfinished", "an earlier non-transactional revision failed or is in progress"},
    {status::pending, 7, "pending", "revisions are not applied yet"},
    {status::edited, 8, "edited", "an applied or locked revision was edited (or a locked one deleted)"},
    {status::unknown, 9, "unknown", "the database holds revisions these migrations do not contain"},
    {status::unlocked, 10, "unlocked", "revisions are not in the lock file, or the graph has several heads"},
    {status::lint, 11, "lint", "the linter found an error-level finding in a new revision (docs/lint.md)"},
    {status::schema_differs, 12, "schema_differs",
     "check --declared: the migrations at head do not produce exactly the declared schema"},
    {status::drift, 13, "drift", "check --drift: the live database differs from the schema its revisions produce"},
    {status::unverified, 14, "unverified",
     "revision --autogenerate could not prove the revision on a scratch database; nothing was written"},
};

constexpr const status_row& row_of(status s) {
    for (const auto& row : status_table)
        if (row.value == s) return row;
    return status_table[1];
}

constexpr int exit_code_of(status s) { return row_of(s).exit_code; }
constexpr std::string_view name_of(status s) { return row_of(s).name; }

}  // namespace retort
