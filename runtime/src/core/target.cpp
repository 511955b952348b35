// Resolves target expressions the way Alembic does (differences are listed in docs/commands.md).
#include "retort/target.hpp"

#include "core/suggest.hpp"
#include "retort/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <optional>

namespace retort {

namespace {

std::string list_ids(const graph& g, std::span<const rev_index> which) {
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

// Alembic's `heads` as a target: the heads no other revision depends on (the others come with them).
std::vector<rev_index> real_heads(const graph& g, const std::vector<rev_index>& heads) {
    std::vector<rev_index> out;
    for (rev_index h : heads)
        if (g.dependents_of(h).empty()) out.push_back(h);
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
        // As Alembic: a step down from a merge has no single answer.
        if (g.parents_of(at.front()).size() > 1)
            throw usage_error(
                fmt::format("'{}': ambiguous walk: {} merges {}; name the revision to go to, or "
                            "use LABEL@-N",
                            word, g.at(at.front()).id, list_ids(g, g.parents_of(at.front()))));
        const auto parents = g.parents_of(at.front());
        at.assign(parents.begin(), parents.end());
    }
    return at;
}

std::optional<rev_index> find_exact_or_label(const graph& g, std::string_view word) {
    if (auto i = g.find(word)) return i;
    return g.find_label(word);
}

// Marks what `next` (parents_of or children_of) reaches from `start`, `start` included.
template <class Next>
void mark_lineage(rev_index start, std::vector<bool>& marked, Next next) {
    std::vector<rev_index> todo{start};
    while (!todo.empty()) {
        rev_index i = todo.back();
        todo.pop_back();
        marked[i] = true;
        for (rev_index j : next(i))
            if (!marked[j]) todo.push_back(j);
    }
}

// A label's branch: the labelled revision's ancestors and descendants through Revises (Alembic's
// lineage leaves Depends On out).
std::vector<bool> branch_scope(const graph& g, rev_index labelled) {
    std::vector<bool> scope(g.size(), false);
    mark_lineage(labelled, scope, [&](rev_index i) { return g.parents_of(i); });
    std::vector<bool> above(g.size(), false);
    mark_lineage(labelled, above, [&](rev_index i) { return g.children_of(i); });
    for (rev_index i = 0; i < g.size(); ++i) scope[i] = scope[i] || above[i];
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
    // Counted from what `current` shows: a revision a row depends on is a current head too.
    auto heads = current_heads_of(g, closure_of(g, current));
    auto from = current_head_in(g, heads, word, scope);
    auto to = walk(g, from, n, word, scope);
    if (n < 0) {
        out.relative_from.push_back(*from);
        if (to.empty()) out.is_base = true;
    }
    add_unique(out, to);
}

// The bases below `labelled` through parents only (Alembic ignores depends_on here).
std::vector<rev_index> branch_bases(const graph& g, rev_index labelled) {
    std::vector<bool> seen(g.size(), false);
    std::vector<rev_index> todo{labelled}, out;
    while (!todo.empty()) {
        rev_index i = todo.back();
        todo.pop_back();
        if (seen[i]) continue;
        seen[i] = true;
        if (g.parents_of(i).empty()) out.push_back(i);
        for (rev_index p : g.parents_of(i)) todo.push_back(p);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// REV+N / REV-N where REV is a revision, `head` or `base` (nullopt: below the bases), within `scope`.
bool add_stepped(const graph& g, std::string_view word, std::string_view text, const std::vector<bool>* scope,
                 const std::function<std::optional<rev_index>(std::string_view)>& origin, resolved_target& out) {
    auto sign = text.find_first_of("+-", 1);
    if (sign == std::string_view::npos) return false;
    auto n = parse_relative(text.substr(sign));
    if (!n) return false;
    auto to = walk(g, origin(text.substr(0, sign)), *n, word, scope);
    if (to.empty()) out.is_base = true;
    add_unique(out, to);
    return true;
}

// LABEL@head, LABEL@heads, LABEL@base, LABEL@+N, LABEL@-N, LABEL@head-N, LABEL@base+N, LABEL@REV.
void add_labelled(const graph& g, std::string_view word, std::size_t at, std::span<const rev_index> current,
                  direction dir, resolved_target& out) {
    std::string_view label = word.substr(0, at), rest = word.substr(at + 1);
    auto labelled = find_exact_or_label(g, label);
    if (!labelled)
        throw usage_error(
            fmt::format("'{}': no branch label or revision '{}'{}", word, label, did_you_mean_revision(g, label)));
    auto heads = branch_heads(g, *labelled);
    if (rest == "head") return add_unique(out, {single_head(g, heads, word)});
    if (rest == "heads") return add_unique(out, real_heads(g, heads));
    if (rest == "base") {
        out.is_base = true;
        out.base_roots = branch_bases(g, *labelled);
        return;
    }
    auto scope = branch_scope(g, *labelled);
    if (auto n = parse_relative(rest)) return add_relative(g, word, *n, current, dir, &scope, out);
    auto origin = [&](std::string_view from) -> std::optional<rev_index> {
        if (from == "base") return std::nullopt;
        if (from == "head") return single_head(g, heads, word);
        return resolve_revision(g, from);
    };
    if (add_stepped(g, word, rest, &scope, origin, out)) return;
    rev_index named = 0;
    try {
        named = resolve_revision(g, rest);
    } catch (const usage_error&) {
        throw usage_error(
            fmt::format("'{}': after '@' write head, heads, base, +N, -N or a revision on that branch", word));
    }
    if (!scope[named])
        throw usage_error(fmt::format("'{}': revision {} is not on the branch of '{}'", word, g.at(named).id, label));
    add_unique(out, {named});
}

void resolve_one(const graph& g, std::string_view word, std::span<const rev_index> current, direction dir,
                 resolved_target& out) {
    if (word == "base") {
        out.is_base = true;
        return;
    }
    if (word == "heads") return add_unique(out, real_heads(g, g.heads()));
    if (auto n = parse_relative(word)) return add_relative(g, word, *n, current, dir, nullptr, out);
    if (auto at = word.find('@'); at != std::string_view::npos) return add_labelled(g, word, at, current, dir, out);
    // REV+N / REV-N, base+N (a label may itself contain '-': an exact id or label wins).
    if (auto exact = find_exact_or_label(g, word)) return add_unique(out, {*exact});
    auto origin = [&](std::string_view from) -> std::optional<rev_index> {
        if (from == "base") return std::nullopt;
        return resolve_revision(g, from);
    };
    if (add_stepped(g, word, word, nullptr, origin, out)) return;
    add_unique(out, {resolve_revision(g, word)});
}

// The revisions `word` stands for at one end of a history range; nullopt: no restriction. A relative
// side (+N, -N) counts from `origin` (the other side, or the current heads).
std::optional<std::vector<rev_index>> range_side(const graph& g, std::string_view word,
                                                 std::span<const rev_index> current,
                                                 const std::optional<std::vector<rev_index>>& origin) {
    // At base (or with no database) Alembic's `current` is no revision, which its walk reads as base.
    if (word == "current" && !current.empty()) return std::vector<rev_index>(current.begin(), current.end());
    if (word.empty() || word == "current" || word == "base" || word == "heads") return std::nullopt;
    if (auto n = parse_relative(word)) {
        std::vector<rev_index> from = origin ? *origin : std::vector<rev_index>(current.begin(), current.end());
        if (from.size() > 1)
            throw usage_error(fmt::format("'{}' is ambiguous: it counts from several revisions", word));
        auto to = walk(g, from.empty() ? std::nullopt : std::optional<rev_index>(from.front()), *n, word, nullptr);
        if (to.empty()) return std::nullopt;
        return to;
    }
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
        // As Alembic: a relative start counts from the end (the heads when the end is open), a relative
        // end from the start.
        std::string_view first = text.substr(0, colon), last = text.substr(colon + 1);
        auto end = parse_relative(last) ? std::nullopt : range_side(g, last, current, std::nullopt);
        auto start = range_side(g, first, current, end ? end : std::optional(g.heads()));
        if (parse_relative(last)) end = range_side(g, last, current, start);
        if (start) keep_reachable(g, *start, in, [&](rev_index i) { return g.descendants_of(i); });
        if (end) keep_reachable(g, *end, in, [&](rev_index i) { return g.ancestors_of(i); });
        if (start && end && std::none_of(in.begin(), in.end(), [](bool b) { return b; }))
            throw usage_error(
                fmt::format("history -r {}: {} is not an ancestor of {} (along the same branch); "
                            "write the older revision first",
                            *range, text.substr(0, colon), text.substr(colon + 1)));
    }
    // Alembic walks down from the heads of the range (what nothing else in it revises or depends on).
    std::vector<rev_index> tops;
    auto inside = [&](rev_index j) { return in[j]; };
    for (rev_index i = 0; i < g.size(); ++i)
        if (in[i] && std::none_of(g.children_of(i).begin(), g.children_of(i).end(), inside) &&
            std::none_of(g.dependents_of(i).begin(), g.dependents_of(i).end(), inside))
            tops.push_back(i);
    return alembic_order(g, std::move(in), tops);
}

}  // namespace retort
