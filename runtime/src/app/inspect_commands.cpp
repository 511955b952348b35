// current, history, heads, branches and show: read-only views of the revisions and the database.
#include "app/app.hpp"
#include "app/database.hpp"
#include "retort/plan.hpp"

namespace retort::app {

current_outcome current(const catalog& c, const database_options& o) {
    database db(c, o);
    applied_state applied = applied_of(c.revisions, db.session().read());
    std::vector<rev_index> at = current_heads_of(c.revisions, applied.applied);
    return {std::move(applied.rows), c.revisions.heads(), std::move(at)};
}

history_outcome history(const catalog& c, const database_options& o, const std::optional<std::string>& range) {
    history_outcome out;
    try {
        database db(c, o);
        auto applied = applied_of(c.revisions, db.session().read());
        out.database = marks{applied.applied, applied.rows};
    } catch (const error&) {
        // History is the revisions first: without a database (or with one these revisions cannot
        // read), it is printed without marks rather than refused.
    }
    out.revisions = history_range(c.revisions, range, out.database ? out.database->current : std::vector<rev_index>{});
    return out;
}

revisions_outcome heads(const catalog& c, bool resolve_dependencies) {
    revisions_outcome out;
    for (rev_index h : c.revisions.heads())
        if (!resolve_dependencies || c.revisions.dependents_of(h).empty()) out.revisions.push_back(h);
    return out;
}

revisions_outcome branches(const catalog& c) {
    revisions_outcome out;
    for (rev_index i = 0; i < c.revisions.size(); ++i)
        if (c.revisions.children_of(i).size() > 1) out.revisions.push_back(i);
    return out;
}

revisions_outcome show(const catalog& c, const database_options& o, const std::string& word) {
    if (word == "heads") return {c.revisions.heads()};
    if (word != "current") return {{resolve_revision(c.revisions, word)}};
    database db(c, o);
    auto rows = applied_of(c.revisions, db.session().read()).rows;
    return {current_heads_of(c.revisions, closure_of(c.revisions, rows))};
}

}  // namespace retort::app
