// `retort --dir DIR lint` as CI runs it, and the parse check every command of the retort tool does
// first: the build's rules, their JSON, SARIF and GitHub renderings, the exit codes, and the lock file
// deciding what is new work.
#define BOOST_TEST_MODULE lint_cli_tests
#include <boost/test/unit_test.hpp>

#include <string>

#include "tool_fixture.hpp"

namespace {

using namespace retort::testing;

struct lint_fixture : tool_fixture {
    lint_fixture() : tool_fixture("lint_cli") {
        write_revision(dir, "1_aaa111.sql", "aaa111", {}, "CREATE TABLE customers (id bigint PRIMARY KEY, email text);",
                       "DROP TABLE customers;");
    }
    // A second revision indexing the table the first one created: an existing table. No downgrade, so
    // that the upgrade's statement is the only one linted.
    void index_revision(const std::string& sql = "CREATE INDEX customers_email ON customers (email);") {
        write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, sql, std::nullopt);
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(lint, lint_fixture)

BOOST_AUTO_TEST_CASE(a_warning_prints_at_file_and_line_and_exits_zero) {
    index_revision();
    auto r = retort({"lint"});
    CHECK_EXIT(r, 0);
    BOOST_TEST(contains(r.out, "2_bbb222.sql:7:1: warning: "), r.out);
    BOOST_TEST(contains(r.out, "[index-not-concurrent]"), r.out);
    BOOST_TEST(contains(r.out, "1 warning"), r.out);
}

BOOST_AUTO_TEST_CASE(json_has_a_findings_array_inside_the_envelope) {
    index_revision();
    auto r = retort({"lint", "--format", "json"});
    CHECK_EXIT(r, 0);
    BOOST_TEST(r.out.starts_with(R"({"command":"lint","status":"ok","exit_code":0,"findings":[{"file":")"), r.out);
    BOOST_TEST(contains(r.out, R"("line":7,"column":1,"rule":"index-not-concurrent","severity":"warning","message":")"),
               r.out);
    BOOST_TEST(contains(r.out, R"("revision":"bbb222"})"), r.out);
    BOOST_TEST(contains(r.out, R"("counts":{"error":0,"warning":1,)"), r.out);
}

BOOST_AUTO_TEST_CASE(an_error_level_finding_exits_11) {
    index_revision("CREATE INDEX CONCURRENTLY customers_email ON customers (email);");
    auto r = retort({"lint", "--format", "json"});
    CHECK_EXIT(r, 11);
    BOOST_TEST(contains(r.out, R"("status":"lint","exit_code":11)"), r.out);
    BOOST_TEST(contains(r.out, R"("rule":"concurrently-in-transaction","severity":"error")"), r.out);
}

BOOST_AUTO_TEST_CASE(lint_rules_change_a_rule_as_the_cmake_option_does) {
    index_revision();
    CHECK_EXIT(retort({"lint", "--lint-rules", "index-not-concurrent=error"}), 11);
    auto off = retort({"lint", "--lint-rules", "index-not-concurrent=off"});
    CHECK_EXIT(off, 0);
    BOOST_TEST(!contains(off.out, "index-not-concurrent"), off.out);
    CHECK_EXIT(retort({"lint", "--lint-rules", "no-such-rule=error"}), 2);
}

BOOST_AUTO_TEST_CASE(locked_revisions_are_released_history_unless_all) {
    index_revision();
    CHECK_EXIT(retort({"lock"}), 0);
    auto r = retort({"lint"});
    CHECK_EXIT(r, 0);
    BOOST_TEST(!contains(r.out, "index-not-concurrent"), r.out);
    BOOST_TEST(contains(r.out, "0 revisions linted"), r.out);
    auto all = retort({"lint", "--all"});
    BOOST_TEST(contains(all.out, "[index-not-concurrent]"), all.out);
}

BOOST_AUTO_TEST_CASE(sarif_is_a_2_1_0_log_for_code_scanning) {
    index_revision();
    auto r = retort({"lint", "--format", "sarif"});
    CHECK_EXIT(r, 0);
    BOOST_TEST(contains(r.out, R"("version":"2.1.0")"), r.out);
    BOOST_TEST(contains(r.out, R"("ruleId":"index-not-concurrent")"), r.out);
    BOOST_TEST(contains(r.out, R"("startLine":7)"), r.out);
}

BOOST_AUTO_TEST_CASE(github_prints_workflow_annotations) {
    index_revision("CREATE INDEX CONCURRENTLY customers_email ON customers (email);");
    auto r = retort({"lint", "--format", "github"});
    CHECK_EXIT(r, 11);
    BOOST_TEST(contains(r.out, "::error file="), r.out);
    BOOST_TEST(contains(r.out, "2_bbb222.sql,line=7,"), r.out);
}

BOOST_AUTO_TEST_CASE(sarif_and_github_belong_to_lint_alone) { CHECK_EXIT(retort({"heads", "--format", "sarif"}), 2); }

BOOST_AUTO_TEST_CASE(lint_takes_no_revision) { CHECK_EXIT(retort({"lint", "head"}), 2); }

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(parse_check, lint_fixture)

BOOST_AUTO_TEST_CASE(a_syntax_error_fails_lint_with_exit_3_at_line_and_column) {
    write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"},
                   "ALTER TABLE customers\n  ADD COLUMN name text\n  ADD COLUMN x int;", "SELECT 1;");
    auto r = retort({"lint", "--format", "json"});
    CHECK_EXIT(r, 3);
    BOOST_TEST(contains(r.out, R"("line":9,"column":3,"rule":"syntax-error","severity":"error")"), r.out);
}

BOOST_AUTO_TEST_CASE(every_command_of_the_tool_refuses_a_statement_that_does_not_parse) {
    write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, "CREAT TABLE orders (id int);", "SELECT 1;");
    for (const strings& args : {strings{"check", "--offline"}, strings{"heads"}, strings{"upgrade", "head"}}) {
        auto r = retort(args);
        CHECK_EXIT(r, 3);
        BOOST_TEST(contains(r.err, "2_bbb222.sql:7:1: error: syntax error at or near \"CREAT\""), r.err);
    }
    BOOST_TEST(!exists("customers"), "upgrade ran nothing");
}

BOOST_AUTO_TEST_CASE(no_parse_check_is_explicit_and_said_on_stderr) {
    write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, "CREAT TABLE orders (id int);", "SELECT 1;");
    auto r = retort({"heads", "--no-parse-check"});
    CHECK_EXIT(r, 0);
    BOOST_TEST(contains(r.err, "warning: --no-parse-check: no statement was checked by PostgreSQL's parser"), r.err);
}

BOOST_AUTO_TEST_CASE(the_json_error_names_the_column) {
    write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, "SELECT 1;\nCREAT TABLE orders (id int);", "SELECT 1;");
    auto r = retort({"heads", "--format", "json"});
    CHECK_EXIT(r, 3);
    BOOST_TEST(contains(r.out, R"("line":8,"column":1,"severity":"error")"), r.out);
}

BOOST_AUTO_TEST_SUITE_END()
