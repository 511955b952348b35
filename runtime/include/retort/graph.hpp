// The revision graph: validation (duplicates, unknown references, cycles, labels) and ordering.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "retort/error.hpp"
#include "retort/revision.hpp"

namespace retort {

using rev_index = std::size_t;

namespace detail {

// The edges of every revision in two flat arrays (the lists of revision i are
// targets[starts[i]] .. targets[starts[i + 1]]): a baked binary builds this graph at every start, and
// a vector per revision and list was a third of its allocations.
struct adjacency {
    std::vector<std::uint32_t> starts{0};
    std::vector<std::size_t> targets;

    std::span<const std::size_t> of(std::size_t i) const {
        return std::span<const std::size_t>(targets).subspan(starts.at(i), starts.at(i + 1) - starts.at(i));
    }
    // Closes the list of the next revision, whose edges were pushed onto `targets`.
    void end_list() { starts.push_back(static_cast<std::uint32_t>(targets.size())); }
    std::size_t size() const noexcept { return starts.size() - 1; }
    // The reverse edges: for each revision, the revisions whose lists name it, ascending.
    adjacency reversed() const;
};

// Names to indices in one open-addressing table of positions; for the same reason as `adjacency`.
class name_index {
public:
    // Adds `name`; when it is already present, returns the index it has and adds nothing.
    std::optional<std::size_t> insert(std::string_view name, std::size_t value);
    std::optional<std::size_t> find(std::string_view name) const;
    void reserve(std::size_t count);
    // Every stored index i becomes new_index[i].
    void renumber(const std::vector<std::size_t>& new_index);

private:
    std::size_t slot_of(std::string_view name) const;
    void rehash(std::size_t slot_count);

    std::vector<std::string_view> names_;
    std::vector<std::size_t> values_;
    std::vector<std::uint32_t> slots_;  // a position in names_ plus one; 0 is free
};

}  // namespace detail

class graph {
public:
    // Checks `revisions` and orders them so that every parent and every `Depends On` revision comes
    // before the revisions that need it. The order is deterministic: a depth-first walk in input order,
    // so input that is already ordered keeps its order. Every problem goes to `diags` (duplicate ids,
    // unknown parents or dependencies, cycles, duplicate branch labels as errors; several heads or
    // bases as notes). The result may be used only when `diags` holds no error.
    static graph build(std::vector<revision> revisions, diagnostics& diags);

    // Like build(); throws input_error listing every error.
    static graph build_or_throw(std::vector<revision> revisions);

    // Revisions in dependency order (parents and dependencies first).
    const std::vector<revision>& revisions() const noexcept { return revisions_; }
    std::size_t size() const noexcept { return revisions_.size(); }
    const revision& at(rev_index i) const { return revisions_.at(i); }

    // Index of the revision with exactly this id.
    std::optional<rev_index> find(std::string_view id) const;
    // Index of the revision that carries this branch label.
    std::optional<rev_index> find_label(std::string_view label) const;
    // Indices of every revision whose id starts with `prefix`, in order; as in Alembic, only ids longer
    // than three characters are candidates (`ab` finds `abcd`, never `abc`).
    std::vector<rev_index> find_prefix(std::string_view prefix) const;

    std::span<const rev_index> parents_of(rev_index i) const { return parents_.of(i); }
    std::span<const rev_index> dependencies_of(rev_index i) const { return dependencies_.of(i); }
    // Revisions that name `i` in Revises (not in Depends On).
    std::span<const rev_index> children_of(rev_index i) const { return children_.of(i); }
    // Revisions that name `i` in Depends On.
    std::span<const rev_index> dependents_of(rev_index i) const { return dependents_.of(i); }

    // Revisions no other revision revises (Alembic's heads: Depends On does not end a head), in order.
    std::vector<rev_index> heads() const;
    // Revisions with no parent, in order.
    std::vector<rev_index> bases() const;

    // `i` and everything it needs: parents and dependencies, transitively; sorted ascending.
    std::vector<rev_index> ancestors_of(rev_index i) const;
    // `i` and everything that needs it, transitively; sorted ascending.
    std::vector<rev_index> descendants_of(rev_index i) const;

private:
    void link_children();
    void note_shape(diagnostics& diags) const;

    std::vector<revision> revisions_;
    detail::adjacency parents_;
    detail::adjacency dependencies_;
    detail::adjacency children_;
    detail::adjacency dependents_;
    detail::name_index by_id_;
    detail::name_index by_label_;
};

// Every revision's branch labels as Alembic shows them in heads, branches and history: a label also
// names the revisions above its revision, and those below it down to the nearest branch point or merge.
// Indexed like revisions(); each list sorted.
std::vector<std::vector<std::string_view>> inherited_branch_labels(const graph& g);

}  // namespace retort
