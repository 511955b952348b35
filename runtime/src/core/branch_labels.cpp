// Branch labels as Alembic shows them (RevisionMap._add_branches in Alembic 1.8): a label names its
// revision, every revision above it, and the revisions below it down to the nearest branch point or merge.
#include <algorithm>

#include "retort/graph.hpp"

namespace retort {

namespace {

void add_labels(std::vector<std::string_view>& to, const revision& from) {
    for (const auto& label : from.branch_labels)
        if (std::find(to.begin(), to.end(), label) == to.end()) to.push_back(label);
}

// Marks what lies above `r` through Revises (not Depends On); returns the last one visited, where
// Alembic starts its walk down (depth first, newest last).
rev_index label_upwards(const graph& g, rev_index r, std::vector<std::vector<std::string_view>>& out) {
    std::vector<bool> seen(g.size(), false);
    std::vector<rev_index> todo{r};
    rev_index last = r;
    while (!todo.empty()) {
        rev_index i = todo.back();
        todo.pop_back();
        if (seen[i]) continue;
        seen[i] = true;
        add_labels(out[i], g.at(r));
        last = i;
        for (rev_index c : g.children_of(i)) todo.push_back(c);
    }
    return last;
}

// A revision that others revise or depend on more than once, or a merge, ends the walk down.
bool ends_walk_down(const graph& g, rev_index i) {
    return g.children_of(i).size() + g.dependents_of(i).size() > 1 || g.parents_of(i).size() > 1;
}

}  // namespace

std::vector<std::vector<std::string_view>> inherited_branch_labels(const graph& g) {
    std::vector<std::vector<std::string_view>> out(g.size());
    for (rev_index r = 0; r < g.size(); ++r) {
        if (g.at(r).branch_labels.empty()) continue;
        for (rev_index i = label_upwards(g, r, out); !ends_walk_down(g, i); i = g.parents_of(i).front()) {
            add_labels(out[i], g.at(r));
            if (g.parents_of(i).empty()) break;
        }
    }
    for (auto& labels : out) std::sort(labels.begin(), labels.end());
    return out;
}

}  // namespace retort
