// revision --autogenerate, check --declared and check --drift as text and JSON: the changes, the
// hazards (stderr in text), what could not be proven or modelled, and the files written.
#include <fmt/format.h>

#include "cli/render.hpp"

namespace retort::cli {

namespace {

bool json(const arguments& a) { return a.format == output_format::json; }

std::string change_json(const schema::change& c, std::string_view action) {
    return json_object({{"action", json_string(action)},
                        {"object", json_string(schema::describe(c.key))},
                        {"kind", json_string(schema::kind_name(c.key.kind))},
                        {"details", strings_json(c.details)}});
}

std::string changes_json(const std::vector<schema::change>& changes) {
    return array_json(changes, [](const schema::change& c) { return change_json(c, schema::action_name(c.action)); });
}

std::string hazards_json(const std::vector<schema::hazard>& hazards) {
    return array_json(hazards, [](const schema::hazard& h) {
        return json_object({{"kind", json_string(schema::hazard_name(h.kind))}, {"message", json_string(h.message)}});
    });
}

std::string lines(const std::vector<std::string>& items, std::string_view prefix) {
    std::string out;
    for (const auto& i : items) out += fmt::format("{}{}\n", prefix, i);
    return out;
}

std::string changes_text(const std::vector<schema::change>& changes) {
    std::string out;
    for (const auto& c : changes) out += fmt::format("  {}\n", schema::describe(c));
    return out;
}

std::string written_text(const app::autogenerate_outcome& o) {
    std::string out;
    for (const auto& w : o.written) out += fmt::format("Generating {} ... done\n", w.path.string());
    return out;
}

}  // namespace

rendered render(const app::autogenerate_outcome& o, const arguments& a) {
    const auto& g = o.generated;
    rendered r;
    r.result = o.result;
    if (json(a)) {
        r.fields = {{"result", json_string(schema::status_name(g.status))},
                    {"files", array_json(o.written,
                                         [](const app::revision_outcome& w) {
                                             return json_object({{"path", json_string(w.path.string())},
                                                                 {"revision", json_string(w.revision)}});
                                         })},
                    {"parents", strings_json(g.parents)},
                    {"changes", changes_json(g.diff.changes)},
                    {"hazards", hazards_json(g.hazards())},
                    {"problems", strings_json(g.problems)},
                    {"notes", strings_json(g.notes)}};
        return r;
    }
    using st = schema::autogenerate_status;
    if (g.status == st::nothing_to_do) {
        r.out = "No changes: the migrations already produce the declared schema; no revision written.\n";
        r.err = lines(g.notes, "retort: note: ");
        return r;
    }
    for (const auto& h : g.hazards())
        r.err += fmt::format("retort: hazard ({}): {}\n", schema::hazard_name(h.kind), h.message);
    r.err += lines(g.notes, "retort: note: ");
    if (g.status == st::failed) {
        r.err +=
            "retort: the generated revision does not replay exactly on a scratch database, so nothing was "
            "written (--unverified writes it with these differences in a comment):\n" +
            lines(g.problems, "  ");
        return r;
    }
    if (g.status == st::unverified)
        r.err += "retort: warning: written UNVERIFIED; what differs is listed at the top of the file:\n" +
                 lines(g.problems, "  ");
    r.out = written_text(o);
    return r;
}

rendered render(const app::declared_check_outcome& o, const arguments& a) {
    const auto& c = o.check;
    rendered r;
    r.result = o.result;
    if (json(a)) {
        r.fields = {{"same", json_bool(o.result == retort::status::ok)},
                    {"heads", strings_json(o.heads)},
                    {"changes", changes_json(c.diff.changes)},
                    {"problems", strings_json(c.problems)},
                    {"notes", strings_json(c.diff.notes)},
                    {"would_generate", json_string(schema::render_statements(c.would_generate))}};
        return r;
    }
    r.err = lines(c.diff.notes, "retort: note: ");
    if (o.result == retort::status::ok) {
        r.out = "The migrations at head produce the declared schema exactly.\n";
        return r;
    }
    r.out = fmt::format("The migrations at head do not produce the declared schema: {} change{}.\n",
                        c.diff.changes.size(), c.diff.changes.size() == 1 ? "" : "s");
    r.out += changes_text(c.diff.changes);
    if (!c.problems.empty())
        r.out += "Not modelled or not expressible (the check fails on these):\n" + lines(c.problems, "  ");
    if (!c.would_generate.empty())
        r.out +=
            "\n`revision --autogenerate` would write (before review):\n" + schema::render_statements(c.would_generate);
    return r;
}

rendered render(const catalog& c, const app::drift_outcome& o, const arguments& a) {
    const auto& d = o.drift;
    auto by_hand = [](schema::change_action act) {
        return act == schema::change_action::create ? "added"
               : act == schema::change_action::drop ? "removed"
                                                    : "changed";
    };
    rendered r;
    r.result = o.result;
    if (json(a)) {
        r.fields = {
            {"drifted", json_bool(d.drifted)},
            {"applied", ids_json(c.revisions, o.applied)},
            {"changes", array_json(d.items,
                                   [&](const schema::drift_item& i) {
                                       return change_json({i.action, i.key, i.details}, by_hand(i.action));
                                   })},
            {"unmodelled",
             array_json(d.unmodelled,
                        [](const schema::unmodelled_object& u) {
                            return json_object({{"kind", json_string(u.kind)}, {"identity", json_string(u.identity)}});
                        })},
            {"notes", strings_json(d.notes)}};
        return r;
    }
    r.err = lines(d.notes, "retort: note: ");
    if (!d.drifted) {
        r.out = fmt::format("No drift: the database holds exactly the schema of its {} applied revision{}.\n",
                            o.applied.size(), o.applied.size() == 1 ? "" : "s");
        return r;
    }
    r.out = "Drift: the database differs from the schema its applied revisions produce:\n";
    for (const auto& i : d.items) {
        r.out += fmt::format("  {} by hand: {}", by_hand(i.action), schema::describe(i.key));
        if (!i.details.empty()) r.out += ": " + fmt::format("{}", fmt::join(i.details, "; "));
        r.out += '\n';
    }
    for (const auto& u : d.unmodelled)
        r.out += fmt::format("  not modelled (cannot be compared): {} {}\n", u.kind, u.identity);
    return r;
}

}  // namespace retort::cli
