// Specifies the parse checks: syntax errors at file:line:column with PostgreSQL's message, every error of a
// section reported, the opt-outs, and the comparison of retort's statement split with the parser's.
#include <boost/test/unit_test.hpp>

#include "core/sql_lexer.hpp"
#include "lint_fixture.hpp"

using retort::sql::finding;
using retort::testing::contains;
using retort::testing::lint;
using retort::testing::listing;
using retort::testing::of_rule;
using retort::testing::project;

namespace {

std::vector<finding> check_text(std::string_view sql) {
    retort::diagnostics diags;
    auto statements = retort::split_statements(sql, 10, "seed.sql", diags);
    BOOST_TEST_REQUIRE(!diags.has_errors());
    return retort::sql::check_sql_text(sql, 10, "seed.sql", statements);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(parse_checks)

BOOST_AUTO_TEST_CASE(a_syntax_error_points_at_the_offending_token_inside_a_multi_line_statement) {
    auto report = lint("CREATE TABLE t (\n    id bigint,\n    name text\n    email text\n);");
    auto errors = of_rule(report, "syntax-error");
    BOOST_TEST_REQUIRE(errors.size() == 1U, listing(report));
    BOOST_TEST(errors.front().file == "migrations/change.sql");
    BOOST_TEST(errors.front().line == 9U);
    BOOST_TEST(errors.front().column == 5U);
    BOOST_TEST(errors.front().message.starts_with("syntax error at or near \"email\""));
    BOOST_TEST(contains(errors.front().message, "-- retort:no-parse <reason>"));
    BOOST_TEST(report.failed());
    BOOST_TEST(report.has_input_errors());
}

BOOST_AUTO_TEST_CASE(a_misspelt_keyword_is_a_syntax_error) {
    auto errors = of_rule(lint("CREAT TABLE t (id int);"), "syntax-error");
    BOOST_TEST_REQUIRE(errors.size() == 1U);
    BOOST_TEST(errors.front().line == 6U);
    BOOST_TEST(errors.front().column == 1U);
}

BOOST_AUTO_TEST_CASE(every_syntax_error_of_a_section_is_reported) {
    auto errors = of_rule(lint("SELECT 1 2;\nSELECT 3;\nSELEC 4;", "DROP TABL t;"), "syntax-error");
    BOOST_TEST_REQUIRE(errors.size() == 3U);
    BOOST_TEST(errors[0].line == 6U);
    BOOST_TEST(errors[1].line == 8U);
    BOOST_TEST(errors[2].line == 10U);
}

BOOST_AUTO_TEST_CASE(a_section_of_many_broken_statements_stops_after_a_hundred_errors) {
    std::string sql;
    for (int i = 0; i < 150; ++i) sql += "SELEC 1;\n";
    auto errors = of_rule(lint(sql), "syntax-error");
    BOOST_TEST_REQUIRE(errors.size() == 101U);
    BOOST_TEST(contains(errors.back().message, "100 syntax errors in this section"));
}

BOOST_AUTO_TEST_CASE(columns_count_characters_not_bytes) {
    auto errors = of_rule(lint("SELECT 'größe', 1 2;"), "syntax-error");
    BOOST_TEST_REQUIRE(errors.size() == 1U);
    BOOST_TEST(errors.front().column == 19U);
}

BOOST_AUTO_TEST_CASE(grammar_of_a_newer_postgresql_is_skipped_with_an_explicit_reason) {
    const std::string pg16 = "SELECT * FROM (SELECT 1);";  // a subquery without an alias: PostgreSQL 16
    BOOST_TEST(of_rule(lint(pg16), "syntax-error").size() == 1U);
    auto report =
        lint("-- retort:no-parse PostgreSQL 16 syntax: a subquery without an alias\n" + pg16 + "\nSELECT 1 2;");
    auto errors = of_rule(report, "syntax-error");
    BOOST_TEST_REQUIRE(errors.size() == 1U, listing(report));
    BOOST_TEST(errors.front().line == 8U);  // the next statement is still parsed
    auto skipped = of_rule(report, "not-parsed");
    BOOST_TEST_REQUIRE(skipped.size() == 1U);
    BOOST_TEST(skipped.front().severity == retort::sql::level::info);
    BOOST_TEST(contains(skipped.front().message, "a subquery without an alias"));
    BOOST_TEST(report.skipped_statements == 1U);
}

BOOST_AUTO_TEST_CASE(an_opt_out_without_a_reason_is_an_error) {
    auto report = lint("-- retort:no-parse\nSELECT * FROM (SELECT 1);");
    BOOST_TEST(of_rule(report, "syntax-error").empty(), listing(report));
    auto problems = of_rule(report, "directive");
    BOOST_TEST_REQUIRE(problems.size() == 1U);
    BOOST_TEST(problems.front().line == 6U);
    BOOST_TEST(contains(problems.front().message, "needs a reason"));
}

BOOST_AUTO_TEST_CASE(a_file_opt_out_outside_the_sections_covers_a_locked_revision) {
    project p;
    p.add({"a", "", "SELECT * FROM (SELECT 1);", "SELECT * FROM (SELECT 2);", true,
           "-- retort:no-parse-file uses PostgreSQL 16 syntax\n"});
    p.lock("a");
    auto report = p.check();
    BOOST_TEST(of_rule(report, "syntax-error").empty(), listing(report));
    BOOST_TEST(report.skipped_statements == 2U);
}

BOOST_AUTO_TEST_CASE(seeds_are_parsed_too_and_not_linted) {
    auto report =
        retort::testing::with_base()
            .seed("0001_items.sql", "-- reference items\n\nTRUNCATE items;\nINSERT INTO items VALUES (1, 2, 'a',);\n")
            .check();
    auto errors = of_rule(report, "syntax-error");
    BOOST_TEST_REQUIRE(errors.size() == 1U, listing(report));
    BOOST_TEST(errors.front().file == "seeds/0001_items.sql");
    BOOST_TEST(errors.front().line == 4U);
    BOOST_TEST(errors.front().revision.empty());
    BOOST_TEST(of_rule(report, "truncate").empty());
}

BOOST_AUTO_TEST_CASE(seeds_and_other_texts_are_parsed_with_lines_from_their_first_line) {
    auto found = check_text("INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2,);");
    BOOST_TEST_REQUIRE(found.size() == 1U);
    BOOST_TEST(found.front().file == "seed.sql");
    BOOST_TEST(found.front().line == 11U);
    BOOST_TEST(found.front().column == 25U);
}

BOOST_AUTO_TEST_CASE(the_splits_agree_on_strings_comments_dollar_quotes_and_atomic_bodies) {
    BOOST_TEST(check_text("SELECT ';' -- ;\n; /* ; /* ; */ */ SELECT $x$;$x$;\n"
                          "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\n"
                          "CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2);\nSELECT E'\\';'")
                   .empty());
}

BOOST_AUTO_TEST_CASE(a_split_that_differs_from_the_parsers_is_an_error_at_the_line_where_they_part) {
    // Statements as a faulty splitter would give them: the two lines as one statement.
    const std::string_view sql = "SELECT 1;\nSELECT 2;";
    const std::vector<retort::statement> joined{{sql, 10}};
    auto found = retort::sql::check_sql_text(sql, 10, "rev.sql", joined);
    BOOST_TEST_REQUIRE(found.size() == 1U);
    BOOST_TEST(found.front().rule == "split-mismatch");
    BOOST_TEST(found.front().line == 11U);
    BOOST_TEST(contains(found.front().message, "part of the statement at line 10"));
    // And the other way round: one statement cut in two.
    const std::string_view one = "SELECT 1,\n2;";
    const std::vector<retort::statement> cut{{one.substr(0, 10), 10}, {one.substr(10), 11}};
    auto found2 = retort::sql::check_sql_text(one, 10, "rev.sql", cut);
    BOOST_TEST_REQUIRE(!found2.empty());
    BOOST_TEST(found2.back().rule == "split-mismatch");
    BOOST_TEST(found2.back().line == 11U);
}

BOOST_AUTO_TEST_CASE(a_statement_nested_too_deeply_to_lint_is_still_parsed) {
    std::string deep = "SELECT 1";
    for (int i = 0; i < 3000; ++i) deep += " + 1";
    auto report = lint(deep + ";\nSELEC 1;");
    auto errors = of_rule(report, "syntax-error");
    BOOST_TEST_REQUIRE(errors.size() == 1U, listing(report));
    BOOST_TEST(errors.front().line == 7U);
}

BOOST_AUTO_TEST_CASE(a_nul_byte_is_an_error_where_it_stands) {
    const std::string sql("SELECT 1;\nSELECT '\0';", 20);
    retort::diagnostics diags;
    auto statements = retort::split_statements(sql, 1, "rev.sql", diags);
    auto found = retort::sql::check_sql_text(sql, 1, "rev.sql", statements);
    BOOST_TEST_REQUIRE(!found.empty());
    BOOST_TEST(found.front().line == 2U);
    BOOST_TEST(contains(found.front().message, "NUL byte"));
}

BOOST_AUTO_TEST_SUITE_END()
