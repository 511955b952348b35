// Specifies suppression: `-- retort:allow <rule-id> <reason>` on the line before a statement accepts that
// rule's findings there, and every malformed, misplaced or useless directive is reported.
#include <boost/test/unit_test.hpp>

#include "lint_fixture.hpp"

using retort::sql::level;
using retort::testing::contains;
using retort::testing::lint;
using retort::testing::listing;
using retort::testing::of_rule;

BOOST_AUTO_TEST_SUITE(suppression)

BOOST_AUTO_TEST_CASE(an_allow_with_a_reason_accepts_the_finding_on_the_statement_below) {
    auto report = lint(
        "-- retort:allow drop-column nothing reads email since release 4.2\n"
        "ALTER TABLE users DROP COLUMN email;");
    BOOST_TEST(of_rule(report, "drop-column").empty(), listing(report));
    BOOST_TEST(of_rule(report, "directive").empty(), listing(report));
    BOOST_TEST(of_rule(report, "unused-allow").empty(), listing(report));
}

BOOST_AUTO_TEST_CASE(allows_stack_and_mix_with_ordinary_comments) {
    auto report = lint(
        "-- Users no longer have a name.\n"
        "-- retort:allow drop-column the name moved to profiles in revision 7\n"
        "-- retort:allow statements-after-exclusive-lock users is small\n"
        "ALTER TABLE users DROP COLUMN name;\nUPDATE users SET score = 0;");
    BOOST_TEST(of_rule(report, "drop-column").empty(), listing(report));
    BOOST_TEST(of_rule(report, "statements-after-exclusive-lock").empty(), listing(report));
}

BOOST_AUTO_TEST_CASE(an_allow_covers_only_the_statement_directly_below) {
    auto report = lint(
        "-- retort:allow drop-column email is unused\nALTER TABLE users DROP COLUMN email;\n"
        "ALTER TABLE users DROP COLUMN name;");
    auto found = of_rule(report, "drop-column");
    BOOST_TEST_REQUIRE(found.size() == 1U, listing(report));
    BOOST_TEST(found.front().line == 8U);
}

BOOST_AUTO_TEST_CASE(an_allow_without_a_reason_is_an_error) {
    auto report = lint("-- retort:allow drop-column\nALTER TABLE users DROP COLUMN email;");
    auto problems = of_rule(report, "directive");
    BOOST_TEST_REQUIRE(problems.size() == 1U, listing(report));
    BOOST_TEST(problems.front().severity == level::error);
    BOOST_TEST(problems.front().line == 6U);
    BOOST_TEST(contains(problems.front().message, "needs a reason"));
    BOOST_TEST(report.failed());
}

BOOST_AUTO_TEST_CASE(an_allow_of_an_unknown_rule_is_an_error_that_suggests_the_rule) {
    auto problems = of_rule(lint("-- retort:allow drop-colum gone\nALTER TABLE users DROP COLUMN email;"), "directive");
    BOOST_TEST_REQUIRE(problems.size() == 1U);
    BOOST_TEST(contains(problems.front().message, "unknown rule 'drop-colum'"));
    BOOST_TEST(contains(problems.front().message, "drop-column"));
}

BOOST_AUTO_TEST_CASE(an_allow_that_applies_to_no_statement_is_an_error) {
    auto report = lint("-- retort:allow drop-column email is unused\n\nALTER TABLE users DROP COLUMN email;");
    auto problems = of_rule(report, "directive");
    BOOST_TEST_REQUIRE(problems.size() == 1U, listing(report));
    BOOST_TEST(contains(problems.front().message, "applies to no statement"));
    BOOST_TEST(of_rule(report, "drop-column").size() == 1U);
    BOOST_TEST(of_rule(lint("SELECT 1; -- retort:allow drop-column trailing\nSELECT 2;"), "directive").size() == 1U);
}

BOOST_AUTO_TEST_CASE(an_unknown_directive_is_an_error_and_prose_is_not_a_directive) {
    BOOST_TEST(of_rule(lint("-- retort:alow drop-column x\nSELECT 1;"), "directive").size() == 1U);
    BOOST_TEST(of_rule(lint("-- retort: this revision is reviewed\nSELECT 1;"), "directive").empty());
}

BOOST_AUTO_TEST_CASE(an_allow_that_suppresses_nothing_is_reported) {
    auto found =
        of_rule(lint("-- retort:allow drop-table just in case\nALTER TABLE users DROP COLUMN email;"), "unused-allow");
    BOOST_TEST_REQUIRE(found.size() == 1U);
    BOOST_TEST(found.front().severity == level::warning);
    BOOST_TEST(found.front().line == 6U);
}

BOOST_AUTO_TEST_CASE(an_allow_of_a_rule_that_is_off_is_not_unused) {
    retort::sql::check_options options;
    options.rules = retort::sql::parse_rule_settings("drop-table=off");
    BOOST_TEST(
        of_rule(lint("-- retort:allow drop-table gone for good\nDROP TABLE items;", {}, true, options), "unused-allow")
            .empty());
}

BOOST_AUTO_TEST_CASE(directives_deep_in_a_long_section_keep_their_lines) {
    // The file line of each gap is carried from the one before; an indented statement's directive is above
    // the line the statement stands on, and two statements on one line leave no room for one between them.
    std::string sql;
    for (int i = 0; i < 200; ++i) sql += "SELECT 1; SELECT 2;\n-- a comment\n";
    sql += "-- retort:allow drop-column email is unused\n    ALTER TABLE users DROP COLUMN email;\n";
    sql += "-- retort:allow drop-column unused too\nALTER TABLE users DROP COLUMN name; SELECT 3;\n";
    sql += "-- retort:alow drop-column misspelt\nALTER TABLE users DROP COLUMN age;";
    auto report = lint(sql);
    auto dropped = of_rule(report, "drop-column");
    BOOST_TEST_REQUIRE(dropped.size() == 1U, listing(report));
    BOOST_TEST(dropped.front().line == 6U + 400U + 5U);
    auto problems = of_rule(report, "directive");
    BOOST_TEST_REQUIRE(problems.size() == 1U, listing(report));
    BOOST_TEST(problems.front().line == 6U + 400U + 4U);
}

BOOST_AUTO_TEST_SUITE_END()
