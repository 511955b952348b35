// Specifies new revision files: their text, names, and the parents the graph gives them.
#include <boost/test/unit_test.hpp>

#include "core/authoring.hpp"
#include "core/revision_file.hpp"
#include "revision_files.hpp"

namespace {

using retort::testing::revision_files;

retort::graph graph_of(const revision_files& files) { return retort::graph::build_or_throw(files.revisions()); }

}  // namespace

BOOST_AUTO_TEST_SUITE(authoring)

BOOST_AUTO_TEST_CASE(a_rendered_revision_parses_back_with_every_field) {
    retort::new_revision r{"0123456789ab", "add things", "2026-11-21 10:00:00", {"a1", "b2"}, {"c3"}, {"lbl"}, false};
    revision_files files;
    files.add_file("x.sql", retort::render_revision_file(r));
    const auto& parsed = files.revisions().front();
    BOOST_TEST(parsed.id == "0123456789ab");
    BOOST_TEST(parsed.message == "add things");
    BOOST_TEST(parsed.parents.size() == 2U);
    BOOST_TEST(parsed.depends_on.front() == "c3");
    BOOST_TEST(parsed.branch_labels.front() == "lbl");
    BOOST_TEST(!parsed.transactional);
    BOOST_TEST(parsed.upgrade.statements.empty());
    BOOST_TEST(parsed.downgrade.has_value());
}

BOOST_AUTO_TEST_CASE(slugs_are_lower_case_words_joined_by_underscores) {
    BOOST_TEST(retort::slug("Add the users' e-mail column!") == "add_the_users_e_mail_column");
    BOOST_TEST(retort::slug("  ***  ") == "revision");
    BOOST_TEST(retort::slug(std::string(100, 'a')).size() == 40U);
}

BOOST_AUTO_TEST_CASE(file_names_continue_the_numbering_in_use) {
    std::vector<std::string> none, four{"0001_a.sql", "0002_b.sql"}, one{"1_a.sql", "9_b.sql"};
    BOOST_TEST(retort::next_file_name(none, "first") == "0001_first.sql");
    BOOST_TEST(retort::next_file_name(four, "third") == "0003_third.sql");
    BOOST_TEST(retort::next_file_name(one, "tenth") == "10_tenth.sql");
}

BOOST_AUTO_TEST_CASE(a_new_revision_revises_the_single_head) {
    revision_files files;
    files.add("a1", "").add("b2", "a1");
    auto g = graph_of(files);
    BOOST_TEST(retort::parents_for_new_revision(g, std::nullopt) == std::vector<std::string>{"b2"});
    BOOST_TEST(retort::parents_for_new_revision(g, std::string("base")).empty());
}

BOOST_AUTO_TEST_CASE(several_heads_need_a_choice) {
    revision_files files;
    files.add("a1", "").add("b2", "a1").add("c3", "a1");
    auto g = graph_of(files);
    BOOST_CHECK_THROW(retort::parents_for_new_revision(g, std::nullopt), retort::usage_error);
    BOOST_TEST(retort::parents_for_new_revision(g, std::string("c3")) == std::vector<std::string>{"c3"});
    BOOST_CHECK_THROW(retort::parents_for_new_revision(g, std::string("a1")), retort::usage_error);
}

BOOST_AUTO_TEST_CASE(a_merge_takes_every_head_or_the_named_heads_in_the_order_given) {
    revision_files files;
    files.add("a1", "").add("b2", "a1").add("c3", "a1");
    auto g = graph_of(files);
    std::vector<std::string> heads{"heads"}, named{"c3", "b2"}, one{"b2"}, twice{"c3", "b2", "c3"},
        not_head{"a1", "b2"};
    BOOST_TEST(retort::parents_for_merge(g, {}) == (std::vector<std::string>{"b2", "c3"}));
    BOOST_TEST(retort::parents_for_merge(g, heads) == (std::vector<std::string>{"b2", "c3"}));
    BOOST_TEST(retort::parents_for_merge(g, named) == (std::vector<std::string>{"c3", "b2"}));
    BOOST_CHECK_THROW(retort::parents_for_merge(g, one), retort::usage_error);
    BOOST_CHECK_THROW(retort::parents_for_merge(g, twice), retort::usage_error);
    BOOST_CHECK_THROW(retort::parents_for_merge(g, not_head), retort::usage_error);
}

BOOST_AUTO_TEST_CASE(messages_labels_and_dependencies_are_validated) {
    revision_files files;
    files.add("a1", "", "-- Branch Labels: taken\n");
    auto g = graph_of(files);
    retort::new_revision r{"0123456789ab", "two\nlines", "", {}, {}, {}, true};
    BOOST_CHECK_THROW(retort::validate_new_revision(g, r), retort::usage_error);
    r.message = "ok";
    r.branch_labels = {"taken"};
    BOOST_CHECK_THROW(retort::validate_new_revision(g, r), retort::usage_error);
    r.branch_labels = {"bad label"};
    BOOST_CHECK_THROW(retort::validate_new_revision(g, r), retort::usage_error);
    r.branch_labels = {};
    r.depends_on = {"taken"};
    retort::validate_new_revision(g, r);
    BOOST_TEST(r.depends_on.front() == "a1");
}

BOOST_AUTO_TEST_SUITE_END()
