// revision --autogenerate, check --declared and check --drift through the `retort --dir` tool, on the
// `postgres` fixture's server (--dev-url) and once on a throwaway server of retort's own: the files
// written, the JSON shapes, the exit codes, nothing to do, a failed proof, several heads, drift.
#define BOOST_TEST_MODULE schema_cli_tests
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "tool_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace retort::testing;

struct schema_cli : tool_fixture {
    fs::path declared = tmp.path / "schema";

    schema_cli() : tool_fixture("schema_cli") {
        fs::create_directory(declared);
        write_revision(dir, "1_aaa111.sql", "aaa111", {}, "CREATE TABLE person (id bigint PRIMARY KEY, name text);",
                       "DROP TABLE person;");
    }
    void declare(const std::string& file, const std::string& sql) { std::ofstream(declared / file) << sql; }
    // The tool with scratch databases on the fixture's server (PG* name it).
    result run(strings args) {
        args.insert(args.end(), {"--dev-url", "dbname=postgres"});
        return retort(args);
    }
    std::size_t files() const {
        return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
    }
    static std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }
};

const std::string person = "CREATE TABLE person (id bigint PRIMARY KEY, name text);\n";
const std::string person_with_email =
    "CREATE TABLE person (id bigint PRIMARY KEY, name text, email text NOT NULL DEFAULT '');\n";

}  // namespace

BOOST_FIXTURE_TEST_SUITE(autogenerate, schema_cli)

BOOST_AUTO_TEST_CASE(writes_a_verified_revision_on_the_head_that_upgrades_to_the_declared_schema) {
    declare("10_person.sql", person_with_email);
    auto r = run({"revision", "--autogenerate", "-m", "person gets an email", "--declared", declared.string()});
    CHECK_EXIT(r, 0);
    BOOST_TEST(contains(r.out, "2_person_gets_an_email.sql ... done"), r.out);
    const std::string text = read_file(dir / "2_person_gets_an_email.sql");
    BOOST_TEST(contains(text, "-- Revises: aaa111\n"), text);
    BOOST_TEST(contains(text, "ADD COLUMN email text DEFAULT ''::text NOT NULL"), text);
    BOOST_TEST(contains(text, "DROP COLUMN email"), text);
    CHECK_EXIT(retort({"upgrade", "head"}), 0);
    BOOST_TEST(scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'person'") == "3");
    CHECK_EXIT(run({"check", "--declared", declared.string()}), 0);
}

BOOST_AUTO_TEST_CASE(nothing_to_do_says_so_and_writes_nothing) {
    declare("person.sql", person);
    auto r = run({"revision", "--autogenerate", "-m", "nothing", "--declared", (declared / "person.sql").string()});
    CHECK_EXIT(r, 0);
    BOOST_TEST(contains(r.out, "No changes"), r.out);
    BOOST_TEST(files() == 1U);
    auto j = run({"revision", "--autogenerate", "-m", "nothing", "--declared", declared.string(), "--format", "json"});
    BOOST_TEST(contains(j.out, R"("result":"nothing_to_do","files":[])"), j.out);
}

BOOST_AUTO_TEST_CASE(hazards_go_to_stderr_and_above_the_statement) {
    declare("person.sql", "CREATE TABLE person (id bigint PRIMARY KEY);\n");
    auto r = run({"revision", "--autogenerate", "-m", "drop name", "--declared", declared.string()});
    CHECK_EXIT(r, 0);
    BOOST_TEST(contains(r.err, "retort: hazard (data loss): "), r.err);
    BOOST_TEST(contains(read_file(dir / "2_drop_name.sql"), "-- hazard (data loss): "));
}

BOOST_AUTO_TEST_CASE(json_lists_files_hazards_and_changes) {
    declare("person.sql", "CREATE TABLE person (id bigint PRIMARY KEY);\n");
    auto r =
        run({"revision", "--autogenerate", "-m", "drop name", "--declared", declared.string(), "--format", "json"});
    CHECK_EXIT(r, 0);
    BOOST_TEST(r.out.starts_with(
                   R"({"command":"revision","status":"ok","exit_code":0,"result":"generated","files":[{"path":")"),
               r.out);
    BOOST_TEST(contains(r.out, R"("parents":["aaa111"])"), r.out);
    BOOST_TEST(contains(r.out, R"("changes":[{"action":"drop","object":"column public.person.name","kind":"column")"),
               r.out);
    BOOST_TEST(contains(r.out, R"("hazards":[{"kind":"data loss","message":")"), r.out);
}

BOOST_AUTO_TEST_CASE(several_heads_are_compared_together_and_all_revised) {
    write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, "CREATE TABLE b (id int);", "DROP TABLE b;");
    write_revision(dir, "3_ccc333.sql", "ccc333", {"aaa111"}, "CREATE TABLE c (id int);", "DROP TABLE c;");
    declare("all.sql", person + "CREATE TABLE b (id int);\nCREATE TABLE c (id int);\nCREATE TABLE d (id int);\n");
    auto r = run({"revision", "--autogenerate", "-m", "add d", "--declared", declared.string()});
    CHECK_EXIT(r, 0);
    const std::string text = read_file(dir / "4_add_d.sql");
    BOOST_TEST(contains(text, "-- Revises: bbb222, ccc333\n"), text);
    BOOST_TEST(contains(text, "CREATE TABLE public.d"), text);
    BOOST_TEST(!contains(text, "CREATE TABLE public.b"), text);
    auto heads = retort({"heads"});
    BOOST_TEST(std::count(heads.out.begin(), heads.out.end(), '\n') == 1, heads.out);
}

BOOST_AUTO_TEST_CASE(head_narrows_the_comparison_to_one_head) {
    write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, "CREATE TABLE b (id int);", "DROP TABLE b;");
    write_revision(dir, "3_ccc333.sql", "ccc333", {"aaa111"}, "CREATE TABLE c (id int);", "DROP TABLE c;");
    declare("all.sql", person + "CREATE TABLE b (id int);\nCREATE TABLE d (id int);\n");
    auto r = run({"revision", "--autogenerate", "-m", "add d", "--declared", declared.string(), "--head", "bbb222"});
    CHECK_EXIT(r, 0);
    const std::string text = read_file(dir / "4_add_d.sql");
    BOOST_TEST(contains(text, "-- Revises: bbb222\n"), text);
    BOOST_TEST(!contains(text, "public.c"), text);
}

