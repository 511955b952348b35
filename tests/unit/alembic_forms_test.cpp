// Alembic's target forms, orders and version rows on the graphs of the differential suite
// (tests/alembic/), checked in the pure core; the suite itself compares them with Alembic.
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

#include "inline_catalog.hpp"
#include "retort/plan.hpp"
#include "retort/target.hpp"

namespace {

using namespace retort;
using retort::testing::inline_catalog;
using strings = std::vector<std::string>;

struct graph_fixture {
    inline_catalog files;
    const graph* g = nullptr;

    rev_index at(std::string_view id) const { return *g->find(id); }
    strings ids(const std::vector<rev_index>& which) const {
        strings out;
        for (rev_index i : which) out.emplace_back(g->at(i).id);
        return out;
    }
    strings ids(const std::vector<step>& steps) const {
        strings out;
        for (const auto& s : steps) out.emplace_back(g->at(s.revision).id);
        return out;
    }
    std::vector<rev_index> rows(const strings& current) const {
        std::vector<rev_index> out;
        for (const auto& id : current) out.push_back(at(id));
        return out;
    }
    strings resolve(const std::string& word, const strings& current = {}, direction dir = direction::up) const {
        auto t = resolve_targets(*g, strings{word}, rows(current), dir);
        return t.is_base && t.revisions.empty() ? strings{"base"} : ids(t.revisions);
    }
    strings upgrade(const std::string& word, const strings& current = {}) const {
        auto state = state_from_rows(*g, current);
        return ids(plan_upgrade(*g, state, resolve_targets(*g, strings{word}, state.rows, direction::up)));
    }
    strings downgrade(const std::string& word, const strings& current) const {
        auto state = state_from_rows(*g, current);
        return ids(plan_downgrade(*g, state, resolve_targets(*g, strings{word}, state.rows, direction::down)));
    }
    strings rows_after_upgrade(const std::string& word) const {
        auto state = state_from_rows(*g, strings{});
        auto steps = plan_upgrade(*g, state, resolve_targets(*g, strings{word}, state.rows, direction::up));
        std::vector<rev_index> rows = state.rows;
        for (const auto& s : steps) apply_rows(rows, s);
        return ids(rows);
    }
    strings history(const std::optional<std::string>& range, const strings& current = {}) const {
        return ids(history_range(*g, range, rows(current)));
    }
};

// a1 <- a2 <- a3 <- a4
struct linear : graph_fixture {
    linear() {
        files.revision("a1", "", "SELECT 1;").revision("a2", "a1", "SELECT 1;");
        files.revision("a3", "a2", "SELECT 1;").revision("a4", "a3", "SELECT 1;");
        g = &files.get().revisions;
    }
};

// a1 <- b1 <- c1 (c1branch) <- d1 ; b1 <- c2 (c2branch) <- d2
struct branches : graph_fixture {
    branches() {
        files.revision("a1", "", "SELECT 1;").revision("b1", "a1", "SELECT 1;");
        files.labelled_revision("c1", "b1", "-- Branch Labels: c1branch\n").revision("d1", "c1", "SELECT 1;");
        files.labelled_revision("c2", "b1", "-- Branch Labels: c2branch\n").revision("d2", "c2", "SELECT 1;");
        g = &files.get().revisions;
    }
};

// a1 <- b1, a1 <- b2, m1 merges b1 and b2, m1 <- n1
struct merge : graph_fixture {
    merge() {
        files.revision("a1", "", "SELECT 1;").revision("b1", "a1", "SELECT 1;").revision("b2", "a1", "SELECT 1;");
        files.revision("m1", "b1, b2", "SELECT 1;").revision("n1", "m1", "SELECT 1;");
        g = &files.get().revisions;
    }
};

// x1 <- x2 (xlab) ; y1 (ylab) <- y2, which depends on x2
struct depends : graph_fixture {
    depends() {
        files.revision("x1", "", "SELECT 1;").labelled_revision("x2", "x1", "-- Branch Labels: xlab\n");
        files.labelled_revision("y1", "", "-- Branch Labels: ylab\n");
        files.labelled_revision("y2", "y1", "-- Depends On: x2\n");
        g = &files.get().revisions;
    }
};

// abc <- abcd <- wxyz
struct prefixes : graph_fixture {
    prefixes() {
        files.revision("abc", "", "SELECT 1;")
            .revision("abcd", "abc", "SELECT 1;")
            .revision("wxyz", "abcd", "SELECT 1;");
        g = &files.get().revisions;
    }
};

#define CHECK_STRINGS(actual, ...) BOOST_TEST((actual) == (strings{__VA_ARGS__}), boost::test_tools::per_element())

}  // namespace

