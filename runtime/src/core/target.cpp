// Resolves target expressions the way Alembic does (differences are listed in docs/commands.md).
#include "retort/target.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>

namespace retort {

namespace {

std::string list_ids(const graph& g, const std::vector<rev_index>& which) {
    std::string out;
    for (rev_index i : which) {
        if (!out.empty()) out += ", ";
        out += g.at(i).id;
    }
    return out;
}

std::optional<int> parse_count(std::string_view digits) {
    int value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc{} || end != digits.data() + digits.size() || value <= 0) return std::nullopt;
    return value;
}

// A relative step: "+3" or "-2" as a signed count.
std::optional<int> parse_relative(std::string_view word) {
    if (word.size() < 2 || (word[0] != '+' && word[0] != '-')) return std::nullopt;
    auto n = parse_count(word.substr(1));
    if (!n) return std::nullopt;
    return word[0] == '+' ? *n : -*n;
}

// The heads among the revisions that descend from `start` (the heads of its branch).
std::vector<rev_index> branch_heads(const graph& g, rev_index start) {
    std::vector<rev_index> out;
    for (rev_index i : g.descendants_of(start))
        if (g.children_of(i).empty()) out.push_back(i);
    return out;
}

rev_index single_head(const graph& g, const std::vector<rev_index>& heads, std::string_view what) {
    if (heads.size() == 1) return heads.front();
    if (heads.empty()) throw usage_error(fmt::format("'{}': there are no revisions", what));
    throw usage_error(fmt::format("'{}' is ambiguous: there are {} heads ({}); use 'heads' for all of them, or "
                                  "name one (an id or LABEL@head)",
                                  what, heads.size(), list_ids(g, heads)));
}

// Walks `steps` revisions up (children) or down (parents) from `from`; nullopt `from` means below the
// bases. Up must be unambiguous; down from a merge goes to all its parents, as Alembic does.
std::vector<rev_index> walk(const graph& g, std::optional<rev_index> from, int steps, std::string_view word,
                            const std::vector<bool>* scope) {
    auto in_scope = [&](rev_index i) { return !scope || (*scope)[i]; };
    std::vector<rev_index> at;
    if (from) at.push_back(*from);
    if (steps > 0) {
        for (int taken = 0; taken < steps; ++taken) {
            std::vector<rev_index> next;
            if (at.empty()) {
                for (rev_index b : g.bases())
                    if (in_scope(b)) next.push_back(b);
            } else {
                for (rev_index c : g.children_of(at.front()))
                    if (in_scope(c)) next.push_back(c);
            }
            if (next.empty())
                throw usage_error(fmt::format("'{}' goes {} revisions up, but only {} {} there", word, steps, taken,
                                              taken == 1 ? "is" : "are"));
            if (next.size() > 1)
                throw usage_error(fmt::format("'{}' is ambiguous: {} has several next revisions ({}); name one, or "
                                              "use LABEL@+N",
                                              word, at.empty() ? std::string("base") : std::string(g.at(at.front()).id),
                                              list_ids(g, next)));
            at = std::move(next);
        }
        return at;
    }
    for (int taken = 0; taken < -steps; ++taken) {
        if (at.empty())
            throw usage_error(fmt::format("'{}' goes {} revisions down, but only {} {} there", word, -steps, taken,
                                          taken == 1 ? "is" : "are"));
        std::vector<rev_index> next;
        for (rev_index i : at)
            for (rev_index p : g.parents_of(i))
                if (std::find(next.begin(), next.end(), p) == next.end()) next.push_back(p);
        std::sort(next.begin(), next.end());
        at = std::move(next);
    }
    return at;
}

std::optional<rev_index> find_exact_or_label(const graph& g, std::string_view word) {
    if (auto i = g.find(word)) return i;
    return g.find_label(word);
}

std::vector<bool> branch_scope(const graph& g, rev_index labelled) {
    std::vector<bool> scope(g.size(), false);
    for (rev_index i : g.ancestors_of(labelled)) scope[i] = true;
    for (rev_index i : g.descendants_of(labelled)) scope[i] = true;
    return scope;
}

std::optional<rev_index> current_head_in(const graph& g, std::span<const rev_index> current, std::string_view word,
                                         const std::vector<bool>* scope) {
    std::vector<rev_index> candidates;
    for (rev_index h : current)
        if (!scope || (*scope)[h]) candidates.push_back(h);
    if (candidates.empty()) return std::nullopt;
    if (candidates.size() > 1)
        throw usage_error(fmt::format("'{}' is ambiguous: the database has {} current heads ({}); use LABEL@{} or "
                                      "REV{}",
                                      word, candidates.size(), list_ids(g, candidates), word, word));
    return candidates.front();
}

void resolve_one(const graph& g, std::string_view word, std::span<const rev_index> current, direction dir,
                 resolved_target& out) {
    auto add = [&](const std::vector<rev_index>& revs) {
        for (rev_index r : revs)
            if (std::find(out.revisions.begin(), out.revisions.end(), r) == out.revisions.end())
                out.revisions.push_back(r);
    };
    if (word == "base") {
        out.is_base = true;
        return;
    }
    if (word == "heads") {
        add(g.heads());
        return;
    }
    // +N / -N from the current head.
    if (auto n = parse_relative(word)) {
        if ((*n > 0) != (dir == direction::up))
            throw usage_error(fmt::format("'{}' points {} but this command goes {}", word, *n > 0 ? "up" : "down",
                                          dir == direction::up ? "up" : "down"));
        auto from = current_head_in(g, current, word, nullptr);
        auto to = walk(g, from, *n, word, nullptr);
        if (*n < 0) {
            out.relative_from.push_back(*from);
            if (to.empty()) out.is_base = true;
        }
        add(to);
        return;
    }
    // LABEL@head, LABEL@+N, LABEL@-N.
    if (auto at = word.find('@'); at != std::string_view::npos) {
        std::string_view label = word.substr(0, at), rest = word.substr(at + 1);
        auto labelled = find_exact_or_label(g, label);
        if (!labelled) throw usage_error(fmt::format("'{}': no branch label or revision '{}'", word, label));
        if (rest == "head") {
            add({single_head(g, branch_heads(g, *labelled), word)});
            return;
        }
        auto n = parse_relative(rest);
        if (!n) throw usage_error(fmt::format("'{}': after '@' write head, +N or -N", word));
        if ((*n > 0) != (dir == direction::up))
            throw usage_error(fmt::format("'{}' points {} but this command goes {}", word, *n > 0 ? "up" : "down",
                                          dir == direction::up ? "up" : "down"));
        auto scope = branch_scope(g, *labelled);
        auto from = current_head_in(g, current, word, &scope);
        auto to = walk(g, from, *n, word, &scope);
        if (*n < 0) {
            out.relative_from.push_back(*from);
            if (to.empty()) out.is_base = true;
        }
        add(to);
        return;
    }
    // REV+N / REV-N.
    if (auto sign = word.find_first_of("+-", 1); sign != std::string_view::npos) {
        if (auto n = parse_relative(word.substr(sign))) {
            rev_index from = resolve_revision(g, word.substr(0, sign));
            auto to = walk(g, from, *n, word, nullptr);
            if (to.empty()) out.is_base = true;
            add(to);
            return;
        }
    }
    add({resolve_revision(g, word)});
}

}  // namespace

