// Targets and ranges (what `upgrade`, `downgrade`, `--sql FROM:TO` and `history -r` words resolve to),
// and the plans made from them.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "inline_catalog.hpp"
#include "retort/plan.hpp"
#include "retort/target.hpp"

namespace {

using namespace retort;
using retort::testing::inline_catalog;
using strings = std::vector<std::string>;

// r0 <- a1 <- a2 (label alpha on a1), r0 <- b1: two heads.
struct branches {
    inline_catalog files;
    const graph& g;

    branches() : g(build()) {}
    const graph& build() {
        files.revision("r0", "", "SELECT 0;").revision("a1", "r0", "SELECT 1;").revision("a2", "a1", "SELECT 2;");
        files.revision("b1", "r0", "SELECT 3;");
        return files.get().revisions;
    }
    rev_index at(std::string_view id) const { return *g.find(id); }
    strings ids(const std::vector<rev_index>& which) const {
        strings out;
        for (rev_index i : which) out.emplace_back(g.at(i).id);
        return out;
    }
    strings ids(const std::vector<step>& steps) const {
        strings out;
        for (const auto& s : steps) out.emplace_back(g.at(s.revision).id);
        return out;
    }
    // The version rows after every step of `steps`, from `rows`.
    static std::vector<rev_index> rows_after(std::vector<rev_index> rows, const std::vector<step>& steps) {
        for (const auto& s : steps) apply_rows(rows, s);
        return rows;
    }
    strings resolve(strings words, std::vector<std::string_view> current, direction dir = direction::up) const {
        std::vector<rev_index> rows;
        for (auto id : current) rows.push_back(at(id));
        auto t = resolve_targets(g, words, rows, dir);
        return t.is_base ? strings{"base"} : ids(t.revisions);
    }
};

#define CHECK_STRINGS(actual, ...) BOOST_TEST((actual) == (strings{__VA_ARGS__}), boost::test_tools::per_element())

}  // namespace

BOOST_FIXTURE_TEST_SUITE(targets, branches)

BOOST_AUTO_TEST_CASE(heads_names_every_head_and_head_refuses_several) {
    CHECK_STRINGS(resolve({"heads"}, {}), "a2", "b1");
    BOOST_CHECK_THROW(resolve({"head"}, {}), usage_error);
}

BOOST_AUTO_TEST_CASE(ids_of_three_characters_or_fewer_are_never_prefix_candidates) {
    BOOST_CHECK_THROW(resolve({"b"}, {}), usage_error);
    BOOST_CHECK_THROW(resolve({"a"}, {}), usage_error);
}

BOOST_AUTO_TEST_CASE(relative_steps_count_from_the_current_row) {
    CHECK_STRINGS(resolve({"+1"}, {"a1"}), "a2");
    CHECK_STRINGS(resolve({"-1"}, {"a2"}, direction::down), "a1");
    CHECK_STRINGS(resolve({"-2"}, {"a1"}, direction::down), "base");
    BOOST_CHECK_THROW(resolve({"+1"}, {"r0"}), usage_error);  // a branch point: name one
    BOOST_CHECK_THROW(resolve({"-1"}, {"a1"}), usage_error);  // against the direction
}

BOOST_AUTO_TEST_CASE(base_cannot_be_combined_with_other_targets) {
    BOOST_CHECK_THROW(resolve({"base", "a1"}, {}, direction::down), usage_error);
}

BOOST_AUTO_TEST_CASE(script_ranges_split_start_rows_from_targets) {
    auto r = parse_script_ranges(g, strings{"a1,b1:a2", "base:b1", "head"});
    CHECK_STRINGS(r.from, "a1", "b1");
    CHECK_STRINGS(r.targets, "a2", "b1", "head");
    BOOST_CHECK_THROW(parse_script_ranges(g, strings{"zz:a2"}), usage_error);
}