BOOST_AUTO_TEST_SUITE(alembic_forms)

BOOST_FIXTURE_TEST_CASE(base_plus_n_counts_up_from_below_the_base, linear) {
    CHECK_STRINGS(resolve("base+2"), "a2");
    CHECK_STRINGS(resolve("base+1", {"a4"}, direction::down), "a1");
}

BOOST_FIXTURE_TEST_CASE(head_minus_n_counts_down_from_the_head, linear) { CHECK_STRINGS(resolve("head-1"), "a3"); }

BOOST_FIXTURE_TEST_CASE(label_at_a_revision_names_that_revision_on_the_branch, branches) {
    CHECK_STRINGS(resolve("c2branch@b1"), "b1");
    BOOST_CHECK_THROW(resolve("c2branch@d1"), usage_error);
}

BOOST_FIXTURE_TEST_CASE(label_at_head_minus_n_and_label_at_heads, branches) {
    CHECK_STRINGS(resolve("c1branch@head-1"), "c1");
    CHECK_STRINGS(resolve("c1branch@heads"), "d1");
}

BOOST_FIXTURE_TEST_CASE(label_at_base_plus_n_counts_up_the_branch, branches) {
    CHECK_STRINGS(resolve("c1branch@base+2"), "b1");
}

BOOST_FIXTURE_TEST_CASE(label_at_base_downgrades_everything_above_the_branchs_base, depends) {
    CHECK_STRINGS(downgrade("ylab@base", {"y2"}), "y2", "y1");
}

BOOST_FIXTURE_TEST_CASE(only_ids_longer_than_three_characters_are_prefix_candidates, prefixes) {
    CHECK_STRINGS(resolve("ab"), "abcd");
    CHECK_STRINGS(resolve("abc"), "abc");
    CHECK_STRINGS(resolve("wx"), "wxyz");
}

BOOST_FIXTURE_TEST_CASE(siblings_are_upgraded_in_alembics_order, merge) {
    CHECK_STRINGS(upgrade("head"), "a1", "b2", "b1", "m1", "n1");
    CHECK_STRINGS(downgrade("a1", {"n1"}), "n1", "m1", "b1", "b2");
}

BOOST_FIXTURE_TEST_CASE(history_lists_siblings_in_alembics_order, branches) {
    CHECK_STRINGS(history(std::nullopt), "d1", "c1", "d2", "c2", "b1", "a1");
}

BOOST_FIXTURE_TEST_CASE(the_version_table_keeps_only_the_effective_head, depends) {
    CHECK_STRINGS(rows_after_upgrade("heads"), "y2");
    CHECK_STRINGS(rows_after_upgrade("y2"), "y2");
}

BOOST_FIXTURE_TEST_CASE(downgrading_a_dependency_takes_its_dependents, depends) {
    CHECK_STRINGS(downgrade("x1", {"y2"}), "y2", "x2");
}

BOOST_FIXTURE_TEST_CASE(label_minus_n_counts_from_the_effective_head_of_that_branch, depends) {
    CHECK_STRINGS(downgrade("xlab@-1", {"y2"}), "y2", "x2");
}

BOOST_FIXTURE_TEST_CASE(relative_history_ranges_count_from_the_other_side, linear) {
    CHECK_STRINGS(history("current:+1", {"a2"}), "a3", "a2");
    CHECK_STRINGS(history("-1:", {"a2"}), "a4", "a3");  // from the open end: the head
}

BOOST_FIXTURE_TEST_CASE(a_history_range_whose_ends_are_not_in_line_is_refused, linear) {
    BOOST_CHECK_THROW(history("a3:a1"), usage_error);
}

BOOST_AUTO_TEST_SUITE_END()
