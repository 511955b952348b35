// Alembic's order of a set of revisions (RevisionMap._topological_sort in Alembic 1.8), so that
// upgrades, downgrades and history visit siblings in the order Alembic does.
#include <algorithm>

#include "retort/plan.hpp"

namespace retort {

namespace {

// The ancestors of one revision (itself included), discovered only as far as the questions asked need:
// revisions are stored parents first, so every path from the root to an ancestor at index x only passes
// indices >= x, and expanding the highest discovered index first answers "is x an ancestor?" once every
// index >= x is expanded. Alembic recomputes these sets at each merge; computed in full, they made an
// upgrade's order quadratic in the history (half of `upgrade --sql`'s time at 10,000 revisions).
class lazy_ancestors {
public:
    lazy_ancestors(const graph& g, rev_index root) : g_(&g), seen_(g.size(), false), pending_{root} {
        seen_[root] = true;
    }

    bool contains(rev_index x) {
        while (!pending_.empty() && pending_.front() >= x) {
            std::pop_heap(pending_.begin(), pending_.end());
            const rev_index i = pending_.back();
            pending_.pop_back();
            for (const auto edges : {g_->parents_of(i), g_->dependencies_of(i)})
                for (rev_index j : edges)
                    if (!seen_[j]) {
                        seen_[j] = true;
                        pending_.push_back(j);
                        std::push_heap(pending_.begin(), pending_.end());
                    }
        }
        return seen_[x];
    }

private:
    const graph* g_;
    std::vector<bool> seen_;
    std::vector<rev_index> pending_;  // discovered, not expanded yet: a max-heap of indices
};

// Alembic's _normalized_down_revisions: the parents, then the dependencies.
std::vector<rev_index> down_of(const graph& g, rev_index r) {
    const auto parents = g.parents_of(r);
    std::vector<rev_index> out(parents.begin(), parents.end());
    for (rev_index d : g.dependencies_of(r))
        if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
    return out;
}

struct walker {
    const graph& g;
    std::vector<bool> todo;
    std::vector<rev_index> heads;
    // Per entry of `heads`: itself and what it needs. Only revisions still to do are asked about, so a set
    // need not forget the revisions its head walked past one parent at a time (all of them done).
    std::vector<lazy_ancestors> ancestors;
    std::size_t at = 0;

    // Another head needs the candidate: that head is walked first.
    bool defer_to_other_head(rev_index candidate) {
        for (std::size_t k = 0; k < ancestors.size(); ++k)
            if (k != at && ancestors[k].contains(candidate)) {
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
        if (g.dependencies_of(candidate).empty() && g.parents_of(candidate).size() == 1) return;
        ancestors[at] = lazy_ancestors(g, next.front());
        for (std::size_t k = 1; k < next.size(); ++k) {
            heads.push_back(next[k]);
            ancestors.emplace_back(g, next[k]);
        }
    }
};

}  // namespace

std::vector<rev_index> alembic_order(const graph& g, std::vector<bool> todo, std::span<const rev_index> heads) {
    walker w{g, std::move(todo), {}, {}};
    for (rev_index h : heads)
        if (w.todo[h] && std::find(w.heads.begin(), w.heads.end(), h) == w.heads.end()) w.heads.push_back(h);
    std::sort(w.heads.begin(), w.heads.end());
    for (rev_index h : w.heads) w.ancestors.emplace_back(g, h);
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
