// Seeds against a revision graph: which revision a seed requires, and which seeds a database needs.
#include <fmt/format.h>

#include <algorithm>

#include "core/seeds.hpp"

namespace retort {

std::optional<rev_index> required_revision(const graph& g, const seed& s) {
    if (s.required.empty()) return std::nullopt;
    if (auto i = g.find(s.required)) return i;
    return g.find_label(s.required);
}

void check_seed_requirements(const graph& g, std::span<const seed> seeds, diagnostics& diags) {
    for (const auto& s : seeds)
        if (!s.required.empty() && !required_revision(g, s))
            diags.error(std::string(s.file), s.requires_line,
                        fmt::format("seed {} requires unknown revision '{}'; name a revision id or branch label of "
                                    "the migrations, or correct the id",
                                    s.name, s.required));
}

bool runs(seed_verdict v) noexcept {
    return v == seed_verdict::run_new || v == seed_verdict::run_changed || v == seed_verdict::run_reapplied;
}

std::vector<seed_decision> plan_seeds(const graph& g, const applied_state& state, std::span<const seed> seeds,
                                      std::span<const recorded_seed> recorded) {
    const auto pending = static_cast<std::size_t>(std::count(state.applied.begin(), state.applied.end(), false));
    std::vector<seed_decision> out;
    out.reserve(seeds.size());
    for (const auto& s : seeds) {
        seed_decision d;
        d.required = required_revision(g, s);
        d.pending = pending;
        auto r = std::find_if(recorded.begin(), recorded.end(), [&](const auto& x) { return x.name == s.name; });
        const bool same = r != recorded.end() && r->checksum == s.body.sum.hex();
        if (!s.required.empty() && (!d.required || !state.applied.at(*d.required)))
            d.verdict = seed_verdict::requires_missing;
        else if (same && !r->required_reapplied)
            d.verdict = seed_verdict::applied;
        else if (s.required.empty() && pending > 0)
            d.verdict = seed_verdict::schema_behind;
        else if (r == recorded.end())
            d.verdict = seed_verdict::run_new;
        else
            d.verdict = same ? seed_verdict::run_reapplied : seed_verdict::run_changed;
        out.push_back(d);
    }
    return out;
}

}  // namespace retort
