// The lock file: parsing, rendering, comparing with a graph, and the two ways it changes (adding the
// unlocked revisions, relocking one). See docs/lockfile.md.
#include "core/lockfile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>
#include <variant>

#include "core/revision_file.hpp"

namespace retort {

namespace {

constexpr std::string_view line_form = "<id> parents=<ids or -> up=<64 hex digits> down=<64 hex digits or ->";

constexpr std::string_view header =
    "# retort lock file: one line per released revision, sorted by id (see docs/lockfile.md in retort).\n"
    "# Written by the `lock` command; do not edit it by hand. A build fails when a locked revision changes.\n";

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> out;
    std::size_t begin = 0;
    while (true) {
        auto end = text.find(sep, begin);
        out.push_back(text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin));
        if (end == std::string_view::npos) return out;
        begin = end + 1;
    }
}

bool is_lower_hex(std::string_view s) {
    return s.size() == 64 &&
           std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t") == std::string_view::npos; }

// The value of `key=value`, or nullopt when `field` does not start with `key=`.
std::optional<std::string_view> field_value(std::string_view field, std::string_view key) {
    if (field.size() <= key.size() || !field.starts_with(key) || field[key.size()] != '=') return std::nullopt;
    return field.substr(key.size() + 1);
}

// Parses one non-comment line; the reason when it is malformed.
std::variant<lock_entry, std::string> parse_line(std::string_view line) {
    auto fields = split(line, ' ');
    if (fields.size() != 4) return fmt::format("expected `{}`", line_form);
    lock_entry e;
    e.id = fields[0];
    if (!is_valid_revision_id(e.id)) return fmt::format("'{}' is not a revision id", e.id);
    auto parents = field_value(fields[1], "parents");
    auto up = field_value(fields[2], "up");
    auto down = field_value(fields[3], "down");
    if (!parents || !up || !down) return fmt::format("expected `{}`", line_form);
    if (*parents != "-") {
        for (auto p : split(*parents, ',')) {
            if (!is_valid_revision_id(p)) return fmt::format("parent '{}' is not a revision id", p);
            e.parents.emplace_back(p);
        }
        if (!std::is_sorted(e.parents.begin(), e.parents.end()) ||
            std::adjacent_find(e.parents.begin(), e.parents.end()) != e.parents.end())
            return "parents must be sorted and listed once";
    }
    if (!is_lower_hex(*up)) return "up= takes 64 lower-case hexadecimal digits";
    e.upgrade = checksum::from_hex(*up);
    if (*down != "-") {
        if (!is_lower_hex(*down)) return "down= takes 64 lower-case hexadecimal digits or -";
        e.downgrade = checksum::from_hex(*down);
    }
    // Only the form lock_line() writes is accepted, so that rewriting the file never changes a line.
    if (lock_line(e) != line) return fmt::format("expected `{}`, written as `lock` writes it", line_form);
    return e;
}

std::string checksum_text(const std::optional<checksum>& c) { return c ? "v1:" + c->hex() : "none"; }

std::string parents_text(const std::vector<std::string>& parents) {
    return parents.empty() ? "none" : fmt::format("{}", fmt::join(parents, ", "));
}

std::string describe_heads(const graph& g, const std::vector<rev_index>& heads) {
    std::string out;
    for (rev_index i : heads) out += fmt::format("{}{} ({})", out.empty() ? "" : ", ", g.at(i).id, g.at(i).file);
    return out;
}

}  // namespace

std::string lock_changes(const lock_entry& locked, const lock_entry& now) {
    std::vector<std::string> parts;
    if (locked.upgrade != now.upgrade)
        parts.push_back(fmt::format("upgrade checksum locked {}, now {}", checksum_text(locked.upgrade),
                                    checksum_text(now.upgrade)));
    if (locked.downgrade != now.downgrade)
        parts.push_back(fmt::format("downgrade checksum locked {}, now {}", checksum_text(locked.downgrade),
                                    checksum_text(now.downgrade)));
    if (locked.parents != now.parents)
        parts.push_back(
            fmt::format("parents locked {}, now {}", parents_text(locked.parents), parents_text(now.parents)));
    return fmt::format("{}", fmt::join(parts, "; "));
}

