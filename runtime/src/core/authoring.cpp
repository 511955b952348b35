// New revision files, written the way the parser reads them (docs/revision-format.md).
#include "core/authoring.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "retort/target.hpp"

namespace retort {

namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

std::string head_list(const graph& g) {
    std::string out;
    for (rev_index i : g.heads()) out += fmt::format("{}{} ({})", out.empty() ? "" : ", ", g.at(i).id, g.at(i).file);
    return out;
}

bool is_head(const graph& g, rev_index i) { return g.children_of(i).empty(); }

// The leading digits of a file name, when it has any.
std::optional<unsigned long long> leading_number(const std::string& name, std::size_t& width) {
    width = 0;
    while (width < name.size() && std::isdigit(static_cast<unsigned char>(name[width]))) ++width;
    if (width == 0 || width > 18) return std::nullopt;
    return std::stoull(name.substr(0, width));
}

bool valid_label(std::string_view label) {
    return !label.empty() && label.size() <= 64 && std::all_of(label.begin(), label.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    });
}

// One parent of a merge: a head not named before (Alembic refuses the others).
rev_index merge_parent(const graph& g, const std::string& word, const std::vector<rev_index>& before) {
    rev_index i = resolve_revision(g, word);
    if (!is_head(g, i))
        throw usage_error(
            fmt::format("merge {}: revision {} is not a head (the heads are {}); only heads can be merged", word,
                        g.at(i).id, head_list(g)));
    if (std::find(before.begin(), before.end(), i) != before.end())
        throw usage_error(fmt::format("merge: revision {} is named twice", g.at(i).id));
    return i;
}

}  // namespace

std::string render_revision_file(const new_revision& r) { return render_revision_file(r, {}, {}, {}); }

std::string render_revision_file(const new_revision& r, std::string_view preamble, std::string_view upgrade,
                                 std::string_view downgrade) {
    std::string out = fmt::format("-- {}\n--\n-- Revision ID: {}\n-- Revises: {}\n-- Create Date: {}\n", r.message,
                                  r.id, join(r.parents), r.create_date);
    if (!r.branch_labels.empty()) out += fmt::format("-- Branch Labels: {}\n", join(r.branch_labels));
    if (!r.depends_on.empty()) out += fmt::format("-- Depends On: {}\n", join(r.depends_on));
    if (!r.transactional) out += "-- Transactional: false\n";
    if (!preamble.empty()) out += fmt::format("\n{}\n", preamble);
    if (upgrade.empty() && downgrade.empty()) return out + "\n-- +upgrade\n\n\n-- +downgrade\n\n";
    return out + fmt::format("\n-- +upgrade\n{}\n\n-- +downgrade\n{}\n", upgrade, downgrade);
}

std::string slug(std::string_view message) {
    std::string out;
    bool gap = false;
    for (char c : message) {
        if (std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 128) {
            if (gap && !out.empty()) out += '_';
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            gap = false;
        } else {
            gap = true;
        }
        if (out.size() >= 40) break;
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out.empty() ? "revision" : out;
}

std::string next_file_name(std::span<const std::string> existing, std::string_view message) {
    // The width of the files already there, so that the new name sorts after them (4 in a new directory).
    unsigned long long largest = 0;
    std::size_t width = 0;
    for (const auto& name : existing) {
        std::size_t w = 0;
        if (auto n = leading_number(name, w); n && *n >= largest) {
            largest = *n;
            width = std::max(width, w);
        }
    }
    if (width == 0) width = 4;
    return fmt::format("{:0{}}_{}.sql", largest + 1, width, slug(message));
}

std::vector<std::string> parents_for_new_revision(const graph& g, const std::optional<std::string>& head, bool splice) {
    if (head && *head == "base") return {};
    if (!head) {
        auto heads = g.heads();
        if (heads.empty()) return {};
        if (heads.size() > 1)
            throw usage_error(
                fmt::format("the migrations have {} heads: {}. Pass --head REV to add the revision on "
                            "one of them, or join them first with 'merge -m MESSAGE heads'",
                            heads.size(), head_list(g)));
        return {std::string(g.at(heads.front()).id)};
    }
    rev_index i = resolve_revision(g, *head);
    if (!splice && !is_head(g, i))
        throw usage_error(
            fmt::format("--head {}: revision {} is not a head (the heads are {}); a new revision "
                        "continues a head, starts a new root with --head base, or starts a branch with --splice",
                        *head, g.at(i).id, head_list(g)));
    return {std::string(g.at(i).id)};
}

std::vector<std::string> parents_for_merge(const graph& g, std::span<const std::string> revisions) {
    std::vector<rev_index> which;
    if (revisions.empty() || (revisions.size() == 1 && revisions.front() == "heads")) {
        which = g.heads();
    } else {
        for (const auto& word : revisions) which.push_back(merge_parent(g, word, which));
    }
    if (which.size() < 2)
        throw usage_error(fmt::format("nothing to merge: a merge needs at least two revisions, and {} given{}",
                                      which.size(), revisions.empty() ? " (the migrations have one head)" : ""));
    std::vector<std::string> out;
    for (rev_index i : which) out.emplace_back(g.at(i).id);
    return out;
}

void validate_new_revision(const graph& g, new_revision& r) {
    if (r.message.empty() || r.message.find_first_of("\r\n") != std::string::npos)
        throw usage_error("the message (-m) must be one non-empty line");
    for (const auto& label : r.branch_labels) {
        if (!valid_label(label))
            throw usage_error(fmt::format("--branch-label '{}': use letters, digits, '_' and '-' (at most 64)", label));
        if (g.find_label(label)) throw usage_error(fmt::format("--branch-label '{}' is already in use", label));
    }
    for (auto& dependency : r.depends_on) dependency = std::string(g.at(resolve_revision(g, dependency)).id);
}

}  // namespace retort
