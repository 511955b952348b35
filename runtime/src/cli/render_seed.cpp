// seed as text and JSON: a line per seed as it is skipped or committed, then a summary.
#include <fmt/format.h>

#include "cli/render.hpp"

namespace retort::cli {

namespace {

// A seed's `Requires` as the revision's id, with the label as written when it named one.
std::string required_text(const catalog& c, const seed& s, const seed_decision& d) {
    std::string_view id = d.required ? c.revisions.at(*d.required).id : s.required;
    return id == s.required ? std::string(id) : fmt::format("{} ({})", id, s.required);
}

// One line per seed, printed as soon as it is skipped or committed; empty for an unchanged seed
// without --verbose.
std::string line_of(const catalog& c, const seed_outcome& o, bool verbose) {
    const seed& s = c.seeds.at(o.seed);
    const seed_decision& d = o.decision;
    const double ms = o.seconds * 1000;
    switch (d.verdict) {
    case seed_verdict::run_new: return fmt::format("Running seed {}, {} ({:.1f} ms)\n", s.name, s.message, ms);
    case seed_verdict::run_changed:
        return fmt::format("Running seed {} again (changed), {} ({:.1f} ms)\n", s.name, s.message, ms);
    case seed_verdict::run_reapplied:
        return fmt::format("Running seed {} again (revision {} was applied again), {} ({:.1f} ms)\n", s.name,
                           required_text(c, s, d), s.message, ms);
    case seed_verdict::applied: return verbose ? fmt::format("Seed {} is applied and unchanged\n", s.name) : "";
    case seed_verdict::requires_missing:
        return fmt::format("Skipped seed {}: requires revision {}, which is not applied\n", s.name,
                           required_text(c, s, d));
    case seed_verdict::schema_behind:
        return fmt::format(
            "Skipped seed {}: the database is not at head ({} revision{} pending); a seed without "
            "Requires runs only at head\n",
            s.name, d.pending, d.pending == 1 ? "" : "s");
    }
    return {};
}

std::string_view status_of(seed_verdict v) {
    if (runs(v)) return "ran";
    return v == seed_verdict::applied ? "applied" : "skipped";
}

std::string_view reason_of(seed_verdict v) {
    switch (v) {
    case seed_verdict::run_new: return "new";
    case seed_verdict::run_changed: return "changed";
    case seed_verdict::run_reapplied: return "required_revision_reapplied";
    case seed_verdict::applied: return "unchanged";
    case seed_verdict::requires_missing: return "requires_not_applied";
    case seed_verdict::schema_behind: return "schema_behind";
    }
    return {};
}

std::string seed_json(const seed& s, std::string_view status, std::string_view rest) {
    return fmt::format("{{\"seed\":{},\"file\":{},\"status\":\"{}\"{}}}", json_string(s.name), json_string(s.file),
                       status, rest);
}

std::string outcome_json(const catalog& c, const seed_outcome& o) {
    const seed& s = c.seeds.at(o.seed);
    std::string rest = fmt::format(",\"reason\":\"{}\",\"requires\":{}", reason_of(o.decision.verdict),
                                   o.decision.required ? json_string(c.revisions.at(*o.decision.required).id) : "null");
    if (runs(o.decision.verdict)) rest += fmt::format(",\"seconds\":{:.6f}", o.seconds);
    return seed_json(s, status_of(o.decision.verdict), rest);
}

std::string summary(const catalog& c, const std::vector<seed_outcome>& outcomes) {
    std::size_t ran = 0, applied = 0;
    double seconds = 0;
    for (const auto& o : outcomes) {
        if (runs(o.decision.verdict)) ++ran, seconds += o.seconds;
        if (o.decision.verdict == seed_verdict::applied) ++applied;
    }
    const std::size_t skipped = outcomes.size() - ran - applied;
    if (outcomes.empty()) return fmt::format("Nothing to seed: {} holds no seed files.\n", c.seeds_dir);
    if (ran == 0) return fmt::format("Nothing to seed: {} already applied, {} skipped.\n", applied, skipped);
    return fmt::format("Ran {} seed{} in {:.3f} s; {} already applied, {} skipped.\n", ran, ran == 1 ? "" : "s",
                       seconds, applied, skipped);
}

}  // namespace

std::string seed_line(const catalog& c, const seed_outcome& o, bool verbose) { return line_of(c, o, verbose); }

std::string seed_summary(const catalog& c, const std::vector<seed_outcome>& outcomes) { return summary(c, outcomes); }

std::string seeds_json(const catalog& c, const app::seed_run_outcome& o) {
    std::vector<std::string> items;
    for (const auto& s : o.seeds) items.push_back(outcome_json(c, s));
    if (const auto* e = exception_as<statement_error>(o.error); e && o.failed)
        items.push_back(seed_json(c.seeds.at(*o.failed), "failed",
                                  fmt::format(",\"line\":{},\"sqlstate\":{}", e->line(), json_string(e->sqlstate()))));
    return json_array(items);
}

rendered render(const catalog& c, const app::seed_run_outcome& o, const arguments& a) {
    rendered r;
    r.error = o.error;
    if (a.format == output_format::json)
        r.fields = {{"seeds", seeds_json(c, o)}};
    else if (!a.quiet && !o.error)
        r.out = summary(c, o.seeds);
    return r;
}

}  // namespace retort::cli