std::vector<lock_entry> parse_lock(std::string_view file_name, std::string_view text, diagnostics& diags) {
    std::vector<lock_entry> entries;
    std::map<std::string, std::size_t, std::less<>> by_id;
    auto lines = split(text, '\n');
    if (!text.empty() && text.back() == '\n') lines.pop_back();
    for (std::size_t n = 0; n < lines.size(); ++n) {
        std::string_view line = lines[n];
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (is_blank(line) || line.starts_with('#')) continue;
        auto number = static_cast<std::uint32_t>(n + 1);
        auto parsed = parse_line(line);
        if (auto* reason = std::get_if<std::string>(&parsed)) {
            diags.error(std::string(file_name), number, *reason);
            continue;
        }
        auto& e = std::get<lock_entry>(parsed);
        e.line = number;
        if (auto it = by_id.find(e.id); it != by_id.end()) {
            // A union merge may bring the same line twice; only different lines for one id are a problem.
            const lock_entry& first = entries[it->second];
            if (!(first == e))
                diags.error(std::string(file_name), number,
                            fmt::format("revision {} is locked twice, differently (also at line {})", e.id,
                                        first.line));
            continue;
        }
        by_id.emplace(e.id, entries.size());
        entries.push_back(std::move(e));
    }
    return entries;
}

lock_entry lock_entry_of(const revision& r) {
    lock_entry e;
    e.id = r.id;
    e.parents.assign(r.parents.begin(), r.parents.end());
    std::sort(e.parents.begin(), e.parents.end());
    e.upgrade = r.upgrade.sum;
    if (r.downgrade) e.downgrade = r.downgrade->sum;
    return e;
}

std::string lock_line(const lock_entry& e) {
    std::string parents = e.parents.empty() ? "-" : fmt::format("{}", fmt::join(e.parents, ","));
    return fmt::format("{} parents={} up={} down={}", e.id, parents, e.upgrade.hex(),
                       e.downgrade ? e.downgrade->hex() : "-");
}

std::string render_lock(std::vector<lock_entry> entries) {
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    std::string out(header);
    for (const auto& e : entries) out += lock_line(e) + '\n';
    return out;
}

lock_comparison compare_lock(const graph& g, const std::vector<lock_entry>& entries) {
    lock_comparison c;
    std::unordered_map<std::string_view, const lock_entry*> locked;
    for (const auto& e : entries) locked.emplace(e.id, &e);
    for (rev_index i = 0; i < g.size(); ++i) {
        auto it = locked.find(g.at(i).id);
        if (it == locked.end()) {
            c.unlocked.push_back(i);
            continue;
        }
        const lock_entry& was = *it->second;
        lock_entry now = lock_entry_of(g.at(i));
        edited_locked_revision e{i, was, was.parents != now.parents, was.upgrade != now.upgrade,
                                 was.downgrade != now.downgrade};
        if (e.parents || e.upgrade || e.downgrade)
            c.edited.push_back(std::move(e));
        else
            ++c.matching;
    }
    for (const auto& e : entries)
        if (!g.find(e.id)) c.deleted.push_back(e);
    c.heads = g.heads();
    return c;
}