rev_index resolve_revision(const graph& g, std::string_view word) {
    if (word == "head") return single_head(g, g.heads(), word);
    if (auto at = word.find('@'); at != std::string_view::npos && word.substr(at + 1) == "head") {
        auto labelled = find_exact_or_label(g, word.substr(0, at));
        if (!labelled) throw usage_error(fmt::format("'{}': no branch label or revision '{}'", word, word.substr(0, at)));
        return single_head(g, branch_heads(g, *labelled), word);
    }
    if (auto i = find_exact_or_label(g, word)) return *i;
    auto matches = g.find_prefix(word);
    if (matches.size() == 1) return matches.front();
    if (matches.empty())
        throw usage_error(fmt::format("no revision '{}' (not an id, a unique id prefix or a branch label); "
                                      "'history' lists them",
                                      word));
    throw usage_error(fmt::format("'{}' is ambiguous: it starts {} revision ids ({}); type more of the id", word,
                                  matches.size(), list_ids(g, matches)));
}

resolved_target resolve_targets(const graph& g, std::span<const std::string> words,
                                std::span<const rev_index> current_heads, direction dir) {
    resolved_target out;
    if (words.empty()) throw usage_error("no target given");
    for (const auto& w : words) {
        if (w.empty()) throw usage_error("an empty target");
        resolve_one(g, w, current_heads, dir, out);
    }
    if (out.is_base && !out.revisions.empty() && words.size() > 1)
        throw usage_error("'base' cannot be combined with other targets");
    std::sort(out.revisions.begin(), out.revisions.end());
    return out;
}

}  // namespace retort
