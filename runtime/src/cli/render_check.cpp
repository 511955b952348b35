// check, check --offline, lock and accept-edit as text and JSON: what is wrong, with what to do next.
#include <fmt/format.h>

#include "cli/render.hpp"
#include "core/text_diff.hpp"

namespace retort::cli {

namespace {

bool json(const arguments& a) { return a.format == output_format::json; }

std::string indent(std::string_view text, std::string_view by) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        out += fmt::format("{}{}\n", by, text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::string edit_diff(const graph& g, const check_report& r, std::size_t k, std::string_view history_table) {
    const revision& rev = g.at(r.integrity.edited[k].revision);
    if (!r.integrity.edited[k].upgrade_changed) return {};
    if (r.executed_sql[k].empty())
        return "(the history holds no executed SQL to compare with: the revision was stamped)\n";
    return unified_diff(r.executed_sql[k], rev.upgrade.sql,
                        fmt::format("upgrade as applied (recorded in {})", history_table),
                        fmt::format("upgrade in this binary ({})", rev.file));
}

std::string unfinished_line(const graph& g, const unfinished_revision& u) {
    return fmt::format(
        "revision {} ({}) is {} at statement {}; fix the cause, then 'upgrade --resume', or "
        "'stamp' it if you completed it by hand",
        u.id, locate_unfinished(g, u), u.failed ? "marked failed" : "still in progress", u.next_statement + 1);
}

// The version rows as stored, known to this binary or not.
std::string stored_rows(const database_state& s, std::string_view sep, std::string_view none) {
    std::string out;
    for (const auto& row : s.rows) out += fmt::format("{}{}", out.empty() ? "" : sep, row);
    return out.empty() ? std::string(none) : out;
}

std::string summary(retort::status s) {
    switch (s) {
    case retort::status::unknown: return "the database holds revisions this binary does not know";
    case retort::status::edited: return "applied revisions were edited";
    case retort::status::unfinished: return "a non-transactional revision did not finish";
    case retort::status::pending: return "revisions are pending";
    default: return "the database matches this binary and is up to date";
    }
}

std::string check_text(const graph& g, const check_report& r, retort::status status, std::string_view history_table) {
    std::string out;
    if (!r.state.initialized)
        out += "database: retort's tables do not exist yet (nothing applied)\n";
    else
        out += fmt::format("database: at {}\n", stored_rows(r.state, ", ", "base"));
    for (const auto& u : r.integrity.unknown) out += fmt::format("unknown: {}\n", describe_unknown(u));
    for (std::size_t k = 0; k < r.integrity.edited.size(); ++k) {
        out += fmt::format("edited: {}\n", describe_edit(g, r.integrity.edited[k]));
        out += indent(edit_diff(g, r, k, history_table), "    ");
    }
    for (const auto& u : r.state.unfinished) out += fmt::format("unfinished: {}\n", unfinished_line(g, u));
    if (!r.pending.empty()) {
        out += fmt::format("pending: {} revision{} not applied yet; 'upgrade head' applies {}:\n", r.pending.size(),
                           r.pending.size() == 1 ? "" : "s", r.pending.size() == 1 ? "it" : "them");
        for (rev_index i : r.pending) out += fmt::format("    {} ({}) {}\n", g.at(i).id, g.at(i).file, g.at(i).message);
    }
    if (auto heads = g.heads(); heads.size() > 1)
        out += fmt::format(
            "note: this binary has {} heads ({}); 'upgrade heads' applies every branch, a merge "
            "revision joins them\n",
            heads.size(), join_ids(g, heads));
    if (!r.integrity.unrecorded.empty())
        out += fmt::format(
            "note: {} applied revision{} ha{} no checksum record (applied by another tool, such as "
            "Alembic) and cannot be verified: {}\n",
            r.integrity.unrecorded.size(), r.integrity.unrecorded.size() == 1 ? "" : "s",
            r.integrity.unrecorded.size() == 1 ? "s" : "ve", join_ids(g, r.integrity.unrecorded));
    out += fmt::format("result: {} (exit status {})\n", summary(status), exit_code_of(status));
    return out;
}

std::string revision_ref(const graph& g, rev_index i) {
    return json_object({{"revision", json_string(g.at(i).id)}, {"file", json_string(g.at(i).file)}});
}

std::string edited_json(const graph& g, const check_report& r, std::size_t k) {
    const auto& e = r.integrity.edited[k];
    const revision& rev = g.at(e.revision);
    const auto& h = e.recorded;
    auto hex_or_null = [](const std::string& hex) { return hex.empty() ? std::string("null") : json_string(hex); };
    json_fields recorded{{"status", json_string(h.status)},
                         {"checksum_algorithm", std::to_string(h.checksum_algorithm)},
                         {"upgrade_checksum", json_string(h.upgrade_checksum)},
                         {"downgrade_checksum", hex_or_null(h.downgrade_checksum)},
                         {"applied_at", json_string(h.applied_at)},
                         {"applied_by", json_string(h.applied_by)}};
    json_fields binary{{"checksum_algorithm", std::to_string(checksum_algorithm_v1)},
                       {"upgrade_checksum", json_string(rev.upgrade.sum.hex())},
                       {"downgrade_checksum", hex_or_null(rev.downgrade ? rev.downgrade->sum.hex() : "")}};
    return json_object({{"revision", json_string(rev.id)},
                        {"file", json_string(rev.file)},
                        {"line", std::to_string(rev.lines.id)},
                        {"upgrade_changed", json_bool(e.upgrade_changed)},
                        {"downgrade_changed", json_bool(e.downgrade_changed)},
                        {"recorded", json_object(recorded)},
                        {"binary", json_object(binary)},
                        {"diff", json_string(edit_diff(g, r, k, "history"))},
                        {"action", json_string(describe_edit(g, e))}});
}

json_fields check_fields(const graph& g, const check_report& r, retort::status status) {
    std::vector<std::string> edited;
    for (std::size_t k = 0; k < r.integrity.edited.size(); ++k) edited.push_back(edited_json(g, r, k));
    auto unknown = array_json(r.integrity.unknown, [](const unknown_revision& u) {
        return json_object({{"revision", json_string(u.id)},
                            {"in_version_table", json_bool(u.in_version_table)},
                            {"status", u.status.empty() ? std::string("null") : json_string(u.status)},
                            {"action", json_string(describe_unknown(u))}});
    });
    auto unfinished = array_json(r.state.unfinished, [&](const unfinished_revision& u) {
        return json_object({{"revision", json_string(u.id)},
                            {"status", json_string(u.failed ? "failed" : "in_progress")},
                            {"statement", std::to_string(u.next_statement + 1)},
                            {"line", std::to_string(u.line)},
                            {"action", json_string(unfinished_line(g, u))}});
    });
    return {{"summary", json_string(summary(status))},
            {"initialized", json_bool(r.state.initialized)},
            {"current", strings_json(r.state.rows)},
            {"heads", ids_json(g, g.heads())},
            {"edited", json_array(edited)},
            {"unknown", unknown},
            {"unfinished", unfinished},
            {"pending", array_json(r.pending, [&](rev_index i) { return revision_ref(g, i); })},
            {"unrecorded", ids_json(g, r.integrity.unrecorded)}};
}

std::string_view verdict_name(lock_verdict v) {
    switch (v) {
    case lock_verdict::edited: return "edited";
    case lock_verdict::unlocked_or_heads: return "unlocked_or_heads";
    case lock_verdict::clean: break;
    }
    return "clean";
}

std::string entry_json(const lock_entry& e) {
    return json_object({{"parents", strings_json(e.parents)},
                        {"upgrade", json_string("v1:" + e.upgrade.hex())},
                        {"downgrade", e.downgrade ? json_string("v1:" + e.downgrade->hex()) : "null"}});
}

std::string edited_lock_json(const graph& g, const edited_locked_revision& e) {
    const revision& r = g.at(e.revision);
    std::vector<std::string> changed;
    if (e.upgrade) changed.emplace_back("upgrade");
    if (e.downgrade) changed.emplace_back("downgrade");
    if (e.parents) changed.emplace_back("parents");
    return json_object({{"revision", json_string(r.id)},
                        {"file", json_string(r.file)},
                        {"line", std::to_string(r.lines.id)},
                        {"lock_line", std::to_string(e.locked.line)},
                        {"changed", strings_json(changed)},
                        {"locked", entry_json(e.locked)},
                        {"now", entry_json(lock_entry_of(r))}});
}

std::string diagnostics_json(const diagnostics& diags) {
    return array_json(diags.all(), [](const diagnostic& d) {
        return json_object({{"file", json_string(d.file)},
                            {"line", std::to_string(d.line)},
                            {"severity", json_string(d.level == severity::error ? "error" : "note")},
                            {"message", json_string(d.message)}});
    });
}

std::string diagnostics_text(const diagnostics& diags) {
    std::string out;
    for (const auto& d : diags.all()) out += format_diagnostic(d) + '\n';
    return out;
}

json_fields offline_fields(const catalog& c, const lock_check& k) {
    const graph& g = c.revisions;
    const lock_comparison& cmp = k.comparison;
    auto revision_at = [&](rev_index i) {
        const revision& r = g.at(i);
        return json_object(
            {{"revision", json_string(r.id)}, {"file", json_string(r.file)}, {"line", std::to_string(r.lines.id)}});
    };
    auto deleted = [](const lock_entry& e) {
        return json_object({{"revision", json_string(e.id)}, {"lock_line", std::to_string(e.line)}});
    };
    return {{"lockfile", json_string(c.lock.name)},
            {"lockfile_present", json_bool(c.lock.text.has_value())},
            {"verdict", json_string(verdict_name(k.verdict))},
            {"revisions", std::to_string(g.size())},
            {"unchanged", std::to_string(cmp.matching)},
            {"edited", array_json(cmp.edited, [&](const edited_locked_revision& e) { return edited_lock_json(g, e); })},
            {"deleted", array_json(cmp.deleted, deleted)},
            {"unlocked", array_json(cmp.unlocked, revision_at)},
            {"heads", ids_json(g, cmp.heads)},
            {"diagnostics", diagnostics_json(k.diags)}};
}

std::string offline_summary(const catalog& c, const lock_comparison& cmp) {
    const graph& g = c.revisions;
    std::string against = c.lock.text           ? c.lock.name
                          : c.lock.name.empty() ? "no lock file (none was baked into this binary)"
                                                : fmt::format("{} (absent)", c.lock.name);
    return fmt::format(
        "Checked {} revision{} against {}: {} locked and unchanged, {} edited, {} deleted, {} "
        "unlocked; {} head{}.\n",
        g.size(), g.size() == 1 ? "" : "s", against, cmp.matching, cmp.edited.size(), cmp.deleted.size(),
        cmp.unlocked.size(), cmp.heads.size(), cmp.heads.size() == 1 ? "" : "s");
}

std::string relock_text(const lock_relock& result, const std::string& file) {
    const auto& id = result.after ? result.after->id : result.before->id;
    if (!result.before) return fmt::format("Locked {} in {}; it was not locked.\n", id, file);
    if (!result.after) return fmt::format("Dropped {} from {}; no revision file has this id.\n", id, file);
    if (*result.before == *result.after) return fmt::format("{}'s line in {} is unchanged.\n", id, file);
    return fmt::format("Relocked {} in {} ({}).\n", id, file, lock_changes(*result.before, *result.after));
}

std::string relock_json(const lock_relock& result) {
    auto entry = [](const std::optional<lock_entry>& e) { return e ? entry_json(*e) : "null"; };
    const auto& id = result.after ? result.after->id : result.before->id;
    return json_object(
        {{"revision", json_string(id)}, {"before", entry(result.before)}, {"after", entry(result.after)}});
}

}  // namespace

rendered render(const catalog& c, const app::check_outcome& o, const arguments& a) {
    rendered r;
    r.result = o.result;
    if (json(a))
        r.fields = check_fields(c.revisions, o.report, o.result);
    else if (!a.quiet || o.result != retort::status::ok)
        r.out = check_text(c.revisions, o.report, o.result, c.version_table + "_history");
    return r;
}

rendered render(const catalog& c, const app::offline_check_outcome& o, const arguments& a) {
    rendered r;
    r.result = o.result;
    if (json(a)) {
        r.fields = offline_fields(c, o.check);
        return r;
    }
    r.err = diagnostics_text(o.check.diags);
    if (!a.quiet) r.out = offline_summary(c, o.check.comparison);
    return r;
}

rendered render(const catalog& c, const app::lock_outcome& o, const arguments& a) {
    const graph& g = c.revisions;
    rendered r;
    r.result = o.result;
    if (json(a)) {
        r.fields = {{"lockfile", json_string(o.lock_file)}, {"added", ids_json(g, o.added)}};
        if (o.relocked) r.fields.emplace_back("relocked", relock_json(*o.relocked));
        if (o.refused) r.fields.emplace_back("diagnostics", diagnostics_json(o.refused->diags));
        return r;
    }
    if (o.refused) {
        r.err = diagnostics_text(o.refused->diags) +
                fmt::format(
                    "nothing was written to {}: revert the edits, or relock a revision on purpose with "
                    "--relock REV\n",
                    o.lock_file);
    } else if (a.quiet) {
    } else if (o.relocked) {
        r.out = relock_text(*o.relocked, o.lock_file);
    } else if (o.added.empty()) {
        r.out = fmt::format("Nothing to lock: {} holds every revision ({}).\n", o.lock_file, g.size());
    } else {
        r.out = fmt::format("Locked {} revision{} in {}: {}.\n", o.added.size(), o.added.size() == 1 ? "" : "s",
                            o.lock_file, join_ids(g, o.added));
    }
    return r;
}

rendered render(const app::accept_edit_outcome& o, const arguments& a) {
    rendered r;
    if (json(a))
        r.fields = {{"revision", json_string(o.revision)}, {"log_table", json_string(o.log_table)}};
    else if (!a.quiet)
        r.out = fmt::format(
            "Accepted the edit of revision {}; its new checksums are recorded and the change is logged "
            "in {}.\n",
            o.revision, o.log_table);
    return r;
}

}  // namespace retort::cli
