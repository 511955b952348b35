// libFuzzer target: resolve_targets() and resolve_revision() on a fixed graph with branches, a merge,
// a dependency, two bases, shared id prefixes and a label with a dash. The first byte chooses the
// direction (its lowest bit: 0 up, 1 down), the second the version rows (bit i: revision i; any subset,
// since a hand-edited version table can hold anything); the rest are target words, one per line. usage_error is the expected answer to a bad word; any other exception,
// a crash or undefined behaviour is a finding, as is a resolved revision outside the graph.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/revision_file.hpp"
#include "fuzz_check.hpp"
#include "retort/graph.hpp"
#include "retort/target.hpp"

namespace {

struct fixed_graph {
    std::vector<std::unique_ptr<std::string>> storage;
    retort::graph g;
};

// id, parents, extra header lines
const char* const revisions[][3] = {
    {"a1", "", ""},
    {"a2", "a1", ""},
    {"b1", "a2", "-- Branch Labels: geo\n"},
    {"b2", "a2", "-- Branch Labels: v-2\n"},
    {"m1", "b1, b2", ""},
    {"h1", "m1", ""},
    {"s1", "a1", "-- Branch Labels: side\n-- Depends On: b1\n"},
    {"z1", "", "-- Branch Labels: solo\n"},
};

retort::graph build(std::vector<std::unique_ptr<std::string>>& storage) {
    std::vector<retort::revision> parsed;
    for (const auto& r : revisions) {
        auto& name = *storage.emplace_back(std::make_unique<std::string>(std::string(r[0]) + ".sql"));
        auto& text = *storage.emplace_back(
            std::make_unique<std::string>(std::string("-- fuzz\n-- Revision ID: ") + r[0] + "\n-- Revises: " + r[1] +
                                          "\n" + r[2] + "\n-- +upgrade\nSELECT 1;\n-- +downgrade\nSELECT 1;\n"));
        retort::diagnostics diags;
        parsed.push_back(*retort::parse_revision_file(name, text, diags));
    }
    return retort::graph::build_or_throw(std::move(parsed));
}

const fixed_graph& the_graph() {
    static const fixed_graph fixed = [] {
        fixed_graph f;
        f.g = build(f.storage);
        return f;
    }();
    return fixed;
}

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find('\n', start);
        out.emplace_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const auto& g = the_graph().g;
    const auto dir = (data[0] & 1) ? retort::direction::down : retort::direction::up;
    std::vector<retort::rev_index> rows;
    for (retort::rev_index i = 0; i < g.size(); ++i)
        if (data[1] & (1U << i)) rows.push_back(i);
    const auto words = words_of(std::string_view(reinterpret_cast<const char*>(data) + 2, size - 2));

    try {
        const auto t = retort::resolve_targets(g, words, rows, dir);
        for (auto i : t.revisions) retort::fuzz::require(i < g.size(), "a resolved revision outside the graph");
        for (auto i : t.relative_from) retort::fuzz::require(i < g.size(), "a relative start outside the graph");
    } catch (const retort::usage_error&) {
    }
    for (const auto& w : words) {
        try {
            retort::fuzz::require(retort::resolve_revision(g, w) < g.size(), "a revision outside the graph");
        } catch (const retort::usage_error&) {
        }
    }
    return 0;
}
