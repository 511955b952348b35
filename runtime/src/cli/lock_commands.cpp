// check --offline and lock: the revisions against the lock file, without a database. The rules live in
// retort/lockfile.hpp; these read and write the file and print.
#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "inspect.hpp"
#include "retort/cli.hpp"
#include "retort/directory.hpp"
#include "retort/error.hpp"
#include "retort/lockfile.hpp"

namespace retort::cli {

namespace {

struct lock_source {
    std::string file;                 // the name messages give it
    std::optional<std::string> text;  // absent: there is no lock file
};

// --lockfile FILE, else the copy baked in at build time, else the lock file of the directory.
lock_source lock_of(const catalog& c, const arguments& a) {
    if (a.lockfile) return {*a.lockfile, read_lock_file(*a.lockfile)};
    if (c.lock_baked) return {c.lock_file, c.lock_text};
    return {c.lock_file, read_lock_file(c.lock_file)};
}

// A malformed lock file is invalid input, like a malformed revision file (exit 3).
std::vector<lock_entry> entries_of(const lock_source& source) {
    if (!source.text) return {};
    diagnostics diags;
    auto entries = parse_lock(source.file, *source.text, diags);
    diags.throw_if_errors();
    return entries;
}

void print_diagnostics(const diagnostics& diags) {
    for (const auto& d : diags.all()) std::cerr << format_diagnostic(d) << '\n';
}

int exit_status_of(lock_verdict v) {
    switch (v) {
    case lock_verdict::edited: return exit_edited;
    case lock_verdict::unlocked_or_heads: return exit_unlocked;
    case lock_verdict::clean: break;
    }
    return exit_ok;
}

std::string_view verdict_name(lock_verdict v) {
    switch (v) {
    case lock_verdict::edited: return "edited";
    case lock_verdict::unlocked_or_heads: return "unlocked_or_heads";
    case lock_verdict::clean: break;
    }
    return "clean";
}

// Each item as JSON, in a JSON array.
template <class T, class F>
std::string array_json(const std::vector<T>& items, F item_json) {
    std::vector<std::string> out;
    for (const auto& item : items) out.push_back(item_json(item));
    return json_array(out);
}

std::string strings_json(const std::vector<std::string>& items) { return array_json(items, json_string); }

std::string entry_json(const lock_entry& e) {
    return fmt::format("{{\"parents\":{},\"upgrade\":{},\"downgrade\":{}}}", strings_json(e.parents),
                       json_string("v1:" + e.upgrade.hex()),
                       e.downgrade ? json_string("v1:" + e.downgrade->hex()) : "null");
}

std::string edited_json(const graph& g, const edited_locked_revision& e) {
    const revision& r = g.at(e.revision);
    std::vector<std::string> changed;
    if (e.upgrade) changed.emplace_back("upgrade");
    if (e.downgrade) changed.emplace_back("downgrade");
    if (e.parents) changed.emplace_back("parents");
    return fmt::format("{{\"revision\":{},\"file\":{},\"line\":{},\"lock_line\":{},\"changed\":{},\"locked\":{},"
                       "\"now\":{}}}",
                       json_string(r.id), json_string(r.file), r.lines.id, e.locked.line, strings_json(changed),
                       entry_json(e.locked), entry_json(lock_entry_of(r)));
}

std::string diagnostic_json(const diagnostic& d) {
    return fmt::format("{{\"file\":{},\"line\":{},\"severity\":\"{}\",\"message\":{}}}", json_string(d.file), d.line,
                       d.level == severity::error ? "error" : "note", json_string(d.message));
}

std::string offline_report_json(const graph& g, const lock_source& source, const lock_comparison& cmp,
                                lock_verdict v, const diagnostics& diags) {
    auto revision_at = [&](rev_index i) {
        const revision& r = g.at(i);
        return fmt::format("{{\"revision\":{},\"file\":{},\"line\":{}}}", json_string(r.id), json_string(r.file),
                           r.lines.id);
    };
    auto deleted = [](const lock_entry& e) {
        return fmt::format("{{\"revision\":{},\"lock_line\":{}}}", json_string(e.id), e.line);
    };
    return fmt::format(
        "{{\"lockfile\":{},\"lockfile_present\":{},\"status\":\"{}\",\"exit_status\":{},\"revisions\":{},"
        "\"unchanged\":{},\"edited\":{},\"deleted\":{},\"unlocked\":{},\"heads\":{},\"diagnostics\":{}}}\n",
        json_string(source.file), source.text.has_value(), verdict_name(v), exit_status_of(v), g.size(),
        cmp.matching, array_json(cmp.edited, [&](const edited_locked_revision& e) { return edited_json(g, e); }),
        array_json(cmp.deleted, deleted), array_json(cmp.unlocked, revision_at), ids_json(g, cmp.heads),
        array_json(diags.all(), diagnostic_json));
}

std::string offline_summary(const graph& g, const lock_source& source, const lock_comparison& cmp) {
    std::string against = source.text ? source.file
                          : source.file.empty() ? "no lock file (none was baked into this binary)"
                                                : fmt::format("{} (absent)", source.file);
    return fmt::format("Checked {} revision{} against {}: {} locked and unchanged, {} edited, {} deleted, {} "
                       "unlocked; {} head{}.\n",
                       g.size(), g.size() == 1 ? "" : "s", against, cmp.matching, cmp.edited.size(),
                       cmp.deleted.size(), cmp.unlocked.size(), cmp.heads.size(), cmp.heads.size() == 1 ? "" : "s");
}

// Where `lock` writes: --lockfile FILE, else the directory's lock file. A baked binary knows its lock
// file only by a name relative to a source tree it cannot find.
std::string writable_lock_file(const catalog& c, const arguments& a) {
    if (a.lockfile) return *a.lockfile;
    if (!c.lock_baked) return c.lock_file;
    throw usage_error("lock needs --lockfile FILE: a built binary does not know where its source tree is "
                      "(the <name>_lock target passes the file)");
}

int relock_one(const graph& g, const lock_source& source, std::vector<lock_entry> entries, const arguments& a) {
    auto result = relock(g, std::move(entries), *a.relock);
    std::string text = render_lock(result.entries);
    if (text != source.text) write_text_file(source.file, text);
    if (a.quiet) return exit_ok;
    const auto& id = result.after ? result.after->id : result.before->id;
    if (!result.before)
        std::cout << fmt::format("Locked {} in {}; it was not locked.\n", id, source.file);
    else if (!result.after)
        std::cout << fmt::format("Dropped {} from {}; no revision file has this id.\n", id, source.file);
    else if (*result.before == *result.after)
        std::cout << fmt::format("{}'s line in {} is unchanged.\n", id, source.file);
    else
        std::cout << fmt::format("Relocked {} in {} ({}).\n", id, source.file,
                                 lock_changes(*result.before, *result.after));
    return exit_ok;
}

}  // namespace

int run_offline_check(const catalog& c, const arguments& a) {
    const graph& g = c.revisions;
    lock_source source = lock_of(c, a);
    auto cmp = compare_lock(g, entries_of(source));
    lock_policy policy{true, a.strict, !a.allow_multiple_heads};
    diagnostics diags;
    lock_diagnostics(g, cmp, source.file, policy, diags);
    lock_verdict v = verdict(cmp, policy);
    if (a.format == output_format::json) {
        std::cout << offline_report_json(g, source, cmp, v, diags);
    } else {
        print_diagnostics(diags);
        if (!a.quiet) std::cout << offline_summary(g, source, cmp);
    }
    return exit_status_of(v);
}

int run_lock(const catalog& c, const arguments& a) {
    const graph& g = c.revisions;
    lock_source source{writable_lock_file(c, a), std::nullopt};
    source.text = read_lock_file(source.file);
    auto entries = entries_of(source);
    if (a.relock) return relock_one(g, source, std::move(entries), a);

    auto cmp = compare_lock(g, entries);
    if (verdict(cmp, build_lock_policy) != lock_verdict::clean) {
        diagnostics diags;
        lock_diagnostics(g, cmp, source.file, build_lock_policy, diags);
        print_diagnostics(diags);
        std::cerr << fmt::format("nothing was written to {}: revert the edits, or relock a revision on purpose "
                                 "with --relock REV\n",
                                 source.file);
        return exit_edited;
    }
    auto addition = add_unlocked(g, std::move(entries));
    std::string text = render_lock(addition.entries);
    if (text != source.text) write_text_file(source.file, text);
    if (a.quiet) return exit_ok;
    if (addition.added.empty())
        std::cout << fmt::format("Nothing to lock: {} holds every revision ({}).\n", source.file, g.size());
    else
        std::cout << fmt::format("Locked {} revision{} in {}: {}.\n", addition.added.size(),
                                 addition.added.size() == 1 ? "" : "s", source.file, join_ids(g, addition.added));
    return exit_ok;
}

}  // namespace retort::cli
