// Where retort keeps its own tables (docs/runtime.md#where-the-tables-live), against a real server: the
// schema is resolved once per run and named in every bookkeeping statement, a temporary schema is
// refused, tables that already exist on the search_path stay in use when a revision creates an earlier
// schema, and schema names PostgreSQL would cut to 63 bytes are refused before anything runs.
#define BOOST_TEST_MODULE bookkeeping_tests
#include <boost/test/unit_test.hpp>

#include <string>

#include "core/sql_text.hpp"
#include "tool_fixture.hpp"

namespace {

using namespace retort::testing;
using fixture = tool_fixture;

const env_changes temporary_first = {{"PGOPTIONS", "-c search_path=pg_temp,public"}};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(temporary_schemas, fixture)

BOOST_AUTO_TEST_CASE(a_search_path_beginning_with_pg_temp_is_refused_before_anything_runs) {
    chain({"aaa111", "bbb222"});
    auto r = retort({"upgrade"}, temporary_first);
    CHECK_EXIT(r, 1);
    BOOST_TEST(contains(r.err, "temporary schema (search_path is pg_temp,public)"), r.err);
    BOOST_TEST(contains(r.err, "nothing was changed"), r.err);
    BOOST_TEST(!exists("public.alembic_version"));
    BOOST_TEST(!exists("public.t_aaa111"));
}

BOOST_AUTO_TEST_CASE(read_only_commands_refuse_a_temporary_search_path_too) {
    chain({"aaa111"});
    CHECK_EXIT(retort({"upgrade"}), 0);
    for (const std::string command : {"current", "check"}) {
        auto r = retort({command}, temporary_first);
        BOOST_TEST_CONTEXT(command) {
            CHECK_EXIT(r, 1);
            BOOST_TEST(contains(r.err, "temporary schema"), r.err);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_schema_option_naming_pg_temp_is_refused) {
    chain({"aaa111"});
    auto r = retort({"upgrade", "--schema", "pg_temp"});
    CHECK_EXIT(r, 1);
    BOOST_TEST(contains(r.err, "temporary schema (--schema pg_temp)"), r.err);
    BOOST_TEST(!exists("t_aaa111"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(the_roles_own_schema, fixture)

// The default search_path is "$user", public: a revision that creates the schema named like the role
// puts an empty schema in front of the one holding retort's tables.
BOOST_AUTO_TEST_CASE(a_revision_creating_the_roles_schema_does_not_move_the_bookkeeping) {
    const std::string role = scalar("SELECT current_user");
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"}, "CREATE SCHEMA " + retort::quote_identifier(role) + ";",
                   "DROP SCHEMA " + retort::quote_identifier(role) + ";");
    write_table_revision(dir, "3_ccc333.sql", "ccc333", {"bbb222"});
    CHECK_EXIT(retort({"upgrade", "bbb222"}), 0);
    CHECK_EXIT(retort({"upgrade"}), 0);
    auto again = retort({"upgrade"});
    CHECK_EXIT(again, 0);
    BOOST_TEST(!contains(again.out, "Running upgrade"), again.out);
    auto current = retort({"current"});
    CHECK_EXIT(current, 0);
    BOOST_TEST(contains(current.out, "ccc333"), current.out);
    CHECK_STRINGS(column("SELECT version_num FROM public.alembic_version"), "ccc333");
    BOOST_TEST(scalar("SELECT count(*) FROM public.alembic_version_history") == "3");
    BOOST_TEST(scalar("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
                      "n.nspname = current_user AND c.relname LIKE 'alembic_version%'") == "0");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(long_names, fixture)

// PostgreSQL keeps the first 63 bytes of a name: these two would be one schema under two locks.
BOOST_AUTO_TEST_CASE(schema_names_over_63_bytes_are_refused_before_anything_runs) {
    chain({"aaa111"});
    const std::string prefix(63, 's');
    for (const auto& schema : {prefix + "_one", prefix + "_two"}) {
        auto r = retort({"upgrade", "--schema", schema});
        BOOST_TEST_CONTEXT(schema) {
            CHECK_EXIT(r, 2);
            BOOST_TEST(contains(r.err, "is 67 bytes; PostgreSQL keeps only the first 63 bytes of a name"), r.err);
        }
    }
    BOOST_TEST(scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'sss%'") == "0");
    auto fits = retort({"upgrade", "--schema", prefix});
    CHECK_EXIT(fits, 0);
    BOOST_TEST(exists(retort::quote_identifier(prefix) + ".alembic_version"));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------------------------
// When retort's own tables cannot be written, the message says so, names the privilege or the table, and
// never blames the revision that was about to run.
BOOST_FIXTURE_TEST_SUITE(bookkeeping_errors, fixture)

BOOST_AUTO_TEST_CASE(a_read_only_database_is_named_as_such) {
    chain({"aaa111"});
    conn.execute("ALTER DATABASE " + retort::quote_identifier(db.name()) + " SET default_transaction_read_only = on");
    auto r = retort({"upgrade"});
    CHECK_EXIT(r, 1);
    BOOST_TEST(contains(r.err,
                        "retort cannot write its own bookkeeping tables (alembic_version, "
                        "alembic_version_history, alembic_version_log in schema public): the database is "
                        "read-only (default_transaction_read_only is on)"),
               r.err);
    BOOST_TEST(contains(r.err, "25006: cannot execute CREATE TABLE in a read-only transaction"), r.err);
    BOOST_TEST(contains(r.err, "options=-cdefault_transaction_read_only%3Doff"), r.err);
    BOOST_TEST(!contains(r.err, "aaa111"), r.err);
    auto current = retort({"current"});  // reading needs no write
    CHECK_EXIT(current, 0);
}

BOOST_AUTO_TEST_CASE(a_role_without_create_on_the_schema_is_told_which_privilege_to_grant) {
    chain({"aaa111"});
    scratch_role migrator{db, "retort_nocreate"};
    auto r = retort({"upgrade"}, migrator.as());
    CHECK_EXIT(r, 1);
    BOOST_TEST(contains(r.err, "the role " + migrator.name +
                                   " lacks the CREATE privilege on schema public, which retort needs for its own "
                                   "bookkeeping tables (alembic_version, alembic_version_history, "
                                   "alembic_version_log in schema public)"),
               r.err);
    BOOST_TEST(contains(r.err, "GRANT CREATE ON SCHEMA \"public\" TO " + migrator.quoted), r.err);
    BOOST_TEST(contains(r.err, "42501: permission denied for schema public"), r.err);
    BOOST_TEST(!contains(r.err, "aaa111"), r.err);
}

BOOST_AUTO_TEST_CASE(an_unrelated_table_with_the_history_tables_name_is_named_and_not_used) {
    chain({"aaa111"});
    conn.execute("CREATE TABLE alembic_version_history (id serial PRIMARY KEY, note text)");
    for (const std::string command : {"upgrade", "current", "check"}) {
        auto r = retort({command});
        BOOST_TEST_CONTEXT(command) {
            CHECK_EXIT(r, 1);
            BOOST_TEST(contains(r.err,
                                "the table public.alembic_version_history is not retort's history table, "
                                "though it has the name retort gives its own bookkeeping: it lacks the "
                                "columns revision, status, "),
                       r.err);
            BOOST_TEST(contains(r.err, "42703: column \"revision\" does not exist"), r.err);
            BOOST_TEST(!contains(r.err, "aaa111"), r.err);
        }
    }
    BOOST_TEST(!exists("t_aaa111"));
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_history") == "0");
}

// An interrupted non-transactional revision records no line; the message finds the statement's own.
BOOST_AUTO_TEST_CASE(a_revision_still_in_progress_is_reported_at_its_statements_line) {
    write_table_revision(dir, "1_aaa111.sql", "aaa111", {});
    const auto first = write_revision(dir, "2_bbb222.sql", "bbb222", {"aaa111"},
                                      "CREATE TABLE early (x int);\nSELECT pg_terminate_backend(pg_backend_pid());",
                                      std::nullopt, {"Transactional: false"});
    CHECK_EXIT(retort({"upgrade"}), 5);
    const std::string where = "2_bbb222.sql:" + std::to_string(first + 1);
    auto again = retort({"upgrade"});
    CHECK_EXIT(again, 6);
    BOOST_TEST((contains(again.err, "revision bbb222 is still in progress (") && contains(again.err, where)),
               again.err);
    BOOST_TEST(!contains(again.err, ".sql:0"), again.err);
    auto check = retort({"check"});
    CHECK_EXIT(check, 6);
    BOOST_TEST(contains(check.out, where + ") is still in progress at statement 2"), check.out);
}

BOOST_AUTO_TEST_SUITE_END()
