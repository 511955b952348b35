// revision and merge: write new revision files into the `retort` tool's directory. No database.
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <iostream>

#include "commands.hpp"
#include "retort/authoring.hpp"
#include "retort/cli.hpp"
#include "retort/directory.hpp"

namespace retort::cli {

namespace {

std::filesystem::path directory_of(const arguments& a, std::string_view command) {
    if (!a.directory_tool)
        throw usage_error(fmt::format("{} writes revision files: run it with the retort tool on the source "
                                      "directory (retort --dir migrations {} ...), not with a built binary",
                                      command, command));
    return a.dir.value_or("migrations");
}

// Alembic's Create Date, in UTC so that every author's files read alike.
std::string now_utc() {
    auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    return fmt::format("{:%Y-%m-%d %H:%M:%S}", now);
}

int write_and_print(const catalog& c, const arguments& a, new_revision r, std::string_view command) {
    auto dir = directory_of(a, command);
    if (!a.message) throw usage_error(fmt::format("{} needs a message: -m \"what this revision does\"", command));
    r.message = *a.message;
    r.id = random_revision_id(c.revisions);
    r.create_date = now_utc();
    validate_new_revision(c.revisions, r);
    auto path = write_new_revision(dir, r);
    std::cout << path.string() << '\n';
    return exit_ok;
}

}  // namespace

int run_revision(const catalog& c, const arguments& a) {
    if (!a.positional.empty()) throw usage_error("revision takes no arguments; the message goes with -m");
    new_revision r;
    r.parents = parents_for_new_revision(c.revisions, a.head);
    r.branch_labels = a.branch_labels;
    r.depends_on = a.depends_on;
    r.transactional = a.transactional.value_or(true);
    return write_and_print(c, a, std::move(r), "revision");
}

int run_merge(const catalog& c, const arguments& a) {
    new_revision r;
    r.parents = parents_for_merge(c.revisions, a.positional);
    r.branch_labels = a.branch_labels;
    return write_and_print(c, a, std::move(r), "merge");
}

}  // namespace retort::cli
