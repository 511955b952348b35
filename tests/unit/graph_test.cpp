// Specifies the revision graph: ordering, the errors and notes of validation, and the queries.
#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/revision_file.hpp"
#include "retort/error.hpp"
#include "retort/graph.hpp"
#include "revision_files.hpp"

namespace {

using retort::testing::revision_files;

struct built {
    retort::graph graph;
    retort::diagnostics diags;

    std::vector<std::string> errors() const { return formatted(retort::severity::error); }
    std::vector<std::string> notes() const { return formatted(retort::severity::note); }

    std::vector<std::string> formatted(retort::severity level) const {
        std::vector<std::string> out;
        for (const auto& d : diags.all())
            if (d.level == level) out.push_back(retort::format_diagnostic(d));
        return out;
    }

    // The ids at `indices`.
    std::vector<std::string_view> ids(std::span<const retort::rev_index> indices) const {
        std::vector<std::string_view> out;
        for (auto i : indices) out.push_back(graph.at(i).id);
        return out;
    }

    std::vector<std::string_view> order() const {
        std::vector<std::string_view> out;
        for (const auto& r : graph.revisions()) out.push_back(r.id);
        return out;
    }

    retort::rev_index index(std::string_view id) const {
        auto i = graph.find(id);
        BOOST_TEST_REQUIRE(i.has_value(), "no revision " << id);
        return *i;
    }
};

built build(const revision_files& files) {
    built b;
    b.graph = retort::graph::build(files.revisions(), b.diags);
    return b;
}

// Builds a graph that must be valid (notes allowed).
built build_valid(const revision_files& files) {
    built b = build(files);
    std::string errors;
    for (const auto& e : b.errors()) errors += "\n" + e;
    BOOST_TEST_REQUIRE(!b.diags.has_errors(), "unexpected errors:" << errors);
    return b;
}

using ids = std::vector<std::string_view>;
using messages = std::vector<std::string>;

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(graph)

// --- ordering --------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(parents_come_before_their_children) {
    revision_files files;
    files.add("c", "b").add("b", "a").add("a", "");
    const auto b = build_valid(files);
    BOOST_TEST(b.order() == (ids{"a", "b", "c"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(depends_on_revisions_come_before_their_dependents) {
    revision_files files;
    files.add("b", "a", "-- Depends On: z\n").add("a", "").add("z", "");
    const auto b = build_valid(files);
    BOOST_TEST(b.order() == (ids{"a", "z", "b"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(input_already_in_order_keeps_its_order) {
    revision_files files;
    files.add("a", "").add("c", "a").add("b", "a").add("z", "", "-- Depends On: c\n").add("d", "b, c");
    const auto b = build_valid(files);
    BOOST_TEST(b.order() == (ids{"a", "c", "b", "z", "d"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_order_is_deterministic) {
    revision_files files;
    files.add("m", "x, y").add("y", "a").add("x", "a").add("a", "");
    const auto first = build_valid(files);
    const auto second = build_valid(files);
    BOOST_TEST(first.order() == (ids{"a", "x", "y", "m"}), boost::test_tools::per_element());
    BOOST_TEST(first.order() == second.order(), boost::test_tools::per_element());
}

// --- errors ----------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_duplicate_id_is_an_error_that_names_both_files) {
    revision_files files;
    files.add_file("one.sql", "-- first\n-- Revision ID: a\n-- Revises:\n-- +upgrade\n")
        .add_file("two.sql", "-- second\n-- Create Date: today\n-- Revision ID: a\n-- Revises:\n-- +upgrade\n");
    const auto b = build(files);
    BOOST_TEST(b.errors() ==
                   (messages{"two.sql:3: error: duplicate revision id 'a': one.sql:2 uses it too; give one of them a "
                             "new id"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_unknown_parent_is_an_error_at_the_revises_line) {
    revision_files files;
    files.add("a", "").add("b", "a, zz");
    const auto b = build(files);
    BOOST_TEST(b.errors() ==
                   (messages{"b.sql:3: error: revision b revises unknown revision 'zz'; add that revision's file or "
                             "correct the id"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_unknown_depends_on_is_an_error_at_the_depends_on_line) {
    revision_files files;
    files.add("a", "").add("b", "a", "-- Branch Labels: feature\n-- Depends On: zz\n");
    const auto b = build(files);
    BOOST_TEST(b.errors() ==
                   (messages{"b.sql:5: error: revision b depends on unknown revision 'zz'; add that revision's file "
                             "or correct the id"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_cycle_is_an_error_that_prints_the_cycle) {
    revision_files files;
    files.add("a", "b").add("b", "a");
    const auto b = build(files);
    BOOST_TEST(b.errors() ==
                   (messages{"b.sql:3: error: cycle in the revision graph: a -> b -> a (each revision must come after "
                             "its parents; remove one of these links)"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_longer_cycle_is_printed_in_full) {
    revision_files files;
    files.add("root", "").add("a", "root, c").add("b", "a").add("c", "b");
    const auto b = build(files);
    BOOST_TEST_REQUIRE(b.errors().size() == 1U);
    BOOST_TEST(contains(b.errors().front(), "cycle in the revision graph: a -> c -> b -> a "), b.errors().front());
}

BOOST_AUTO_TEST_CASE(a_cycle_through_depends_on_is_an_error) {
    revision_files files;
    files.add("a", "b").add("b", "", "-- Depends On: a\n");
    const auto b = build(files);
    BOOST_TEST_REQUIRE(b.errors().size() == 1U);
    BOOST_TEST(contains(b.errors().front(), "cycle in the revision graph: a -> b -> a "), b.errors().front());
}

BOOST_AUTO_TEST_CASE(a_duplicate_branch_label_is_an_error) {
    revision_files files;
    files.add("a", "", "-- Branch Labels: core\n").add("b", "", "-- Branch Labels: billing, core\n");
    const auto b = build(files);
    BOOST_TEST(b.errors() ==
                   (messages{"b.sql:4: error: duplicate branch label 'core': revision a (a.sql:4) carries it too"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_branch_label_equal_to_an_id_is_an_error) {
    revision_files files;
    files.add("a", "").add("b", "a", "-- Branch Labels: a\n");
    const auto b = build(files);
    BOOST_TEST(b.errors() ==
                   (messages{"b.sql:4: error: branch label 'a' is also the id of revision a.sql:2; choose another "
                             "label"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_error_is_reported_not_only_the_first) {
    revision_files files;
    files.add("a", "x").add("b", "y", "-- Depends On: z\n");
    const auto b = build(files);
    BOOST_TEST(b.errors().size() == 3U);
}

BOOST_AUTO_TEST_CASE(build_or_throw_throws_every_error) {
    revision_files files;
    files.add("a", "x").add("b", "y");
    try {
        (void)retort::graph::build_or_throw(files.revisions());
        BOOST_ERROR("no exception");
    } catch (const retort::input_error& e) {
        BOOST_TEST(e.items().size() == 2U);
        BOOST_TEST(contains(e.what(), "a.sql:3: error: revision a revises unknown revision 'x'"));
        BOOST_TEST(contains(e.what(), "b.sql:3: error: revision b revises unknown revision 'y'"));
    }
}

// --- notes -----------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(one_head_and_one_base_give_no_diagnostics) {
    revision_files files;
    files.add("a", "").add("b", "a").add("c", "b");
    const auto b = build(files);
    BOOST_TEST(b.diags.all().empty());
}

BOOST_AUTO_TEST_CASE(several_heads_are_a_note_not_an_error) {
    revision_files files;
    files.add("a", "").add("b", "a").add("c", "a");
    const auto b = build(files);
    BOOST_TEST(!b.diags.has_errors());
    BOOST_TEST(b.notes() ==
                   (messages{"b.sql:2: note: the graph has 2 heads: b (b.sql), c (c.sql); 'upgrade heads' applies all "
                             "of them, or write a merge revision"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(several_bases_are_a_note_not_an_error) {
    revision_files files;
    files.add("a", "").add("b", "").add("m", "a, b");
    const auto b = build(files);
    BOOST_TEST(!b.diags.has_errors());
    BOOST_TEST(b.notes() == (messages{"a.sql:3: note: the graph has 2 bases: a (a.sql), b (b.sql)"}),
               boost::test_tools::per_element());
}

// --- queries ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(heads_are_revisions_nobody_revises_and_bases_have_no_parent) {
    revision_files files;
    files.add("a", "").add("b", "a").add("c", "a").add("d", "b").add("e", "");
    const auto b = build_valid(files);
    BOOST_TEST(b.ids(b.graph.heads()) == (ids{"c", "d", "e"}), boost::test_tools::per_element());
    BOOST_TEST(b.ids(b.graph.bases()) == (ids{"a", "e"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(depends_on_does_not_end_a_head) {
    revision_files files;
    files.add("a", "").add("b", "a").add("c", "a", "-- Depends On: b\n");
    const auto b = build_valid(files);
    BOOST_TEST(b.ids(b.graph.heads()) == (ids{"b", "c"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(parents_children_dependencies_and_dependents) {
    revision_files files;
    files.add("a", "").add("b", "a").add("c", "a").add("d", "b, c", "-- Depends On: x\n").add("x", "");
    const auto b = build_valid(files);
    BOOST_TEST(b.ids(b.graph.children_of(b.index("a"))) == (ids{"b", "c"}), boost::test_tools::per_element());
    BOOST_TEST(b.ids(b.graph.parents_of(b.index("d"))) == (ids{"b", "c"}), boost::test_tools::per_element());
    BOOST_TEST(b.ids(b.graph.dependencies_of(b.index("d"))) == (ids{"x"}), boost::test_tools::per_element());
    BOOST_TEST(b.ids(b.graph.dependents_of(b.index("x"))) == (ids{"d"}), boost::test_tools::per_element());
    BOOST_TEST(b.graph.children_of(b.index("x")).empty());
    BOOST_TEST(b.graph.children_of(b.index("d")).empty());
}

BOOST_AUTO_TEST_CASE(depends_on_may_name_a_branch_label) {
    revision_files files;
    files.add("a", "", "-- Branch Labels: core\n").add("b", "", "-- Depends On: core\n");
    const auto b = build_valid(files);
    BOOST_TEST(b.ids(b.graph.dependencies_of(b.index("b"))) == (ids{"a"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ancestors_are_self_parents_and_dependencies_transitively) {
    revision_files files;
    files.add("a", "").add("x", "").add("b", "a", "-- Depends On: x\n").add("c", "b").add("other", "a");
    const auto b = build_valid(files);
    BOOST_TEST(b.ids(b.graph.ancestors_of(b.index("c"))) == (ids{"a", "x", "b", "c"}),
               boost::test_tools::per_element());
    BOOST_TEST(b.ids(b.graph.ancestors_of(b.index("a"))) == (ids{"a"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(descendants_are_self_children_and_dependents_transitively) {
    revision_files files;
    files.add("a", "").add("x", "").add("b", "a", "-- Depends On: x\n").add("c", "b").add("other", "a");
    const auto b = build_valid(files);
    BOOST_TEST(b.ids(b.graph.descendants_of(b.index("x"))) == (ids{"x", "b", "c"}), boost::test_tools::per_element());
    BOOST_TEST(b.ids(b.graph.descendants_of(b.index("a"))) == (ids{"a", "b", "c", "other"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(find_looks_up_exact_ids_and_find_label_branch_labels) {
    revision_files files;
    files.add("abc1", "", "-- Branch Labels: core\n").add("abc2", "abc1");
    const auto b = build_valid(files);
    BOOST_TEST(b.graph.find("abc2").has_value());
    BOOST_TEST(!b.graph.find("abc").has_value());
    BOOST_TEST(!b.graph.find("core").has_value());
    BOOST_TEST_REQUIRE(b.graph.find_label("core").has_value());
    BOOST_TEST(b.graph.at(*b.graph.find_label("core")).id == "abc1");
    BOOST_TEST(!b.graph.find_label("abc1").has_value());
}

BOOST_AUTO_TEST_CASE(find_prefix_returns_every_matching_id_longer_than_three_characters_in_order) {
    revision_files files;
    files.add("abd", "").add("abc1", "abd").add("abc2", "abc1");
    const auto b = build_valid(files);
    // As Alembic: `abd` (three characters) is never a prefix candidate.
    BOOST_TEST(b.ids(b.graph.find_prefix("ab")) == (ids{"abc1", "abc2"}), boost::test_tools::per_element());
    BOOST_TEST(b.ids(b.graph.find_prefix("abc")) == (ids{"abc1", "abc2"}), boost::test_tools::per_element());
    BOOST_TEST(b.ids(b.graph.find_prefix("abc2")) == (ids{"abc2"}), boost::test_tools::per_element());
    BOOST_TEST(b.graph.find_prefix("x").empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(graph_cycles)

BOOST_AUTO_TEST_CASE(a_cycle_closed_by_depends_on_is_reported_at_the_depends_on_line) {
    revision_files files;
    files.add("a", "b").add("b", "", "-- Depends On: a\n");
    const auto b = build(files);
    BOOST_TEST(b.errors().size() == 1u);
    BOOST_TEST(b.errors().front() ==
               "b.sql:4: error: cycle in the revision graph: a -> b -> a (each revision must come after its parents; "
               "remove one of these links)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(graph_depends_on_labels)

BOOST_AUTO_TEST_CASE(depends_on_may_name_a_branch_label_with_a_dash) {
    revision_files files;
    files.add("a", "", "-- Branch Labels: billing-v2\n").add("b", "", "-- Depends On: billing-v2\n");
    const auto b = build_valid(files);
    BOOST_TEST(b.ids(b.graph.dependencies_of(*b.graph.find("b"))) == (ids{"a"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
