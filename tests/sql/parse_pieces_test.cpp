// Specifies the parse checks of a long section, read by the parser in pieces of whole statements: the same
// findings at the same file:line:column as reading it whole, a disagreement of the two splits reported as
// one even where a piece was cut, and long runs of comments cut too. Pieces are made tiny here so that a
// few lines of SQL span many of them.
#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "core/sql_lexer.hpp"
#include "sql/parse_check.hpp"

using retort::sql::finding;
using retort::sql::piece_sizes;
using retort::sql::section_parse;

namespace {

section_parse parse(std::string_view sql, std::span<const retort::statement> statements, piece_sizes sizes = {}) {
    return retort::sql::parse_section(sql, 10, "rev.sql", statements, {}, "hint", sizes);
}

// Statements as retort's splitter gives them; the section begins on file line 10.
std::vector<retort::statement> split(std::string_view sql) {
    retort::diagnostics diags;
    auto statements = retort::split_statements(sql, 10, "rev.sql", diags);
    BOOST_TEST_REQUIRE(!diags.has_errors());
    return statements;
}

std::string listing(const section_parse& p) {
    std::string out;
    for (const auto& f : p.findings) out += fmt::format("\n  {}:{}: [{}] {}", f.line, f.column, f.rule, f.message);
    return out;
}

// What reading in pieces of `piece` bytes finds is what reading the section whole finds.
section_parse same_as_whole(std::string_view sql, std::span<const retort::statement> statements, std::size_t piece) {
    const auto whole = parse(sql, statements);
    auto pieces = parse(sql, statements, piece_sizes{piece, 1 << 20});
    BOOST_TEST(listing(pieces) == listing(whole));
    BOOST_TEST(pieces.accepted == whole.accepted);
    return pieces;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(parse_checks_in_pieces)

BOOST_AUTO_TEST_CASE(errors_in_later_pieces_are_reported_at_their_line_and_column) {
    std::string sql = "CREATE TABLE t (id int, note text);\n";
    for (int i = 0; i < 30; ++i) sql += fmt::format("INSERT INTO t VALUES ({}, 'row {}');\n", i, i);
    sql += "INSERT INTO t VALUES (30, 'größe' 'x');\n";  // line 41: an error after two-byte characters
    for (int i = 0; i < 30; ++i) sql += "INSERT INTO t\n  VALUES (1);\n";
    sql += "SELEC 1;\n    SELECT 1 2;";  // lines 102 and 103
    const auto statements = split(sql);
    for (std::size_t piece : {1U, 64U, 200U, 1000U}) {
        auto found = same_as_whole(sql, statements, piece);
        BOOST_TEST_REQUIRE(found.findings.size() == 3U, listing(found));
        BOOST_TEST(found.findings[0].line == 41U);
        BOOST_TEST(found.findings[0].column == 35U);
        BOOST_TEST(found.findings[1].line == 102U);
        BOOST_TEST(found.findings[1].column == 1U);
        BOOST_TEST(found.findings[2].line == 103U);
        BOOST_TEST(found.findings[2].column == 14U);
        BOOST_TEST(!found.accepted.back());
        BOOST_TEST(found.accepted[1]);
    }
}

BOOST_AUTO_TEST_CASE(a_split_disagreement_where_a_piece_is_cut_is_still_a_split_mismatch) {
    // Statements as a faulty splitter would give them: an atomic body cut at its semicolons, in the middle of
    // a section; a piece of one byte ends after each of them, so the parser first sees `BEGIN ATOMIC
    // SELECT 1;` alone, which the piece must not report as a syntax error.
    const std::string_view sql =
        "SELECT 1;\nCREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1;\nSELECT 2;\nEND;\nSELECT 3;";
    std::vector<retort::statement> cut;
    std::size_t line = 10;
    for (std::size_t from = 0; from < sql.size();) {
        const std::size_t end = std::min(sql.find('\n', from), sql.size());
        cut.push_back({sql.substr(from, end - from), static_cast<std::uint32_t>(line++)});
        from = end + 1;
    }
    auto found = same_as_whole(sql, cut, 1);
    BOOST_TEST_REQUIRE(found.findings.size() == 2U, listing(found));
    for (const auto& f : found.findings) {
        BOOST_TEST(f.rule == "split-mismatch");
        BOOST_TEST(f.message.starts_with("retort's statement splitter begins a statement here"));
    }
    BOOST_TEST(found.findings[0].line == 12U);
    BOOST_TEST(found.findings[1].line == 13U);
    // And the other way round: two statements that the faulty splitter joins, in a later piece.
    const std::string_view joined_sql = "SELECT 0;\nSELECT 1;\nSELECT 2;";
    const std::vector<retort::statement> joined{{joined_sql.substr(0, 9), 10}, {joined_sql.substr(10), 11}};
    auto found2 = same_as_whole(joined_sql, joined, 1);
    BOOST_TEST_REQUIRE(found2.findings.size() == 1U, listing(found2));
    BOOST_TEST(found2.findings[0].line == 12U);
    BOOST_TEST(found2.findings[0].message.find("part of the statement at line 11") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_piece_that_cannot_grow_further_reports_the_disagreement_where_it_was_cut) {
    const std::string_view sql = "SELECT 0;\nSELECT 1\n+ 1;";
    const std::vector<retort::statement> cut{{sql.substr(0, 9), 10}, {sql.substr(10, 9), 11}, {sql.substr(19), 12}};
    auto found = parse(sql, cut, piece_sizes{1, 1});
    BOOST_TEST_REQUIRE(!found.findings.empty(), listing(found));
    BOOST_TEST(found.findings[0].rule == "split-mismatch");
    BOOST_TEST(found.findings[0].line == 12U);
    BOOST_TEST(found.findings[0].column == 1U);
}

BOOST_AUTO_TEST_CASE(long_runs_of_comments_are_cut_between_comments) {
    std::string sql = "SELECT 1;\n";
    for (int i = 0; i < 200; ++i) sql += "-- a comment; with a semicolon\n/* and /* a nested */ one */\n";
    sql += "SELEC 2;\n";  // line 411
    for (int i = 0; i < 200; ++i) sql += "-- more\n";
    sql += std::string("SELECT '\0', 3 4;", 16);  // line 612: a NUL byte, and an error it hides
    for (int i = 0; i < 100; ++i) sql += "\n-- trailing";
    const auto statements = split(sql);
    for (std::size_t piece : {1U, 100U, 1000U}) {
        auto found = same_as_whole(sql, statements, piece);
        BOOST_TEST_REQUIRE(found.findings.size() == 2U, listing(found));
        // The NUL byte is found as its text is read, before parsing; its statement is not parsed.
        BOOST_TEST(found.findings[0].line == 612U);
        BOOST_TEST(found.findings[0].column == 9U);
        BOOST_TEST(found.findings[0].message.find("NUL byte") != std::string::npos);
        BOOST_TEST(found.findings[1].line == 411U);
    }
}

BOOST_AUTO_TEST_CASE(the_error_limit_counts_over_all_pieces) {
    std::string sql;
    for (int i = 0; i < 150; ++i) sql += "SELEC 1;\n";
    const auto statements = split(sql);
    auto found = same_as_whole(sql, statements, 50);
    BOOST_TEST_REQUIRE(found.findings.size() == 101U);
    BOOST_TEST(found.findings.back().message.find("100 syntax errors") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
