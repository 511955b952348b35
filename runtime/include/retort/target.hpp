// Targets: the revision expressions users type (head, heads, base, ids and prefixes, labels, relative
// steps), resolved against a graph and the database's current heads. Pure: no database access.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/graph.hpp"

namespace retort {

enum class direction { up, down };

// Where a resolved target leaves the database.
struct resolved_target {
    // The revisions the database should have as heads in the affected part of the graph. Empty with
    // `is_base` for `base` (nothing applied in scope).
    std::vector<rev_index> revisions;
    bool is_base = false;
    // For a relative downgrade (-N, LABEL@-N): the current head it counts from; only what lies between
    // the target and this head is removed. Empty for absolute targets (everything above the target goes).
    std::vector<rev_index> relative_from;
    // For LABEL@base: the bases of that branch; a downgrade removes them and what lies above them.
    // Empty with `is_base` for plain `base` (every base).
    std::vector<rev_index> base_roots;
};

// Resolves each of `words` (several targets at once are unioned). `current_heads` are the revisions in
// the version table. Forms: head, heads, base, a full id or unique prefix, a branch label (the labelled
// revision), LABEL@head, LABEL@heads, LABEL@base, LABEL@REV, +N, -N, REV+N, REV-N (REV also head or
// base), LABEL@+N, LABEL@-N, LABEL@head-N, LABEL@base+N. Throws usage_error with the
// candidates when a prefix is ambiguous, when `head` meets several heads, or when a relative step is
// ambiguous (a branch point) or runs past the end of the graph.
resolved_target resolve_targets(const graph& g, std::span<const std::string> words,
                                std::span<const rev_index> current_heads, direction dir);

// Where an offline script (`--sql`) starts and where it goes: `[FROM:]TO` words split.
struct script_range {
    std::vector<std::string> from;     // full ids of the version rows the script starts from
    std::vector<std::string> targets;  // the TO parts (or whole words without ':'), unresolved
};

// Splits `upgrade --sql` / `downgrade --sql` words: `FROM:TO`, or `TO` alone. FROM is one revision or a
// comma-separated list (each an id, unique prefix, label, head or LABEL@head; empty or `base`: nothing
// applied); several FROMs add up. Throws usage_error for a FROM revision that names nothing.
script_range parse_script_ranges(const graph& g, std::span<const std::string> words);

// `history -r START:END`, newest first: START keeps itself and its descendants, END itself and its
// ancestors (through parents and Depends On). A side may be empty, `base` or `heads` (no restriction),
// `current` (the revisions in `current`), or anything resolve_revision() accepts. Without a range:
// every revision. Throws usage_error for a range without ':' or a side that names nothing.
std::vector<rev_index> history_range(const graph& g, const std::optional<std::string>& range,
                                     std::span<const rev_index> current);

// Resolves one revision reference (an id, a unique prefix, a label, LABEL@head, head); throws usage_error.
rev_index resolve_revision(const graph& g, std::string_view word);

}  // namespace retort