BOOST_AUTO_TEST_CASE(a_revision_that_cannot_be_proven_is_not_written) {
    // An aggregate is a kind the model does not hold: retort cannot write it, so the proof fails.
    declare("person.sql", person + "CREATE AGGREGATE total (int) (sfunc = int4pl, stype = int);\n");
    auto r = run({"revision", "--autogenerate", "-m", "aggregate", "--declared", declared.string()});
    CHECK_EXIT(r, 14);
    BOOST_TEST(contains(r.err, "nothing was written"), r.err);
    BOOST_TEST(contains(r.err, "aggregate"), r.err);
    BOOST_TEST(files() == 1U);
    auto j =
        run({"revision", "--autogenerate", "-m", "aggregate", "--declared", declared.string(), "--format", "json"});
    CHECK_EXIT(j, 14);
    BOOST_TEST(contains(j.out, R"("status":"unverified","exit_code":14,"result":"failed","files":[])"), j.out);
}

BOOST_AUTO_TEST_CASE(unverified_writes_it_with_the_differences_on_top) {
    declare("person.sql", person_with_email + "CREATE AGGREGATE total (int) (sfunc = int4pl, stype = int);\n");
    auto r = run({"revision", "--autogenerate", "-m", "anyway", "--declared", declared.string(), "--unverified"});
    CHECK_EXIT(r, 0);
    BOOST_TEST(contains(r.err, "UNVERIFIED"), r.err);
    BOOST_TEST(contains(read_file(dir / "2_anyway.sql"), "-- UNVERIFIED: "));
}

BOOST_AUTO_TEST_CASE(rename_keeps_the_data_of_a_renamed_column) {
    declare("person.sql", "CREATE TABLE person (id bigint PRIMARY KEY, full_name text);\n");
    auto r = run({"revision", "--autogenerate", "-m", "rename", "--declared", declared.string(), "--rename",
                  "column:public.person.name:full_name"});
    CHECK_EXIT(r, 0);
    const std::string text = read_file(dir / "2_rename.sql");
    BOOST_TEST(contains(text, "RENAME COLUMN name TO full_name"), text);
    BOOST_TEST(!contains(text, "DROP COLUMN"), text);
    CHECK_EXIT(run({"revision", "--autogenerate", "-m", "x", "--declared", declared.string(), "--rename", "nonsense"}),
               2);
}

BOOST_AUTO_TEST_CASE(without_a_directory_of_revisions_the_first_one_is_a_root) {
    fs::remove(dir / "1_aaa111.sql");
    declare("person.sql", person);
    auto r = run({"revision", "--autogenerate", "-m", "init", "--declared", declared.string()});
    CHECK_EXIT(r, 0);
    BOOST_TEST(contains(read_file(dir / "0001_init.sql"), "-- Revises: \n"));
}

BOOST_AUTO_TEST_CASE(a_declared_file_that_does_not_load_is_named_with_its_line) {
    declare("person.sql", person + "CREATE TABLE broken (id nosuchtype);\n");
    auto r = run({"revision", "--autogenerate", "-m", "x", "--declared", declared.string()});
    CHECK_EXIT(r, 3);
    BOOST_TEST(contains(r.err, "person.sql:2"), r.err);
    BOOST_TEST(files() == 1U);
}