BOOST_AUTO_TEST_CASE(a_history_range_keeps_descendants_of_its_start_and_ancestors_of_its_end) {
    CHECK_STRINGS(ids(history_range(g, std::string("a1:"), {})), "a2", "a1");
    CHECK_STRINGS(ids(history_range(g, std::string(":a1"), {})), "a1", "r0");
    CHECK_STRINGS(ids(history_range(g, std::string("current:heads"), std::vector<rev_index>{at("b1")})), "b1");
    CHECK_STRINGS(ids(history_range(g, std::nullopt, {})), "a2", "a1", "b1", "r0");  // Alembic's walk
    BOOST_CHECK_THROW(history_range(g, std::string("a1"), {}), usage_error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(plans, branches)

BOOST_AUTO_TEST_CASE(an_upgrade_applies_what_the_target_needs_parents_first_and_nothing_else) {
    auto state = state_from_rows(g, strings{});
    auto steps = plan_upgrade(g, state, resolve_targets(g, strings{"a2"}, {}, direction::up));
    CHECK_STRINGS(ids(steps), "r0", "a1", "a2");
    BOOST_TEST(rows_after(state.rows, steps) == std::vector<rev_index>{at("a2")});
}

// Each step carries its own change of the version rows only, so that a plan over a merge of many
// heads stays linear in its steps.
BOOST_AUTO_TEST_CASE(a_merge_step_replaces_its_parents_rows_and_its_downgrade_brings_them_back) {
    inline_catalog with_merge;
    with_merge.revision("r0", "", "SELECT 0;").revision("a2", "r0", "SELECT 2;").revision("b1", "r0", "SELECT 3;");
    with_merge.revision("m1", "a2, b1", "SELECT 4;");
    const graph& merged = with_merge.get().revisions;
    auto id = [&](std::string_view x) { return *merged.find(x); };
    auto up = plan_upgrade(merged, state_from_rows(merged, strings{"a2", "b1"}),
                           resolve_targets(merged, strings{"m1"}, {}, direction::up));
    BOOST_REQUIRE_EQUAL(up.size(), 1U);
    BOOST_TEST(up[0].rows_removed == (std::vector<rev_index>{id("a2"), id("b1")}), boost::test_tools::per_element());
    BOOST_TEST(up[0].rows_added == std::vector<rev_index>{id("m1")}, boost::test_tools::per_element());
    auto at_merge = state_from_rows(merged, strings{"m1"});
    auto down =
        plan_downgrade(merged, at_merge, resolve_targets(merged, strings{"a2"}, at_merge.rows, direction::down));
    BOOST_REQUIRE_EQUAL(down.size(), 1U);
    BOOST_TEST(down[0].rows_removed == std::vector<rev_index>{id("m1")}, boost::test_tools::per_element());
    BOOST_TEST(down[0].rows_added == (std::vector<rev_index>{id("a2"), id("b1")}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_downgrade_to_the_branch_point_reverts_both_branches_in_alembics_order) {
    auto state = state_from_rows(g, strings{"a2", "b1"});
    auto steps = plan_downgrade(g, state, resolve_targets(g, strings{"r0"}, state.rows, direction::down));
    CHECK_STRINGS(ids(steps), "a2", "a1", "b1");  // Alembic's walk: down one branch, then the next
    BOOST_TEST(rows_after(state.rows, steps) == std::vector<rev_index>{at("r0")});
}

BOOST_AUTO_TEST_CASE(a_stamp_replaces_related_rows_and_keeps_unrelated_branches) {
    auto state = state_from_rows(g, strings{"a1", "b1"});
    auto rows = plan_stamp(g, state, resolve_targets(g, strings{"a2"}, state.rows, direction::up), false);
    CHECK_STRINGS(ids(rows), "a2", "b1");
    rows = plan_stamp(g, state, resolve_targets(g, strings{"a2"}, state.rows, direction::up), true);
    CHECK_STRINGS(ids(rows), "a2");
}

BOOST_AUTO_TEST_CASE(rows_the_graph_does_not_know_are_named) {
    BOOST_CHECK_EXCEPTION(state_from_rows(g, strings{"a1", "zz9"}), unknown_revisions_error,
                          [](const unknown_revisions_error& e) {
                              return std::string(e.what()).find("zz9") != std::string::npos;
                          });
}

BOOST_AUTO_TEST_SUITE_END()
