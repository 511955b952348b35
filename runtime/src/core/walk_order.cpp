// Alembic's order of a set of revisions (RevisionMap._topological_sort in Alembic 1.8), so that
// upgrades, downgrades and history visit siblings in the order Alembic does.
#include <algorithm>

#include "retort/plan.hpp"

namespace retort {

namespace {

std::vector<bool> ancestor_set(const graph& g, rev_index r) {
    std::vector<bool> out(g.size(), false);
    for (rev_index a : g.ancestors_of(r)) out[a] = true;
    return out;
}

// Alembic's _normalized_down_revisions: the parents, then the dependencies.
std::vector<rev_index> down_of(const graph& g, rev_index r) {
    std::vector<rev_index> out = g.parents_of(r);
    for (rev_index d : g.dependencies_of(r))
        if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
    return out;
}

struct walker {
    const graph& g;
    std::vector<bool> todo;
    std::vector<rev_index> heads;
    std::vector<std::vector<bool>> ancestors;  // per entry of `heads`: itself and what it needs
    std::size_t at = 0;

    // Another head needs the candidate: that head is walked first.
    bool defer_to_other_head(rev_index candidate) {
        for (std::size_t k = 0; k < ancestors.size(); ++k)
            if (k != at && ancestors[k][candidate]) {
                at = k;
                return true;
            }
        return false;
    }

    void descend(rev_index candidate) {
        std::vector<rev_index> next;
        for (rev_index p : down_of(g, candidate))
            if (todo[p] && std::find(heads.begin(), heads.end(), p) == heads.end()) next.push_back(p);
        if (next.empty()) {
            heads.erase(heads.begin() + static_cast<std::ptrdiff_t>(at));
            ancestors.erase(ancestors.begin() + static_cast<std::ptrdiff_t>(at));
            at = at > 0 ? at - 1 : 0;
            return;
        }
        heads[at] = next.front();
        if (g.dependencies_of(candidate).empty() && g.parents_of(candidate).size() == 1) {
            ancestors[at][candidate] = false;
            return;
        }
        ancestors[at] = ancestor_set(g, next.front());
        for (std::size_t k = 1; k < next.size(); ++k) {
            heads.push_back(next[k]);
            ancestors.push_back(ancestor_set(g, next[k]));
        }
    }
};

}  // namespace

std::vector<rev_index> alembic_order(const graph& g, std::vector<bool> todo, std::span<const rev_index> heads) {
    walker w{g, std::move(todo), {}, {}};
    for (rev_index h : heads)
        if (w.todo[h] && std::find(w.heads.begin(), w.heads.end(), h) == w.heads.end()) w.heads.push_back(h);
    std::sort(w.heads.begin(), w.heads.end());
    for (rev_index h : w.heads) w.ancestors.push_back(ancestor_set(g, h));
    std::vector<rev_index> out;
    while (!w.heads.empty()) {
        rev_index candidate = w.heads[w.at];
        if (w.defer_to_other_head(candidate)) continue;
        if (w.todo[candidate]) {
            out.push_back(candidate);
            w.todo[candidate] = false;
        }
        w.descend(candidate);
    }
    // Revisions no head reaches (Alembic asserts there are none): newest first, so the order stays valid.
    for (rev_index i = g.size(); i-- > 0;)
        if (w.todo[i]) out.push_back(i);
    return out;
}

}  // namespace retort
