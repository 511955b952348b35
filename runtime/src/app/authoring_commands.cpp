// revision and merge: new revision files in the revision directory. No database.
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>

#include "app/authoring.hpp"
#include "core/revision_file.hpp"
#include "directory/directory.hpp"

namespace retort::app {

namespace {

// Alembic's Create Date, in UTC so that every author's files read alike.
std::string now_utc() {
    auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    return fmt::format("{:%Y-%m-%d %H:%M:%S}", now);
}

// --rev-id: a revision id (as the parser accepts it) that no revision has yet.
std::string checked_rev_id(const graph& g, const std::string& id) {
    if (!is_valid_revision_id(id) || id == "head" || id == "heads" || id == "base")
        throw usage_error(
            fmt::format("--rev-id '{}': a revision id is 1 to 32 characters of [A-Za-z0-9_], not "
                        "head, heads or base",
                        id));
    if (g.find(id)) throw usage_error(fmt::format("--rev-id '{}': revision {} exists already", id, id));
    return id;
}

revision_outcome write(const catalog& c, const revision_request& request, retort::new_revision r,
                       std::string_view command) {
    retort::new_revision header = prepared_revision(c, request, command);
    r.id = header.id;
    r.message = header.message;
    r.create_date = header.create_date;
    validate_new_revision(c.revisions, r);
    return write_revision(request, r, render_revision_file(r));
}

}  // namespace

retort::new_revision prepared_revision(const catalog& c, const revision_request& request, std::string_view command) {
    if (!request.dir)
        throw usage_error(
            fmt::format("{} writes revision files: run it with the retort tool on the source "
                        "directory (retort --dir migrations {} ...), not with a built binary",
                        command, command));
    if (!request.message) throw usage_error(fmt::format("{} needs a message: -m \"what this revision does\"", command));
    retort::new_revision r;
    r.message = *request.message;
    r.id = request.rev_id ? checked_rev_id(c.revisions, *request.rev_id) : random_revision_id(c.revisions);
    r.create_date = now_utc();
    r.branch_labels = request.branch_labels;
    r.depends_on = request.depends_on;
    r.transactional = request.transactional;
    validate_new_revision(c.revisions, r);
    return r;
}

revision_outcome write_revision(const revision_request& request, const retort::new_revision& r, std::string_view text) {
    return {write_new_revision(*request.dir, r, text), r.id};
}

revision_outcome new_revision(const catalog& c, const revision_request& request) {
    retort::new_revision r;
    r.parents = parents_for_new_revision(c.revisions, request.head, request.splice);
    r.branch_labels = request.branch_labels;
    r.depends_on = request.depends_on;
    r.transactional = request.transactional;
    return write(c, request, std::move(r), "revision");
}

revision_outcome merge(const catalog& c, const revision_request& request, std::span<const std::string> revisions) {
    retort::new_revision r;
    r.parents = parents_for_merge(c.revisions, revisions);
    r.branch_labels = request.branch_labels;
    return write(c, request, std::move(r), "merge");
}

}  // namespace retort::app
