// Authoring: the text and file name of a new revision file (`revision`, `merge`), and the parents it
// gets from the graph. Pure: the id and the date come from the caller, so the result is reproducible.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/graph.hpp"

namespace retort {

struct new_revision {
    std::string id;           // 12 lower-case hex digits (random_revision_id() in directory.hpp)
    std::string message;      // one line
    std::string create_date;  // e.g. "2026-11-21 10:15:30"
    std::vector<std::string> parents;
    std::vector<std::string> depends_on;
    std::vector<std::string> branch_labels;
    bool transactional = true;
};

// The revision file: the message, the header, and empty `+upgrade` / `+downgrade` sections.
std::string render_revision_file(const new_revision& r);

// The same with content: `preamble` (free `--` comment lines after the header's blank line), then the
// sections' SQL.
std::string render_revision_file(const new_revision& r, std::string_view preamble, std::string_view upgrade,
                                 std::string_view downgrade);

// Lower-case words of `message` joined by '_', at most 40 characters; "revision" when nothing is left.
std::string slug(std::string_view message);

// `<N>_<slug>.sql`: one more than the largest leading number among `existing` file names, zero-padded
// to the width in use (4 digits in a new directory), so that file names sort in the order they were
// written.
std::string next_file_name(std::span<const std::string> existing, std::string_view message);

// The parents of a new revision: the single head; with `head`, that head (an id, prefix, label or
// LABEL@head) or "base" for a new root. Throws usage_error naming the heads when there are several and
// `head` is not given, and when `head` is not a head unless `splice` (Alembic's --splice: a new branch).
std::vector<std::string> parents_for_new_revision(const graph& g, const std::optional<std::string>& head,
                                                  bool splice = false);

// The parents of a merge revision: `revisions` resolved, in the order given (every head when empty or
// "heads"). Throws usage_error, as Alembic refuses them, for a revision that is not a head, one named
// twice, or fewer than two.
std::vector<std::string> parents_for_merge(const graph& g, std::span<const std::string> revisions);

// Checks what the user typed for a new revision: a one-line message; labels and Depends On the parser
// accepts (dependencies resolved through the graph). Throws usage_error.
void validate_new_revision(const graph& g, new_revision& r);

}  // namespace retort
