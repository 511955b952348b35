// Specifies how retort::split_statements cuts revision sections into statements and what it rejects.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/sql_lexer.hpp"
#include "retort/error.hpp"

namespace {

struct split_result {
    std::vector<retort::statement> statements;
    retort::diagnostics diags;

    std::vector<std::string> texts() const {
        std::vector<std::string> out;
        for (const auto& s : statements) {
            out.emplace_back(s.sql);
        }
        return out;
    }

    std::vector<std::uint32_t> lines() const {
        std::vector<std::uint32_t> out;
        for (const auto& s : statements) {
            out.push_back(s.line);
        }
        return out;
    }

    const retort::diagnostic& only_error() const {
        BOOST_TEST_REQUIRE(diags.all().size() == 1U);
        return diags.all().front();
    }
};

split_result split(std::string_view sql, std::uint32_t first_line = 1) {
    split_result r;
    r.statements = retort::split_statements(sql, first_line, "rev.sql", r.diags);
    return r;
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

using texts = std::vector<std::string>;
using lines = std::vector<std::uint32_t>;

}  // namespace

BOOST_AUTO_TEST_SUITE(sql_lexer)

// --- splitting and statement boundaries -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(splits_at_top_level_semicolons) {
    const auto r = split("CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n");
    BOOST_TEST(r.diags.all().empty());
    BOOST_TEST(r.texts() == (texts{"CREATE TABLE a (id int);", "CREATE TABLE b (id int);"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(statement_runs_from_first_token_through_its_semicolon) {
    const auto r = split("\n\n   \tSELECT 1 ;   \n");
    BOOST_TEST(r.texts() == (texts{"SELECT 1 ;"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(statements_are_views_into_the_input) {
    const std::string sql = "SELECT 1; SELECT 2;";
    const auto r = split(sql);
    BOOST_TEST_REQUIRE(r.statements.size() == 2U);
    BOOST_TEST(r.statements[0].sql.data() == sql.data());
    BOOST_TEST(r.statements[1].sql.data() == sql.data() + 10);
}

BOOST_AUTO_TEST_CASE(statement_line_is_the_file_line_of_its_first_token) {
    const auto r = split("-- header\n\nSELECT 1;\nSELECT\n  2;  SELECT 3;\n\n\n  SELECT 4;", 10);
    BOOST_TEST(r.lines() == (lines{12, 13, 14, 17}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(crlf_line_ends_count_as_one_line) {
    const auto r = split("SELECT 1;\r\nSELECT 2;\r\n");
    BOOST_TEST(r.texts() == (texts{"SELECT 1;", "SELECT 2;"}), boost::test_tools::per_element());
    BOOST_TEST(r.lines() == (lines{1, 2}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(last_statement_may_omit_its_semicolon) {
    const auto r = split("SELECT 1;\nSELECT 2\n\n");
    BOOST_TEST(r.texts() == (texts{"SELECT 1;", "SELECT 2"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(trailing_comments_after_last_statement_are_excluded) {
    const auto r = split("SELECT 2 -- the end\n/* really */\n");
    BOOST_TEST(r.texts() == (texts{"SELECT 2"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(section_of_only_comments_yields_no_statements) {
    const auto r = split("-- nothing to do\n\n/* still\n nothing */\n   \n");
    BOOST_TEST(r.statements.empty());
    BOOST_TEST(r.diags.all().empty());
}

BOOST_AUTO_TEST_CASE(empty_input_yields_no_statements) { BOOST_TEST(split("").statements.empty()); }

BOOST_AUTO_TEST_CASE(empty_statements_are_skipped) {
    const auto r = split(";;SELECT 1;;\n ; ;SELECT 2;;");
    BOOST_TEST(r.texts() == (texts{"SELECT 1;", "SELECT 2;"}), boost::test_tools::per_element());
    BOOST_TEST(split(" ; ").statements.empty());
}

BOOST_AUTO_TEST_CASE(comments_between_statements_are_not_part_of_statements) {
    const auto r = split("SELECT 1; -- one\n/* two */\n-- three\nSELECT 2;");
    BOOST_TEST(r.texts() == (texts{"SELECT 1;", "SELECT 2;"}), boost::test_tools::per_element());
    BOOST_TEST(r.lines() == (lines{1, 4}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(comments_inside_a_statement_are_kept) {
    const auto r = split("SELECT 1 -- why\n  /* how */ + 2;");
    BOOST_TEST(r.texts() == (texts{"SELECT 1 -- why\n  /* how */ + 2;"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(semicolon_inside_parentheses_does_not_split) {
    // psql does the same; the server then reports the syntax error against the whole statement.
    const auto r = split("SELECT (1;\n2);\nSELECT 3;");
    BOOST_TEST(r.texts() == (texts{"SELECT (1;\n2);", "SELECT 3;"}), boost::test_tools::per_element());
}

// --- strings and identifiers ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(semicolon_inside_single_quotes_does_not_split) {
    const auto r = split("INSERT INTO t VALUES ('a;b'); SELECT 2;");
    BOOST_TEST(r.texts() == (texts{"INSERT INTO t VALUES ('a;b');", "SELECT 2;"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(doubled_single_quote_stays_inside_the_string) {
    const auto r = split("SELECT 'it''s; fine'; SELECT 2;");
    BOOST_TEST(r.texts() == (texts{"SELECT 'it''s; fine';", "SELECT 2;"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(backslash_does_not_escape_in_a_plain_string) {
    const auto r = split("SELECT 'C:\\'; SELECT 2;");
    BOOST_TEST(r.texts() == (texts{"SELECT 'C:\\';", "SELECT 2;"}), boost::test_tools::per_element());
    BOOST_TEST(r.diags.all().empty());
}

BOOST_AUTO_TEST_CASE(backslash_quote_stays_inside_an_e_string) {
    const auto r = split("SELECT E'it\\'s; fine'; SELECT 2;");
    BOOST_TEST(r.texts() == (texts{"SELECT E'it\\'s; fine';", "SELECT 2;"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(escaped_backslash_ends_an_e_string) {
    const auto r = split("SELECT E'C:\\\\'; SELECT 2;");
    BOOST_TEST(r.texts() == (texts{"SELECT E'C:\\\\';", "SELECT 2;"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(lower_case_e_starts_an_e_string) {
    const auto r = split("SELECT e'\\';'; SELECT 2;");
    BOOST_TEST(r.texts() == (texts{"SELECT e'\\';';", "SELECT 2;"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(e_ending_a_longer_word_does_not_start_an_e_string) {
    const auto r = split("SELECT type'\\'; SELECT 2;");
    BOOST_TEST(r.texts() == (texts{"SELECT type'\\';", "SELECT 2;"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(e_string_continued_on_the_next_line_keeps_backslash_escapes) {
    const auto r = split("SELECT E'a'\n  '\\'; still'; SELECT 2;");
    BOOST_TEST(r.texts() == (texts{"SELECT E'a'\n  '\\'; still';", "SELECT 2;"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unicode_escape_string_is_lexed_like_a_plain_string) {
    const auto r = split("SELECT U&'a;\\' UESCAPE '!'; SELECT 2;");
    BOOST_TEST(r.texts() == (texts{"SELECT U&'a;\\' UESCAPE '!';", "SELECT 2;"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bit_hex_and_national_strings_hide_semicolons) {
    const auto r = split("SELECT B'1;0', X'F;F', N'x;y'; SELECT 2;");
    BOOST_TEST(r.texts() == (texts{"SELECT B'1;0', X'F;F', N'x;y';", "SELECT 2;"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(semicolon_inside_quoted_identifier_does_not_split) {
    const auto r = split("CREATE TABLE \"a;b\" (\"say \"\"hi\"\";\" int); SELECT 2;");
    BOOST_TEST(r.texts() == (texts{"CREATE TABLE \"a;b\" (\"say \"\"hi\"\";\" int);", "SELECT 2;"}),
               boost::test_tools::per_element());
}

// --- dollar quoting -----------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(semicolon_inside_dollar_quote_does_not_split) {
    const auto r = split("DO $$ BEGIN PERFORM 1; END $$; SELECT 2;");
    BOOST_TEST(r.texts() == (texts{"DO $$ BEGIN PERFORM 1; END $$;", "SELECT 2;"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(semicolon_inside_tagged_dollar_quote_does_not_split) {
    const auto r = split("DO $body$ BEGIN PERFORM 1; END $body$; SELECT 2;");
    BOOST_TEST(r.texts() == (texts{"DO $body$ BEGIN PERFORM 1; END $body$;", "SELECT 2;"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(different_tag_inside_dollar_quote_does_not_close_it) {
    const auto r = split("SELECT $a$ x $b$ ; $$ ; $b$ y; $a$; SELECT 2;");
    BOOST_TEST(r.texts() == (texts{"SELECT $a$ x $b$ ; $$ ; $b$ y; $a$;", "SELECT 2;"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(dollar_quote_counts_its_lines) {
    const auto r = split("SELECT $$\n;\n;\n$$;\nSELECT 2;");
    BOOST_TEST(r.lines() == (lines{1, 5}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(positional_parameter_is_not_a_dollar_quote) {
    const auto r = split("PREPARE p (int, int) AS SELECT $1 + $2; SELECT 3;");
    BOOST_TEST(r.texts() == (texts{"PREPARE p (int, int) AS SELECT $1 + $2;", "SELECT 3;"}),
               boost::test_tools::per_element());
    BOOST_TEST(r.diags.all().empty());
}

BOOST_AUTO_TEST_CASE(dollar_inside_an_identifier_is_not_a_dollar_quote) {
    const auto r = split("SELECT a$1, b$$; SELECT 2;");
    BOOST_TEST(r.texts() == (texts{"SELECT a$1, b$$;", "SELECT 2;"}), boost::test_tools::per_element());
    BOOST_TEST(r.diags.all().empty());
}

// --- comments -----------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(semicolon_in_line_comment_does_not_split) {
    const auto r = split("SELECT 1 -- first; second\n + 1; SELECT 2;");
    BOOST_TEST(r.texts() == (texts{"SELECT 1 -- first; second\n + 1;", "SELECT 2;"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(nested_block_comments_hide_semicolons) {
    const auto r = split("SELECT 1 /* a /* b */ ; */; SELECT 2;");
    BOOST_TEST(r.texts() == (texts{"SELECT 1 /* a /* b */ ; */;", "SELECT 2;"}), boost::test_tools::per_element());
}

// --- psql-only input ------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(psql_meta_command_is_an_error_at_its_line) {
    const auto r = split("SELECT 1;\n\\i other.sql\nSELECT 2;", 7);
    const auto& d = r.only_error();
    BOOST_TEST(d.file == "rev.sql");
    BOOST_TEST(d.line == 8U);
    BOOST_TEST((d.level == retort::severity::error));
    BOOST_TEST(contains(d.message, "psql meta-command '\\i' is not supported"));
    BOOST_TEST(contains(d.message, "write the SQL itself"));
    BOOST_TEST(r.texts() == (texts{"SELECT 1;", "SELECT 2;"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(indented_psql_meta_command_is_an_error) {
    const auto r = split("SELECT 1;\n  \\set ON_ERROR_STOP on\n");
    BOOST_TEST(r.only_error().line == 2U);
    BOOST_TEST(contains(r.only_error().message, "'\\set'"));
}

BOOST_AUTO_TEST_CASE(backslash_at_line_start_inside_a_string_is_not_a_meta_command) {
    const auto r = split("SELECT 'a\n\\i b';\nSELECT E'\n\\\\';\nSELECT $$\n\\c x$$;\n/*\n\\q */\nSELECT \"\n\\d\";");
    BOOST_TEST(r.diags.all().empty());
    BOOST_TEST(r.statements.size() == 4U);
}

BOOST_AUTO_TEST_CASE(copy_from_stdin_is_an_error_at_the_statement_line) {
    const auto r = split("SELECT 1;\n\ncopy t (a, b) From StdIn;\n");
    const auto& d = r.only_error();
    BOOST_TEST(d.line == 3U);
    BOOST_TEST(contains(d.message, "COPY ... FROM stdin with inline data is not supported"));
}

BOOST_AUTO_TEST_CASE(copy_from_stdin_data_is_skipped_after_one_error) {
    const auto r = split("COPY t FROM stdin;\n1\tit's\n\\.\nSELECT 2;\n");
    BOOST_TEST(r.diags.all().size() == 1U);
    BOOST_TEST(r.texts() == (texts{"COPY t FROM stdin;", "SELECT 2;"}), boost::test_tools::per_element());
    BOOST_TEST(r.lines() == (lines{1, 4}), boost::test_tools::per_element());
}

// The server would stream the rows to a client with nowhere to put them (a pipeline waits forever).
BOOST_AUTO_TEST_CASE(copy_to_stdout_is_an_error_at_the_statement_line) {
    const auto r = split("SELECT 1;\nCOPY (SELECT * FROM stdin)\n  To StdOut WITH (FORMAT csv);");
    const auto& d = r.only_error();
    BOOST_TEST(d.line == 2U);
    BOOST_TEST(contains(d.message, "COPY ... TO stdout is not supported"));
}

BOOST_AUTO_TEST_CASE(copy_to_a_server_file_and_stdout_as_a_name_are_accepted) {
    const auto r =
        split("COPY t TO '/srv/stdout.csv';\nCOPY stdout (to) FROM '/srv/x.csv';\nSELECT 1 AS to, 2 AS stdout;");
    BOOST_TEST(r.diags.all().empty());
    BOOST_TEST(r.statements.size() == 3U);
}

BOOST_AUTO_TEST_CASE(copy_from_server_file_is_accepted) {
    const auto r = split("COPY t FROM '/srv/stdin.csv' WITH (FORMAT csv);");
    BOOST_TEST(r.diags.all().empty());
    BOOST_TEST(r.statements.size() == 1U);
}

// --- unterminated constructs ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(unterminated_single_quote_is_an_error_at_its_opening_line) {
    const auto r = split("SELECT 1;\nSELECT 'oops;\nSELECT 2;\n");
    BOOST_TEST(r.only_error().line == 2U);
    BOOST_TEST(contains(r.only_error().message, "unterminated quoted string (opened here)"));
}

BOOST_AUTO_TEST_CASE(unterminated_e_string_is_an_error_at_its_opening_line) {
    const auto r = split("\nSELECT E'oops\\';\n");
    BOOST_TEST(r.only_error().line == 2U);
    BOOST_TEST(contains(r.only_error().message, "unterminated E'' string"));
}

BOOST_AUTO_TEST_CASE(unterminated_quoted_identifier_is_an_error_at_its_opening_line) {
    const auto r = split("\n\nSELECT \"oops;\n");
    BOOST_TEST(r.only_error().line == 3U);
    BOOST_TEST(contains(r.only_error().message, "unterminated quoted identifier"));
}

BOOST_AUTO_TEST_CASE(unterminated_dollar_quote_is_an_error_naming_its_tag) {
    const auto r = split("SELECT 1;\nCREATE FUNCTION f() RETURNS void AS $body$\nBEGIN\nEND\n$$ LANGUAGE plpgsql;\n");
    BOOST_TEST(r.only_error().line == 2U);
    BOOST_TEST(contains(r.only_error().message, "unterminated dollar-quoted string $body$ (opened here)"));
}

// Found by fuzzing (tests/fuzz/regressions/sql_lexer/): the statement was an empty view.
BOOST_AUTO_TEST_CASE(unterminated_dollar_quote_runs_to_the_end_of_the_input) {
    const auto r = split("SELECT 1;\nSELECT $$ a;\nb;\n");
    BOOST_TEST(r.only_error().line == 2U);
    BOOST_TEST(r.texts() == (texts{"SELECT 1;", "SELECT $$ a;\nb;\n"}), boost::test_tools::per_element());
    BOOST_TEST(split("$$").texts() == texts{"$$"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unterminated_block_comment_is_an_error_at_its_opening_line) {
    const auto r = split("SELECT 1;\n/* oops\nSELECT 2;\n");
    BOOST_TEST(r.only_error().line == 2U);
    BOOST_TEST(contains(r.only_error().message, "unterminated block comment"));
}

BOOST_AUTO_TEST_CASE(block_comment_with_unclosed_nested_comment_is_unterminated) {
    const auto r = split("/* outer\n/* inner */\nSELECT 2;\n");
    BOOST_TEST(r.only_error().line == 1U);
    BOOST_TEST(r.statements.empty());
}

// --- realistic statements -----------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(plpgsql_function_is_one_statement) {
    const std::string_view function = R"(CREATE OR REPLACE FUNCTION community_aggregates_post_count()
    RETURNS TRIGGER
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF (TG_OP = 'INSERT') THEN
        UPDATE community_aggregates SET posts = posts + 1 WHERE community_id = NEW.community_id;
    ELSIF (TG_OP = 'DELETE') THEN
        -- it's gone; count it down
        UPDATE community_aggregates SET posts = posts - 1 WHERE community_id = OLD.community_id;
    END IF;
    RETURN NULL;
END
$$;)";
    const std::string sql = "-- +upgrade\n" + std::string(function) +
                            "\n\nCREATE TRIGGER post_count AFTER INSERT OR DELETE ON post\n"
                            "    FOR EACH ROW EXECUTE FUNCTION community_aggregates_post_count();\n";
    const auto r = split(sql, 5);
    BOOST_TEST(r.diags.all().empty());
    BOOST_TEST_REQUIRE(r.statements.size() == 2U);
    BOOST_TEST(r.statements[0].sql == function);
    BOOST_TEST(r.lines() == (lines{6, 21}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(begin_atomic_function_body_is_one_statement) {
    const std::string_view function =
        "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n"
        "  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  SELECT x;\nEND;";
    const std::string sql = std::string(function) + "\nSELECT f(1);";
    const auto r = split(sql);
    BOOST_TEST(r.texts() == (texts{std::string(function), "SELECT f(1);"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(begin_as_an_identifier_in_a_function_definition_does_not_hide_the_semicolon) {
    // PostgreSQL's parser reads two statements here (found by the build's comparison with it).
    const auto r = split("CREATE FUNCTION f() RETURNS int LANGUAGE sql SET search_path TO begin RETURN 1;\nSELECT 2;");
    BOOST_TEST(r.texts() == (texts{"CREATE FUNCTION f() RETURNS int LANGUAGE sql SET search_path TO begin RETURN 1;",
                                   "SELECT 2;"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(transaction_begin_and_end_still_split) {
    const auto r = split("BEGIN; SELECT 1; END;");
    BOOST_TEST(r.texts() == (texts{"BEGIN;", "SELECT 1;", "END;"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(create_index_concurrently_is_its_own_statement) {
    const auto r = split(
        "CREATE INDEX CONCURRENTLY idx_post_published ON post (published DESC);\n"
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_person_name ON person (lower(name));\n");
    BOOST_TEST(r.diags.all().empty());
    BOOST_TEST(r.texts() == (texts{"CREATE INDEX CONCURRENTLY idx_post_published ON post (published DESC);",
                                   "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_person_name ON person "
                                   "(lower(name));"}),
               boost::test_tools::per_element());
}

// --- the shared corpus of real revision files ------------------------------------------------------------------------

namespace {

struct corpus_section {
    std::string_view sql;
    std::uint32_t first_line = 0;
    const char* name = "";
};

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim_end(std::string_view s) {
    while (!s.empty() && is_blank(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// The +upgrade and +downgrade sections of a revision file: each runs from the line after its marker line to
// the next marker line or the end of the file.
std::vector<corpus_section> find_sections(std::string_view text) {
    std::vector<corpus_section> sections;
    std::size_t open_begin = 0;  // offset where the last section found begins
    std::uint32_t line = 1;
    for (std::size_t begin = 0; begin < text.size(); ++line) {
        const std::size_t end = std::min(text.find('\n', begin), text.size());
        const std::size_t next = std::min(end + 1, text.size());
        const std::string_view content = trim_end(text.substr(begin, end - begin));
        if (content == "-- +upgrade" || content == "-- +downgrade") {
            if (!sections.empty()) {
                sections.back().sql = text.substr(open_begin, begin - open_begin);
            }
            sections.push_back({text.substr(next), line + 1, content == "-- +upgrade" ? "upgrade" : "downgrade"});
            open_begin = next;
        }
        begin = next;
    }
    return sections;
}

// What lies between statements must be blanks, comments and empty statements only; anything else would be
// SQL the splitter dropped.
bool only_separators(std::string_view gap) {
    std::size_t i = 0;
    while (i < gap.size()) {
        if (is_blank(gap[i]) || gap[i] == ';') {
            ++i;
        } else if (gap.substr(i, 2) == "--") {
            i = std::min(gap.find('\n', i), gap.size());
        } else if (gap.substr(i, 2) == "/*") {
            const std::size_t close = gap.find("*/", i + 2);
            if (close == std::string_view::npos) {
                return false;
            }
            i = close + 2;
        } else {
            return false;
        }
    }
    return true;
}

bool has_sql_line(std::string_view sql) {
    std::istringstream in{std::string(sql)};
    for (std::string line; std::getline(in, line);) {
        const auto first = line.find_first_not_of(" \t\r");
        if (first != std::string::npos && line.compare(first, 2, "--") != 0) {
            return true;
        }
    }
    return false;
}

std::size_t check_section(const std::string& file, const corpus_section& section) {
    retort::diagnostics diags;
    const auto statements = retort::split_statements(section.sql, section.first_line, file, diags);
    for (const auto& d : diags.all()) {
        BOOST_TEST(false, retort::format_diagnostic(d));
    }
    if (has_sql_line(section.sql)) {
        BOOST_TEST(!statements.empty(), file << ": the " << section.name << " section yielded no statement");
    }
    const char* covered = section.sql.data();
    std::uint32_t previous_line = 0;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        const auto& s = statements[i];
        BOOST_TEST_REQUIRE(!s.sql.empty(), file << ":" << s.line << ": empty statement");
        BOOST_TEST(s.sql.front() != ';', file << ":" << s.line << ": statement begins with ';'");
        BOOST_TEST(!is_blank(s.sql.front()), file << ":" << s.line << ": statement begins with white space");
        BOOST_TEST(!is_blank(s.sql.back()), file << ":" << s.line << ": statement ends with white space");
        BOOST_TEST((i + 1 == statements.size() || s.sql.back() == ';'),
                   file << ":" << s.line << ": statement is not terminated by ';'");
        BOOST_TEST(s.line > previous_line, file << ":" << s.line << ": statement lines do not increase");
        BOOST_TEST_REQUIRE((s.sql.data() >= covered &&
                            s.sql.data() + s.sql.size() <= section.sql.data() + section.sql.size()),
                           file << ":" << s.line << ": statement is not an ordered view into its section");
        BOOST_TEST(only_separators({covered, static_cast<std::size_t>(s.sql.data() - covered)}),
                   file << ":" << s.line << ": SQL before this statement belongs to no statement");
        covered = s.sql.data() + s.sql.size();
        previous_line = s.line;
    }
    const auto rest = static_cast<std::size_t>(section.sql.data() + section.sql.size() - covered);
    BOOST_TEST(only_separators({covered, rest}), file << ": SQL after the last statement belongs to no statement");
    return statements.size();
}

bool under_support(const std::filesystem::path& relative) {
    return std::any_of(relative.begin(), relative.end(), [](const auto& part) { return part == "support"; });
}

}  // namespace

BOOST_AUTO_TEST_CASE(corpus_revisions_split_cleanly) {
    namespace fs = std::filesystem;
    const fs::path root = RETORT_CORPUS_DIR;
    if (!fs::is_directory(root)) {
        BOOST_TEST_MESSAGE("sql_lexer corpus: " << root.string() << " is absent; skipped");
        return;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (entry.is_regular_file() && entry.path().extension() == ".sql" &&
            !under_support(fs::relative(entry.path(), root))) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::size_t sections = 0;
    std::size_t statements = 0;
    for (const auto& path : files) {
        std::ifstream in(path, std::ios::binary);
        const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        const std::string name = fs::relative(path, root).string();
        const auto found = find_sections(text);
        BOOST_TEST((!found.empty() && std::string_view(found.front().name) == "upgrade"),
                   name << ": no '-- +upgrade' line before the first section");
        for (const auto& section : found) {
            statements += check_section(name, section);
            ++sections;
        }
    }
    BOOST_TEST_MESSAGE("sql_lexer corpus: checked " << files.size() << " files, " << sections << " sections, "
                                                    << statements << " statements");
}

BOOST_AUTO_TEST_SUITE_END()
