// Renders revisions the way Alembic prints them, so that its users read retort's output at once.
#include "inspect.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "retort/error.hpp"
#include "retort/target.hpp"

namespace retort::cli {

namespace {

std::string join_views(const std::vector<std::string_view>& items) {
    std::string out;
    for (auto s : items) out += fmt::format("{}{}", out.empty() ? "" : ", ", s);
    return out;
}

bool is_current(const std::optional<marks>& m, rev_index i) {
    return m && std::find(m->current.begin(), m->current.end(), i) != m->current.end();
}

std::string tags(const graph& g, rev_index i, const std::optional<marks>& m) {
    std::string out;
    if (g.children_of(i).empty()) out += " (head)";
    if (g.children_of(i).size() > 1) out += " (branchpoint)";
    if (g.parents_of(i).size() > 1) out += " (mergepoint)";
    if (is_current(m, i)) out += " (current)";
    return out;
}

std::string labels(const revision& r) {
    return r.branch_labels.empty() ? std::string() : fmt::format(" ({})", join_views(r.branch_labels));
}

std::string one_line(const graph& g, rev_index i, const std::optional<marks>& m) {
    const revision& r = g.at(i);
    return fmt::format("{} -> {}{}{}, {}", join_ids(g, g.parents_of(i)), r.id, labels(r), tags(g, i, m), r.message);
}

std::string verbose_entry(const graph& g, rev_index i, const std::optional<marks>& m) {
    const revision& r = g.at(i);
    std::string out = fmt::format("Rev: {}{}\n", r.id, tags(g, i, m));
    out += fmt::format("{}: {}\n", g.parents_of(i).size() > 1 ? "Merges" : "Parent", join_ids(g, g.parents_of(i)));
    if (g.children_of(i).size() > 1) out += fmt::format("Branches into: {}\n", join_ids(g, g.children_of(i)));
    if (!r.branch_labels.empty()) out += fmt::format("Branch names: {}\n", join_views(r.branch_labels));
    if (!r.depends_on.empty()) out += fmt::format("Also depends on: {}\n", join_views(r.depends_on));
    out += fmt::format("Path: {}\n", r.file);
    if (!r.transactional) out += "Transactional: false\n";
    if (!r.downgrade) out += "Downgrade: none (irreversible)\n";
    if (m) out += fmt::format("Applied: {}\n", m->applied[i] ? "yes" : "no");
    out += fmt::format("\n    {}\n\n    Revision ID: {}\n    Revises: {}\n", r.message, r.id, join_views(r.parents));
    if (!r.create_date.empty()) out += fmt::format("    Create Date: {}\n", r.create_date);
    out += fmt::format("    Upgrade checksum: v1:{}\n", r.upgrade.sum.hex());
    return out;
}

std::vector<std::string> json_ids(const graph& g, const std::vector<rev_index>& which) {
    std::vector<std::string> out;
    for (rev_index i : which) out.push_back(json_string(g.at(i).id));
    return out;
}

std::string revision_json(const graph& g, rev_index i, const std::optional<marks>& m) {
    const revision& r = g.at(i);
    std::vector<std::string> labels_json;
    for (auto l : r.branch_labels) labels_json.push_back(json_string(l));
    std::vector<std::string> deps;
    for (auto d : r.depends_on) deps.push_back(json_string(d));
    std::string out = fmt::format(
        "{{\"revision\":{},\"parents\":{},\"message\":{},\"file\":{},\"branch_labels\":{},\"depends_on\":{},"
        "\"is_head\":{},\"transactional\":{},\"reversible\":{},\"checksum\":{}",
        json_string(r.id), json_array(json_ids(g, g.parents_of(i))), json_string(r.message), json_string(r.file),
        json_array(labels_json), json_array(deps), g.children_of(i).empty(), r.transactional, r.downgrade.has_value(),
        json_string("v1:" + r.upgrade.sum.hex()));
    if (m) out += fmt::format(",\"applied\":{},\"current\":{}", static_cast<bool>(m->applied[i]), is_current(m, i));
    return out + "}";
}

std::optional<rev_index> range_end(const graph& g, std::string_view word) {
    if (word.empty() || word == "heads") return std::nullopt;
    return resolve_revision(g, word);
}

}  // namespace

std::string join_ids(const graph& g, const std::vector<rev_index>& which, std::string_view empty) {
    if (which.empty()) return std::string(empty);
    std::string out;
    for (rev_index i : which) out += fmt::format("{}{}", out.empty() ? "" : ", ", g.at(i).id);
    return out;
}

std::string json_array(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
    return out + "]";
}

std::string ids_json(const graph& g, const std::vector<rev_index>& which) { return json_array(json_ids(g, which)); }

std::string json_string(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out += fmt::format("\\u{:04x}", static_cast<int>(c));
            else
                out += c;
        }
    }
    return out + "\"";
}

