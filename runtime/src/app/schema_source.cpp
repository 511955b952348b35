// The migrations' side and the scratch server of the schema commands (schema_source.hpp).
#include "app/schema_source.hpp"

namespace retort::app {

schema::migrations_source migrations_at(const catalog& c, const std::optional<std::string>& head) {
    const graph& g = c.revisions;
    if (g.size() == 0) return {};
    if (!head) return {&g, {}};
    // The same resolution as `revision --head`: a head, or base for a new root.
    std::vector<std::string> parents = parents_for_new_revision(g, head);
    if (parents.empty()) return {};
    return {&g, {*g.find(parents.front())}};
}

std::vector<std::string> head_ids(const schema::migrations_source& m) {
    std::vector<std::string> out;
    if (m.revisions == nullptr) return out;
    for (rev_index h : m.heads.empty() ? m.revisions->heads() : m.heads) out.emplace_back(m.revisions->at(h).id);
    return out;
}

scratch::scratch_server scratch_server_for(const dev_database& dev) { return scratch::scratch_server::from(dev.url); }

schema::read_options reading_of(const dev_database& dev) {
    schema::read_options r;
    r.grants = dev.grants;
    return r;
}

}  // namespace retort::app
