// current, history, heads, branches, show, revision and merge as text and JSON.
#include <fmt/format.h>

#include "cli/render.hpp"
#include "retort/plan.hpp"

namespace retort::cli {

namespace {

bool json(const arguments& a) { return a.format == output_format::json; }

std::string revisions_json(const graph& g, std::span<const rev_index> which, const std::optional<app::marks>& m) {
    return array_json(which, [&](rev_index i) { return revision_json(g, i, m); });
}

// As Alembic, text marks (current) only with -i/--indicate-current.
std::optional<app::marks> text_marks(std::optional<app::marks> m, const arguments& a) {
    if (m && !a.indicate_current) m->current.clear();
    return m;
}

}  // namespace

rendered render(const catalog& c, const app::current_outcome& o, const arguments& a) {
    const graph& g = c.revisions;
    rendered r;
    if (json(a))
        r.fields = {{"current", ids_json(g, o.rows)},
                    {"heads", ids_json(g, o.heads)},
                    {"up_to_date", json_bool(o.rows == o.heads)}};
    else
        r.out = o.rows.empty() ? "(base: no revision applied)\n" : current_text(g, o.at, a.verbose);
    return r;
}

rendered render_history(const catalog& c, const app::history_outcome& o, const arguments& a) {
    rendered r;
    if (json(a))
        r.fields = {{"revisions", revisions_json(c.revisions, o.revisions, o.database)}};
    else
        r.out = history_text(c.revisions, o.revisions, text_marks(o.database, a), a.verbose);
    return r;
}

rendered render_heads(const catalog& c, const app::revisions_outcome& o, const arguments& a) {
    rendered r;
    if (json(a))
        r.fields = {{"heads", revisions_json(c.revisions, o.revisions, std::nullopt)}};
    else
        r.out = heads_text(c.revisions, o.revisions, a.verbose);
    return r;
}

rendered render_branches(const catalog& c, const app::revisions_outcome& o, const arguments& a) {
    const graph& g = c.revisions;
    rendered r;
    if (!json(a)) {
        r.out = branches_text(g, o.revisions, a.verbose);
        return r;
    }
    r.fields = {{"branches", array_json(o.revisions, [&](rev_index i) {
                     return json_object({{"revision", revision_json(g, i, std::nullopt)},
                                         {"children", revisions_json(g, g.children_of(i), std::nullopt)}});
                 })}};
    return r;
}

rendered render_show(const catalog& c, const app::revisions_outcome& o, const arguments& a) {
    rendered r;
    if (json(a) && o.revisions.size() == 1)
        r.fields = {{"revision", revision_json(c.revisions, o.revisions.front(), std::nullopt)}};
    else if (json(a))
        r.fields = {{"revisions", revisions_json(c.revisions, o.revisions, std::nullopt)}};
    for (std::size_t k = 0; !json(a) && k < o.revisions.size(); ++k)
        r.out += (k ? "\n" : "") + show_text(c.revisions, o.revisions[k], std::nullopt);
    return r;
}

rendered render(const app::revision_outcome& o, const arguments& a) {
    rendered r;
    if (json(a))
        r.fields = {{"path", json_string(o.path.string())}, {"revision", json_string(o.revision)}};
    else
        r.out = o.path.string() + "\n";
    return r;
}

}  // namespace retort::cli
