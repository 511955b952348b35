// Resolves target expressions the way Alembic does (differences are listed in docs/commands.md).
#include "retort/target.hpp"

#include "core/suggest.hpp"

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
    throw usage_error(
        fmt::format("'{}' is ambiguous: there are {} heads ({}); use 'heads' for all of them, or "
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
                throw usage_error(
                    fmt::format("'{}' is ambiguous: {} has several next revisions ({}); name one, or "
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
        throw usage_error(
            fmt::format("'{}' is ambiguous: the database has {} current heads ({}); use LABEL@{} or "
                        "REV{}",
                        word, candidates.size(), list_ids(g, candidates), word, word));
    return candidates.front();
}

void add_unique(resolved_target& out, const std::vector<rev_index>& revs) {
    for (rev_index r : revs)
        if (std::find(out.revisions.begin(), out.revisions.end(), r) == out.revisions.end()) out.revisions.push_back(r);
}

void check_direction(std::string_view word, int n, direction dir) {
    if ((n > 0) != (dir == direction::up))
        throw usage_error(fmt::format("'{}' points {} but this command goes {}", word, n > 0 ? "up" : "down",
                                      dir == direction::up ? "up" : "down"));
}

// +N / -N (and LABEL@+N / LABEL@-N within `scope`): counted from the one current head in scope.
void add_relative(const graph& g, std::string_view word, int n, std::span<const rev_index> current, direction dir,
                  const std::vector<bool>* scope, resolved_target& out) {
    check_direction(word, n, dir);
    auto from = current_head_in(g, current, word, scope);
    auto to = walk(g, from, n, word, scope);
    if (n < 0) {
        out.relative_from.push_back(*from);
        if (to.empty()) out.is_base = true;
    }
    add_unique(out, to);
}

// LABEL@head, LABEL@+N, LABEL@-N.
void add_labelled(const graph& g, std::string_view word, std::size_t at, std::span<const rev_index> current,
                  direction dir, resolved_target& out) {
    std::string_view label = word.substr(0, at), rest = word.substr(at + 1);
    auto labelled = find_exact_or_label(g, label);
    if (!labelled)
        throw usage_error(
            fmt::format("'{}': no branch label or revision '{}'{}", word, label, did_you_mean_revision(g, label)));
    if (rest == "head") return add_unique(out, {single_head(g, branch_heads(g, *labelled), word)});
    auto n = parse_relative(rest);
    if (!n) throw usage_error(fmt::format("'{}': after '@' write head, +N or -N", word));
    auto scope = branch_scope(g, *labelled);
    add_relative(g, word, *n, current, dir, &scope, out);
}

void resolve_one(const graph& g, std::string_view word, std::span<const rev_index> current, direction dir,
                 resolved_target& out) {
    if (word == "base") {
        out.is_base = true;
        return;
    }
    if (word == "heads") return add_unique(out, g.heads());
    if (auto n = parse_relative(word)) return add_relative(g, word, *n, current, dir, nullptr, out);
    if (auto at = word.find('@'); at != std::string_view::npos) return add_labelled(g, word, at, current, dir, out);
    // REV+N / REV-N.
    if (auto sign = word.find_first_of("+-", 1); sign != std::string_view::npos) {
        if (auto n = parse_relative(word.substr(sign))) {
            auto to = walk(g, resolve_revision(g, word.substr(0, sign)), *n, word, nullptr);
            if (to.empty()) out.is_base = true;
            return add_unique(out, to);
        }
    }
    add_unique(out, {resolve_revision(g, word)});
}

// The revisions `word` stands for at one end of a history range; nullopt: no restriction.
std::optional<std::vector<rev_index>> range_side(const graph& g, std::string_view word,
                                                 std::span<const rev_index> current) {
    if (word == "current") return std::vector<rev_index>(current.begin(), current.end());
    if (word.empty() || word == "base" || word == "heads") return std::nullopt;
    return std::vector<rev_index>{resolve_revision(g, word)};
}

// Keeps in `in` only what `reach` (ancestors_of or descendants_of) finds from `from`.
template <class Reach>
void keep_reachable(const graph& g, const std::vector<rev_index>& from, std::vector<bool>& in, Reach reach) {
    std::vector<bool> keep(g.size(), false);
    for (rev_index s : from)
        for (rev_index r : reach(s)) keep[r] = true;
    for (rev_index i = 0; i < g.size(); ++i) in[i] = in[i] && keep[i];
}

// Revision ids of a comma-separated list (`3f2a,4d5e`), each resolved as resolve_revision() does.
void add_start_rows(const graph& g, std::string_view list, std::vector<std::string>& rows) {
    if (list.empty() || list == "base") return;
    std::size_t begin = 0;
    while (true) {
        auto comma = list.find(',', begin);
        std::string_view word = list.substr(begin, comma == std::string_view::npos ? list.npos : comma - begin);
        rows.emplace_back(g.at(resolve_revision(g, word)).id);
        if (comma == std::string_view::npos) return;
        begin = comma + 1;
    }
}

}  // namespace

rev_index resolve_revision(const graph& g, std::string_view word) {
    if (word == "head") return single_head(g, g.heads(), word);
    if (auto at = word.find('@'); at != std::string_view::npos && word.substr(at + 1) == "head") {
        auto labelled = find_exact_or_label(g, word.substr(0, at));
        if (!labelled)
            throw usage_error(fmt::format("'{}': no branch label or revision '{}'{}", word, word.substr(0, at),
                                          did_you_mean_revision(g, word.substr(0, at))));
        return single_head(g, branch_heads(g, *labelled), word);
    }
    if (auto i = find_exact_or_label(g, word)) return *i;
    auto matches = g.find_prefix(word);
    if (matches.size() == 1) return matches.front();
    if (matches.empty())
        throw usage_error(
            fmt::format("no revision '{}' (not an id, a unique id prefix or a branch label); "
                        "'history' lists them{}",
                        word, did_you_mean_revision(g, word)));
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

script_range parse_script_ranges(const graph& g, std::span<const std::string> words) {
    script_range out;
    for (const auto& word : words) {
        auto colon = word.find(':');
        if (colon == std::string::npos) {
            out.targets.push_back(word);
            continue;
        }
        add_start_rows(g, std::string_view(word).substr(0, colon), out.from);
        out.targets.push_back(word.substr(colon + 1));
    }
    return out;
}

std::vector<rev_index> history_range(const graph& g, const std::optional<std::string>& range,
                                     std::span<const rev_index> current) {
    std::vector<bool> in(g.size(), true);
    if (range) {
        auto colon = range->find(':');
        if (colon == std::string::npos)
            throw usage_error(fmt::format("history -r takes START:END (either may be empty), not '{}'", *range));
        std::string_view text = *range;
        if (auto start = range_side(g, text.substr(0, colon), current))
            keep_reachable(g, *start, in, [&](rev_index i) { return g.descendants_of(i); });
        if (auto end = range_side(g, text.substr(colon + 1), current))
            keep_reachable(g, *end, in, [&](rev_index i) { return g.ancestors_of(i); });
    }
    std::vector<rev_index> out;
    for (rev_index i = g.size(); i-- > 0;)
        if (in[i]) out.push_back(i);
    return out;
}

}  // namespace retort