std::vector<rev_index> history_range(const graph& g, const std::optional<std::string>& range,
                                     const std::vector<rev_index>& current) {
    std::vector<bool> in(g.size(), true);
    if (range) {
        auto colon = range->find(':');
        if (colon == std::string::npos)
            throw usage_error(fmt::format("history -r takes START:END (either may be empty), not '{}'", *range));
        auto resolve_side = [&](std::string_view word) -> std::optional<std::vector<rev_index>> {
            if (word == "current") return current;
            if (word == "base" || word.empty()) return std::nullopt;
            auto i = range_end(g, word);
            if (!i) return std::nullopt;
            return std::vector<rev_index>{*i};
        };
        std::string_view text = *range;
        if (auto start = resolve_side(text.substr(0, colon))) {
            std::vector<bool> keep(g.size(), false);
            for (rev_index s : *start)
                for (rev_index d : g.descendants_of(s)) keep[d] = true;
            for (rev_index i = 0; i < g.size(); ++i) in[i] = in[i] && keep[i];
        }
        if (auto end = resolve_side(text.substr(colon + 1))) {
            std::vector<bool> keep(g.size(), false);
            for (rev_index e : *end)
                for (rev_index a : g.ancestors_of(e)) keep[a] = true;
            for (rev_index i = 0; i < g.size(); ++i) in[i] = in[i] && keep[i];
        }
    }
    std::vector<rev_index> out;
    for (rev_index i = g.size(); i-- > 0;)
        if (in[i]) out.push_back(i);
    return out;
}

std::string history_text(const graph& g, const std::vector<rev_index>& which, const std::optional<marks>& m,
                         bool verbose) {
    std::string out;
    for (rev_index i : which) out += verbose ? verbose_entry(g, i, m) + "\n" : one_line(g, i, m) + "\n";
    return out;
}

std::string history_json(const graph& g, const std::vector<rev_index>& which, const std::optional<marks>& m) {
    std::vector<std::string> items;
    for (rev_index i : which) items.push_back(revision_json(g, i, m));
    return json_array(items) + "\n";
}

std::string heads_text(const graph& g, bool verbose) {
    std::string out;
    for (rev_index i : g.heads())
        out += verbose ? verbose_entry(g, i, std::nullopt) + "\n"
                       : fmt::format("{}{} (head)\n", g.at(i).id, labels(g.at(i)));
    return out;
}

std::string heads_json(const graph& g) {
    std::vector<std::string> items;
    for (rev_index i : g.heads()) items.push_back(revision_json(g, i, std::nullopt));
    return json_array(items) + "\n";
}

std::string branches_text(const graph& g, bool verbose) {
    std::string out;
    for (rev_index i = 0; i < g.size(); ++i) {
        if (g.children_of(i).size() < 2) continue;
        out += verbose ? verbose_entry(g, i, std::nullopt) : fmt::format("{}{} (branchpoint)\n", g.at(i).id, labels(g.at(i)));
        for (rev_index c : g.children_of(i))
            out += fmt::format("    -> {}{}, {}\n", g.at(c).id, tags(g, c, std::nullopt), g.at(c).message);
    }
    return out;
}

std::string show_text(const graph& g, rev_index i, const std::optional<marks>& m) { return verbose_entry(g, i, m); }

std::string current_text(const graph& g, const std::vector<rev_index>& rows, bool verbose) {
    std::string out;
    for (rev_index i : rows)
        out += verbose ? verbose_entry(g, i, marks{std::vector<bool>(g.size(), true), rows}) + "\n"
                       : fmt::format("{}{}{}\n", g.at(i).id, labels(g.at(i)), g.children_of(i).empty() ? " (head)" : "");
    return out;
}

std::string current_json(const graph& g, const std::vector<rev_index>& rows) {
    std::vector<std::string> heads = json_ids(g, g.heads());
    return fmt::format("{{\"current\":{},\"heads\":{},\"up_to_date\":{}}}\n", json_array(json_ids(g, rows)),
                       json_array(heads), rows == g.heads());
}

}  // namespace retort::cli