void lock_diagnostics(const graph& g, const lock_comparison& c, std::string_view lock_file, const lock_policy& policy,
                      diagnostics& diags) {
    for (const auto& e : c.edited) {
        const revision& r = g.at(e.revision);
        diags.error(std::string(r.file), r.lines.id,
                    fmt::format("revision {} was edited after it was locked; revert the edit or write a new revision "
                                "({})",
                                r.id, lock_changes(e.locked, lock_entry_of(r))));
        diags.note(std::string(lock_file), e.locked.line, fmt::format("revision {} is locked here", r.id));
    }
    for (const auto& e : c.deleted)
        diags.error(std::string(lock_file), e.line,
                    fmt::format("revision {} is locked but no revision file has this id any more; restore the file (a "
                                "released revision stays), or run `lock --relock {}` if it was never released",
                                e.id, e.id));
    const bool nothing_locked = c.matching == 0 && c.edited.empty() && c.deleted.empty();
    if (policy.report_unlocked && !policy.strict && nothing_locked && !c.unlocked.empty()) {
        // Before the first `lock` every revision is unlocked: one line, not one per revision.
        diags.note(std::string(lock_file), 0,
                   fmt::format("no revision is locked yet ({} revision{}); `lock` writes them all to the lock file",
                               c.unlocked.size(), c.unlocked.size() == 1 ? "" : "s"));
    } else if (policy.report_unlocked || policy.strict) {
        for (rev_index i : c.unlocked) {
            const revision& r = g.at(i);
            if (policy.strict)
                diags.error(std::string(r.file), r.lines.id,
                            fmt::format("revision {} is not locked; run `lock` and commit the lock file", r.id));
            else
                diags.note(std::string(r.file), r.lines.id,
                           fmt::format("revision {} is not locked yet; `lock` adds it", r.id));
        }
    }
    if (policy.several_heads_are_errors && c.heads.size() > 1) {
        const revision& r = g.at(c.heads.front());
        diags.error(std::string(r.file), r.lines.id,
                    fmt::format("the graph has {} heads: {}; write a merge revision that revises them, or allow "
                                "several heads (--allow-multiple-heads)",
                                c.heads.size(), describe_heads(g, c.heads)));
    }
}

lock_verdict verdict(const lock_comparison& c, const lock_policy& policy) {
    if (!c.edited.empty() || !c.deleted.empty()) return lock_verdict::edited;
    if ((policy.strict && !c.unlocked.empty()) || (policy.several_heads_are_errors && c.heads.size() > 1))
        return lock_verdict::unlocked_or_heads;
    return lock_verdict::clean;
}

lock_check check_lock(const graph& g, std::string_view file, const std::optional<std::string>& text,
                      const lock_policy& policy) {
    lock_check out;
    if (text) out.entries = parse_lock(file, *text, out.diags);
    out.malformed = out.diags.has_errors();
    if (out.malformed) return out;
    out.comparison = compare_lock(g, out.entries);
    lock_diagnostics(g, out.comparison, file, policy, out.diags);
    out.verdict = verdict(out.comparison, policy);
    return out;
}

lock_addition add_unlocked(const graph& g, std::vector<lock_entry> entries) {
    lock_addition out;
    out.added = compare_lock(g, entries).unlocked;
    for (rev_index i : out.added) entries.push_back(lock_entry_of(g.at(i)));
    out.entries = std::move(entries);
    return out;
}

lock_relock relock(const graph& g, std::vector<lock_entry> entries, std::string_view word) {
    // Candidates: every id of the graph and of the lock file that equals `word`, else that starts with it.
    std::vector<std::string> exact, prefixed;
    auto consider = [&](std::string_view id) {
        if (id == word)
            exact.emplace_back(id);
        else if (id.starts_with(word))
            prefixed.emplace_back(id);
    };
    for (const auto& r : g.revisions()) consider(r.id);
    for (const auto& e : entries)
        if (!g.find(e.id)) consider(e.id);
    if (!word.empty() && exact.empty() && prefixed.empty())
        if (auto labelled = g.find_label(word)) exact.emplace_back(g.at(*labelled).id);
    const auto& matches = exact.empty() ? prefixed : exact;
    if (word.empty() || matches.empty())
        throw usage_error(fmt::format("no revision or locked id '{}' to relock", word));
    if (matches.size() > 1)
        throw usage_error(fmt::format("'{}' is ambiguous: it starts {} ids ({}); type more of the id", word,
                                      matches.size(), fmt::join(matches, ", ")));
    const std::string& id = matches.front();
    lock_relock out;
    auto it = std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.id == id; });
    if (it != entries.end()) {
        out.before = *it;
        entries.erase(it);
    }
    if (auto i = g.find(id)) {
        out.after = lock_entry_of(g.at(*i));
        entries.push_back(*out.after);
    }
    out.entries = std::move(entries);
    return out;
}

}  // namespace retort
