// Specifies LINT (off, warning, error) and LINT_RULES (rule=level) as check_options carries them.
#include <boost/test/unit_test.hpp>

#include "lint_fixture.hpp"
#include "retort/error.hpp"

using retort::sql::level;
using retort::sql::lint_mode;
using retort::testing::lint;
using retort::testing::of_rule;

namespace {

retort::sql::check_options mode(lint_mode m, std::string_view rules = {}) {
    retort::sql::check_options o;
    o.mode = m;
    o.rules = retort::sql::parse_rule_settings(rules);
    return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(settings)

BOOST_AUTO_TEST_CASE(by_default_a_warning_does_not_fail_and_an_error_does) {
    BOOST_TEST(!lint("DROP TABLE items;").failed());
    BOOST_TEST(lint("CREATE INDEX CONCURRENTLY i ON users (email);").failed());
}

BOOST_AUTO_TEST_CASE(lint_error_makes_warnings_fail) {
    auto report = lint("DROP TABLE items;", {}, true, mode(lint_mode::error));
    BOOST_TEST(of_rule(report, "drop-table").front().severity == level::error);
    BOOST_TEST(report.failed());
    BOOST_TEST(!report.has_input_errors());
    BOOST_TEST(of_rule(report, "missing-lock-timeout").front().severity == level::info);
}

BOOST_AUTO_TEST_CASE(lint_off_keeps_the_parse_checks) {
    auto report = lint("DROP TABLE items;\nSELEC 1;", {}, true, mode(lint_mode::off));
    BOOST_TEST(report.findings.size() == 1U);
    BOOST_TEST(report.findings.front().rule == "syntax-error");
    BOOST_TEST(report.linted_revisions == 0U);
}

BOOST_AUTO_TEST_CASE(a_rule_setting_changes_one_rule) {
    auto report = lint("DROP TABLE items;\nALTER TABLE users DROP COLUMN email;", {}, true,
                       mode(lint_mode::warning, "drop-table=error, drop-column=off"));
    BOOST_TEST(of_rule(report, "drop-table").front().severity == level::error);
    BOOST_TEST(of_rule(report, "drop-column").empty());
    // A level set for the rule itself stays what it says under LINT error.
    auto kept = lint("DROP TABLE items;", {}, true, mode(lint_mode::error, "drop-table=warning"));
    BOOST_TEST(of_rule(kept, "drop-table").front().severity == level::warning);
}

BOOST_AUTO_TEST_CASE(rule_settings_reject_unknown_rules_and_levels) {
    BOOST_CHECK_THROW(retort::sql::parse_rule_settings("drop-tables=off"), retort::usage_error);
    BOOST_CHECK_THROW(retort::sql::parse_rule_settings("drop-table=fatal"), retort::usage_error);
    BOOST_CHECK_THROW(retort::sql::parse_rule_settings("drop-table"), retort::usage_error);
    BOOST_TEST(retort::sql::parse_rule_settings("drop-table=info  truncate=off").size() == 2U);
}

BOOST_AUTO_TEST_CASE(lint_modes_and_levels_parse_from_their_words) {
    BOOST_TEST((retort::sql::parse_lint_mode("warning") == lint_mode::warning));
    BOOST_TEST(!retort::sql::parse_lint_mode("warn").has_value());
    BOOST_TEST((retort::sql::parse_level("info") == level::info));
    BOOST_TEST(retort::sql::to_string(level::error) == "error");
}

BOOST_AUTO_TEST_SUITE_END()
