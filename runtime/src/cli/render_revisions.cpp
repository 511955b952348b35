// Renders revisions the way Alembic prints them, so that its users read retort's output at once.
#include "cli/render.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cli/json.hpp"

namespace retort::cli {

namespace {

std::string join_views(const std::vector<std::string_view>& items) {
    std::string out;
    for (auto s : items) out += fmt::format("{}{}", out.empty() ? "" : ", ", s);
    return out;
}

bool is_current(const std::optional<app::marks>& m, rev_index i) {
    return m && std::find(m->current.begin(), m->current.end(), i) != m->current.end();
}

// Every revision's labels, inherited along its branch as Alembic shows them.
using label_lists = std::vector<std::vector<std::string_view>>;

std::string labels_of(const label_lists& labels, rev_index i) {
    return labels[i].empty() ? std::string() : fmt::format(" ({})", join_views(labels[i]));
}

// Alembic's "Rev:" line of a verbose entry: head, branchpoint, mergepoint, current.
std::string tags(const graph& g, rev_index i, const std::optional<app::marks>& m) {
    std::string out;
    if (g.children_of(i).empty()) out += " (head)";
    if (g.children_of(i).size() > 1) out += " (branchpoint)";
    if (g.parents_of(i).size() > 1) out += " (mergepoint)";
    if (is_current(m, i)) out += " (current)";
    return out;
}

// Alembic's one-line marks: (head), or (effective head) for a head others depend on, then (current).
std::string head_tags(const graph& g, rev_index i, const std::optional<app::marks>& m) {
    std::string out;
    if (g.children_of(i).empty()) out += g.dependents_of(i).empty() ? " (head)" : " (effective head)";
    if (is_current(m, i)) out += " (current)";
    return out;
}

std::string tree_tags(const graph& g, rev_index i) {
    std::string out;
    if (g.children_of(i).size() > 1) out += " (branchpoint)";
    if (g.parents_of(i).size() > 1) out += " (mergepoint)";
    return out;
}

std::string one_line(const graph& g, const label_lists& labels, rev_index i, const std::optional<app::marks>& m) {
    const revision& r = g.at(i);
    std::string depends = r.depends_on.empty() ? std::string() : fmt::format(" ({})", join_views(r.depends_on));
    return fmt::format("{}{} -> {}{}{}{}, {}", join_ids(g, g.parents_of(i)), depends, r.id, labels_of(labels, i),
                       head_tags(g, i, m), tree_tags(g, i), r.message);
}

std::string verbose_entry(const graph& g, const label_lists& labels, rev_index i, const std::optional<app::marks>& m) {
    const revision& r = g.at(i);
    std::string out = fmt::format("Rev: {}{}\n", r.id, tags(g, i, m));
    out += fmt::format("{}: {}\n", g.parents_of(i).size() > 1 ? "Merges" : "Parent", join_ids(g, g.parents_of(i)));
    if (!r.depends_on.empty()) out += fmt::format("Also depends on: {}\n", join_views(r.depends_on));
    if (g.children_of(i).size() > 1) out += fmt::format("Branches into: {}\n", join_ids(g, g.children_of(i)));
    if (!labels[i].empty()) out += fmt::format("Branch names: {}\n", join_views(labels[i]));
    out += fmt::format("Path: {}\n", r.file);
    if (!r.transactional) out += "Transactional: false\n";
    if (!r.downgrade) out += "Downgrade: none (irreversible)\n";
    if (m) out += fmt::format("Applied: {}\n", m->applied[i] ? "yes" : "no");
    out += fmt::format("\n    {}\n\n    Revision ID: {}\n    Revises: {}\n", r.message, r.id, join_views(r.parents));
    if (!r.create_date.empty()) out += fmt::format("    Create Date: {}\n", r.create_date);
    out += fmt::format("    Upgrade checksum: v1:{}\n", r.upgrade.sum.hex());
    return out;
}

}  // namespace

std::string join_ids(const graph& g, std::span<const rev_index> which, std::string_view empty) {
    if (which.empty()) return std::string(empty);
    std::string out;
    for (rev_index i : which) out += fmt::format("{}{}", out.empty() ? "" : ", ", g.at(i).id);
    return out;
}

std::string revision_json(const graph& g, rev_index i, const std::optional<app::marks>& m) {
    const revision& r = g.at(i);
    auto views = [](const std::vector<std::string_view>& items) { return array_json(items, json_string); };
    json_fields fields{{"revision", json_string(r.id)},
                       {"parents", ids_json(g, g.parents_of(i))},
                       {"message", json_string(r.message)},
                       {"file", json_string(r.file)},
                       {"branch_labels", views(r.branch_labels)},
                       {"depends_on", views(r.depends_on)},
                       {"is_head", json_bool(g.children_of(i).empty())},
                       {"transactional", json_bool(r.transactional)},
                       {"reversible", json_bool(r.downgrade.has_value())},
                       {"checksum", json_string("v1:" + r.upgrade.sum.hex())}};
    if (m) {
        fields.emplace_back("applied", json_bool(m->applied[i]));
        fields.emplace_back("current", json_bool(is_current(m, i)));
    }
    return json_object(fields);
}

std::string history_text(const graph& g, const std::vector<rev_index>& which, const std::optional<app::marks>& m,
                         bool verbose) {
    auto labels = inherited_branch_labels(g);
    std::string out;
    for (rev_index i : which) out += verbose ? verbose_entry(g, labels, i, m) + "\n" : one_line(g, labels, i, m) + "\n";
    return out;
}

std::string heads_text(const graph& g, const std::vector<rev_index>& heads, bool verbose) {
    auto labels = inherited_branch_labels(g);
    std::string out;
    for (rev_index i : heads)
        out += verbose ? verbose_entry(g, labels, i, std::nullopt) + "\n"
                       : fmt::format("{}{}{}\n", g.at(i).id, labels_of(labels, i), head_tags(g, i, std::nullopt));
    return out;
}

// As Alembic aligns them: each child under the branch point's id, then an empty line.
std::string branches_text(const graph& g, const std::vector<rev_index>& branch_points, bool verbose) {
    auto labels = inherited_branch_labels(g);
    auto short_form = [&](rev_index i) {
        return fmt::format("{}{}{}{}", g.at(i).id, labels_of(labels, i), head_tags(g, i, std::nullopt),
                           tree_tags(g, i));
    };
    std::string out;
    for (rev_index i : branch_points) {
        out += verbose ? verbose_entry(g, labels, i, std::nullopt) : short_form(i) + "\n";
        for (rev_index c : g.children_of(i))
            out += fmt::format("{} -> {}{}\n", std::string(g.at(i).id.size(), ' '), short_form(c),
                               verbose ? ", " + std::string(g.at(c).message) : std::string());
        out += "\n";
    }
    return out;
}

std::string show_text(const graph& g, rev_index i, const std::optional<app::marks>& m) {
    return verbose_entry(g, inherited_branch_labels(g), i, m);
}

// Alembic's `current`: each head of what is applied, with (head) or (effective head), without labels.
std::string current_text(const graph& g, const std::vector<rev_index>& heads, bool verbose) {
    auto labels = inherited_branch_labels(g);
    std::string out;
    for (rev_index i : heads)
        out += verbose ? verbose_entry(g, labels, i, app::marks{std::vector<bool>(g.size(), true), heads}) + "\n"
                       : fmt::format("{}{}{}\n", g.at(i).id, head_tags(g, i, std::nullopt), tree_tags(g, i));
    return out;
}

}  // namespace retort::cli
