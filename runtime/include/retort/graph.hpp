// The revision graph: validation (duplicates, unknown references, cycles, labels) and ordering.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "retort/error.hpp"
#include "retort/revision.hpp"

namespace retort {

using rev_index = std::size_t;

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

    const std::vector<rev_index>& parents_of(rev_index i) const { return parents_.at(i); }
    const std::vector<rev_index>& dependencies_of(rev_index i) const { return dependencies_.at(i); }
    // Revisions that name `i` in Revises (not in Depends On).
    const std::vector<rev_index>& children_of(rev_index i) const { return children_.at(i); }
    // Revisions that name `i` in Depends On.
    const std::vector<rev_index>& dependents_of(rev_index i) const { return dependents_.at(i); }

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
    std::vector<std::vector<rev_index>> parents_;
    std::vector<std::vector<rev_index>> dependencies_;
    std::vector<std::vector<rev_index>> children_;
    std::vector<std::vector<rev_index>> dependents_;
    std::unordered_map<std::string_view, rev_index> by_id_;
    std::unordered_map<std::string_view, rev_index> by_label_;
};

// Every revision's branch labels as Alembic shows them in heads, branches and history: a label also
// names the revisions above its revision, and those below it down to the nearest branch point or merge.
// Indexed like revisions(); each list sorted.
std::vector<std::vector<std::string_view>> inherited_branch_labels(const graph& g);

}  // namespace retort
