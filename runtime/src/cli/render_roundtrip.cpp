// The round trip's outcome: the phase lines as they start, then what passed, what ended it early, or
// what each comparison found.
#include <fmt/format.h>

#include "cli/render.hpp"

namespace retort::cli {

namespace {

std::string listed(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += fmt::format("  {}\n", item);
    return out;
}

std::string revision_named(const catalog& c, rev_index i) {
    const revision& r = c.revisions.at(i);
    return fmt::format("revision {} ({})", r.id, r.file);
}

// What failed a round trip that ran to its end or to a comparison; empty when nothing did.
std::string failures(const catalog& c, const app::roundtrip_outcome& o) {
    if (!o.left_after_base.empty())
        return fmt::format(
            "roundtrip: the downgrade to base did not undo the upgrade; compared with the empty database, it "
            "left:\n{}Write the downgrade sections that remove these, then run roundtrip again.\n",
            listed(o.left_after_base));
    if (!o.second_upgrade_diff.empty())
        return fmt::format(
            "roundtrip: the second upgrade's schema differs from the first's:\n{}A downgrade left "
            "something the upgrade then built differently; fix the downgrade sections.\n",
            listed(o.second_upgrade_diff));
    if (!o.seeds_changed.empty())
        return fmt::format(
            "roundtrip: the seeds are not idempotent; running them a second time changed:\n{}Write "
            "them so that running twice does no harm (ON CONFLICT, see docs/seeds.md).\n",
            listed(o.seeds_changed));
    if (o.irreversible && o.result != status::ok)
        return fmt::format(
            "roundtrip: {} has no downgrade, and --require-downgrade asks every revision for one. "
            "Add a '-- +downgrade' section to it.\n",
            revision_named(c, *o.irreversible));
    return {};
}

std::string passed(const catalog& c, const app::roundtrip_outcome& o) {
    std::string seeds = c.seeds.empty() ? "" : "; the seeds ran twice and left the same rows";
    if (o.irreversible)
        return fmt::format(
            "Round trip ended after the upgrade: {} has no downgrade, so the database cannot go back to base and "
            "the downgrade was not tested{}. Add a '-- +downgrade' section to test it, or run with "
            "--require-downgrade to make this a failure.\n",
            revision_named(c, *o.irreversible), seeds);
    return fmt::format(
        "Round trip passed on {}: base was empty again after the downgrade, the second upgrade "
        "built the first's schema{}.\n",
        o.database, seeds);
}

}  // namespace

std::string roundtrip_phase_line(std::string_view phase, std::size_t k, std::size_t n) {
    return fmt::format("Round trip, phase {}/{}: {}\n", k, n, phase);
}

rendered render(const catalog& c, const app::roundtrip_outcome& o, const arguments& a) {
    rendered r;
    r.error = o.error;
    r.result = o.result;
    if (a.format == output_format::json) {
        r.fields = {{"database", json_string(o.database)},
                    {"phases", strings_json(o.phases)},
                    {"irreversible", o.irreversible ? json_string(c.revisions.at(*o.irreversible).id) : "null"},
                    {"left_after_base", strings_json(o.left_after_base)},
                    {"second_upgrade_diff", strings_json(o.second_upgrade_diff)},
                    {"seeds_changed", strings_json(o.seeds_changed)}};
        return r;
    }
    if (o.error) return r;
    r.err = failures(c, o);
    if (r.err.empty() && !a.quiet) r.out = passed(c, o);
    return r;
}

}  // namespace retort::cli
