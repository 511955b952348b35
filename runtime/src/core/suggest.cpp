#include "core/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace retort {

namespace {

std::size_t allowed_edits(std::string_view word) { return std::clamp<std::size_t>(word.size() / 4, 1, 3); }

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Optimal string alignment: three rows of the Levenshtein table, plus the transposition case.
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                row[j] = std::min(row[j], before[j - 2] + 1);
        }
        std::swap(before, previous);
        std::swap(previous, row);
    }
    return previous[b.size()];
}

std::optional<std::string_view> closest_match(std::string_view word, std::span<const std::string_view> candidates) {
    std::optional<std::string_view> best;
    std::size_t best_distance = allowed_edits(word) + 1;
    for (auto candidate : candidates) {
        const std::size_t d = edit_distance(word, candidate);
        if (d < best_distance && candidate != word) best = candidate, best_distance = d;
    }
    return best;
}

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
    auto match = closest_match(word, candidates);
    return match ? fmt::format("; did you mean '{}'?", *match) : std::string();
}

std::string did_you_mean_revision(const graph& g, std::string_view word) {
    // Each id is compared as typed so far (its prefix of the word's length) and named in full.
    std::vector<std::string_view> typed;
    std::vector<std::string_view> meant;
    for (const auto& r : g.revisions()) {
        typed.push_back(word.size() < r.id.size() ? r.id.substr(0, word.size()) : r.id);
        meant.push_back(r.id);
        for (auto label : r.branch_labels) typed.push_back(label), meant.push_back(label);
    }
    auto match = closest_match(word, typed);
    if (!match) return {};
    const auto at = static_cast<std::size_t>(std::find(typed.begin(), typed.end(), *match) - typed.begin());
    return fmt::format("; did you mean '{}'?", meant[at]);
}

}  // namespace retort