BOOST_AUTO_TEST_CASE(the_usage_is_checked_before_any_database_is_made) {
    CHECK_EXIT(run({"revision", "--autogenerate", "-m", "x"}), 2);
    CHECK_EXIT(run({"revision", "--autogenerate", "--declared", declared.string()}), 2);
    CHECK_EXIT(run({"check", "--declared", declared.string(), "--drift"}), 2);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(check_declared, schema_cli)

BOOST_AUTO_TEST_CASE(equal_schemas_exit_zero) {
    declare("person.sql", "CREATE TABLE person (id int8 PRIMARY KEY, name text);\n");
    auto r = run({"check", "--declared", declared.string()});
    CHECK_EXIT(r, 0);
    BOOST_TEST(contains(r.out, "produce the declared schema exactly"), r.out);
    auto j = run({"check", "--declared", declared.string(), "--format", "json"});
    BOOST_TEST(j.out.starts_with(
                   R"({"command":"check","status":"ok","exit_code":0,"same":true,"heads":["aaa111"],"changes":[])"),
               j.out);
}

BOOST_AUTO_TEST_CASE(a_difference_exits_12_and_prints_the_changes) {
    declare("person.sql", person_with_email);
    auto r = run({"check", "--declared", declared.string()});
    CHECK_EXIT(r, 12);
    BOOST_TEST(contains(r.out, "create column public.person.email"), r.out);
    BOOST_TEST(contains(r.out, "ADD COLUMN email"), r.out);
    auto j = run({"check", "--declared", declared.string(), "--format", "json"});
    CHECK_EXIT(j, 12);
    BOOST_TEST(contains(j.out, R"("status":"schema_differs","exit_code":12,"same":false)"), j.out);
    BOOST_TEST(contains(j.out,
                        R"({"action":"create","object":"column public.person.email","kind":"column","details":[]})"),
               j.out);
    BOOST_TEST(contains(j.out, R"("would_generate":")"), j.out);
}

BOOST_AUTO_TEST_CASE(an_unmodelled_kind_fails_the_check_loudly) {
    declare("person.sql", person + "CREATE AGGREGATE total (int) (sfunc = int4pl, stype = int);\n");
    auto r = run({"check", "--declared", declared.string()});
    CHECK_EXIT(r, 12);
    BOOST_TEST(contains(r.out, "aggregate"), r.out);
}

BOOST_AUTO_TEST_CASE(a_throwaway_server_serves_when_no_dev_url_is_given) {
    declare("person.sql", person);
    auto r = retort({"check", "--declared", declared.string()}, {{"RETORT_DEV_URL", std::nullopt}});
    CHECK_EXIT(r, 0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(check_drift, schema_cli)

BOOST_AUTO_TEST_CASE(a_database_at_its_revisions_has_no_drift) {
    CHECK_EXIT(retort({"upgrade", "head"}), 0);
    auto r = run({"check", "--drift"});
    CHECK_EXIT(r, 0);
    BOOST_TEST(contains(r.out, "No drift"), r.out);
}

BOOST_AUTO_TEST_CASE(changes_by_hand_exit_13_and_are_each_named) {
    CHECK_EXIT(retort({"upgrade", "head"}), 0);
    conn.execute("ALTER TABLE person ADD COLUMN nickname text");
    conn.execute("CREATE TABLE scratchpad (x int)");
    auto r = run({"check", "--drift"});
    CHECK_EXIT(r, 13);
    BOOST_TEST(contains(r.out, "added by hand: column public.person.nickname"), r.out);
    BOOST_TEST(contains(r.out, "added by hand: table public.scratchpad"), r.out);
    BOOST_TEST(!contains(r.out, "alembic_version"), r.out);
    auto j = run({"check", "--drift", "--format", "json"});
    CHECK_EXIT(j, 13);
    BOOST_TEST(contains(j.out, R"("status":"drift","exit_code":13,"drifted":true,"applied":["aaa111"])"), j.out);
    BOOST_TEST(contains(j.out, R"({"action":"added","object":"column public.person.nickname","kind":"column")"), j.out);
}

BOOST_AUTO_TEST_CASE(a_dropped_table_is_removed_by_hand) {
    CHECK_EXIT(retort({"upgrade", "head"}), 0);
    conn.execute("DROP TABLE person");
    auto r = run({"check", "--drift"});
    CHECK_EXIT(r, 13);
    BOOST_TEST(contains(r.out, "removed by hand: table public.person"), r.out);
}

BOOST_AUTO_TEST_SUITE_END()
