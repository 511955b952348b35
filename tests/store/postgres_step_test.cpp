// How the PostgreSQL store sends a step: the section once, as written, in one Query with its bookkeeping
// (statements prepared once per session). The facts recorded must not depend on that: these cases hold
// the executed SQL, the failing statement and the transaction to what the contract suite says.
#define BOOST_TEST_MODULE postgres_step
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "inline_catalog.hpp"
#include "pg_store_fixture.hpp"
#include "store/postgres_store.hpp"
#include "store/step_batch.hpp"

namespace {

using namespace retort;
using retort::testing::inline_catalog;

const store_config config{"", "alembic_version", "step-test"};

// e: comments and non-ASCII text between and around its statements; x: a division by zero after a
// comment; s: a syntax error in its second statement; g: deallocates every prepared statement; f, h: one
// table each; p: takes 50 ms.
inline_catalog& revisions() {
    static inline_catalog c = [] {
        inline_catalog x;
        x.revision("e", "",
                   "-- leading comment, été\nCREATE TABLE te (id int, name text); /* between /* nested */ */\n"
                   "INSERT INTO te VALUES (1, 'ünïcode; with a semicolon');  -- trailing\n-- last line",
                   "DROP TABLE te;")
            .revision("x", "e", "CREATE TABLE tx (id int);\n-- the next one fails\nSELECT 1/0;", "DROP TABLE tx;")
            .revision("s", "e", "CREATE TABLE ts (id int);\nSELEC 1;", "DROP TABLE ts;")
            .revision("g", "e", "CREATE TABLE tg (id int);\nDEALLOCATE ALL;", "DROP TABLE tg;")
            .revision("h", "g", "CREATE TABLE th (id int);", "DROP TABLE th;")
            .revision("f", "e", "CREATE TABLE tf (id int);", "DROP TABLE tf;")
            .revision("p", "f", "SELECT pg_sleep(0.05);", "SELECT 1;");
        return x;
    }();
    return c;
}

const revision& rev(std::string_view id) { return revisions().revision_of(id); }

step_change up(std::string_view id, std::vector<std::string_view> before, std::vector<std::string_view> after) {
    return {&rev(id), direction::up, std::move(before), std::move(after), true};
}

step_change down(std::string_view id, std::vector<std::string_view> before, std::vector<std::string_view> after) {
    return {&rev(id), direction::down, std::move(before), std::move(after), true};
}

struct fixture : retort::testing::pg_store_fixture {
    fixture() : pg_store_fixture("step", config) {}
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(the_executed_sql_is_the_section_as_written_with_its_comments, fixture) {
    store.apply(up("e", {}, {"e"}));
    BOOST_TEST(executed("e") == std::string(rev("e").upgrade.sql));
    BOOST_TEST(scalar("SELECT name FROM te") == "ünïcode; with a semicolon");
    BOOST_TEST(scalar("SELECT string_agg(version_num, ',') FROM alembic_version") == "e");
}

BOOST_FIXTURE_TEST_CASE(a_section_is_laid_out_once_with_each_statement_where_it_stands, fixture) {
    const section& sec = rev("e").upgrade;
    const step_batch b = lay_out_step(up("e", {}, {"e"}), store.books(), {{}, true, 0, {}});
    BOOST_TEST(b.own_count == 2U);
    BOOST_TEST(b.batch.text.find(sec.sql) != std::string::npos);
    BOOST_TEST(b.batch.text.find(sec.sql, b.batch.text.find(sec.sql) + 1) == std::string::npos);
    for (std::size_t i = 0; i < b.own_count; ++i)
        BOOST_TEST(b.batch.text.substr(b.batch.starts[b.first_own + i], sec.statements[i].sql.size()) ==
                   std::string(sec.statements[i].sql));
}

BOOST_FIXTURE_TEST_CASE(a_failing_statement_is_named_and_nothing_of_its_step_is_recorded, fixture) {
    store.apply(up("e", {}, {"e"}));
    try {
        store.apply(up("x", {"e"}, {"x"}));
        BOOST_FAIL("expected a statement_failure");
    } catch (const statement_failure& f) {
        BOOST_TEST(f.sqlstate() == "22012");
        BOOST_TEST(f.index() == 1U);
        BOOST_TEST(f.file_statement() == &rev("x").upgrade.statements[1]);
    }
    BOOST_TEST(scalar("SELECT to_regclass('tx') IS NULL") == "t");
    BOOST_TEST(scalar("SELECT string_agg(version_num, ',') FROM alembic_version") == "e");
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_history WHERE revision = 'x'") == "0");
    store.apply(up("g", {"e"}, {"g"}));  // the session goes on after the failure
    BOOST_TEST(executed("g") == std::string(rev("g").upgrade.sql));
}

BOOST_FIXTURE_TEST_CASE(a_syntax_error_names_its_statement_and_its_position_within_it, fixture) {
    store.apply(up("e", {}, {"e"}));
    try {
        store.apply(up("s", {"e"}, {"s"}));
        BOOST_FAIL("expected a statement_failure");
    } catch (const statement_failure& f) {
        BOOST_TEST(f.sqlstate() == "42601");
        BOOST_TEST(f.index() == 1U);
        BOOST_TEST(f.info().position == 1);
    }
    BOOST_TEST(scalar("SELECT to_regclass('ts') IS NULL") == "t");
    store.apply(up("g", {"e"}, {"g"}));
    BOOST_TEST(scalar("SELECT string_agg(version_num, ',') FROM alembic_version") == "g");
}

BOOST_FIXTURE_TEST_CASE(a_revision_that_deallocates_does_not_break_the_steps_after_it, fixture) {
    store.apply(up("e", {}, {"e"}));
    store.apply(up("g", {"e"}, {"g"}));
    store.apply(up("h", {"g"}, {"h"}));
    BOOST_TEST(executed("h") == std::string(rev("h").upgrade.sql));
    BOOST_TEST(scalar("SELECT string_agg(version_num, ',') FROM alembic_version") == "h");
}

BOOST_FIXTURE_TEST_CASE(a_step_whose_prepared_statements_vanished_is_sent_again_without_them, fixture) {
    store.apply(up("e", {}, {"e"}));
    conn.execute("DEALLOCATE ALL");  // what a pooler in transaction mode does to the session, in effect
    store.apply(up("h", {"e"}, {"h"}));
    BOOST_TEST(executed("h") == std::string(rev("h").upgrade.sql));
    BOOST_TEST(scalar("SELECT string_agg(version_num, ',') FROM alembic_version") == "h");
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_log WHERE revision = 'h'") == "1");
}

BOOST_FIXTURE_TEST_CASE(steps_inside_one_transaction_are_recorded_with_their_own_durations, fixture) {
    {
        auto t = store.begin();
        store.apply(up("e", {}, {"e"}));
        store.apply(up("g", {"e"}, {"g"}));
        t->commit();
    }
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_history WHERE status = 'applied' AND duration_ms >= 0 "
                      "AND applied_by = current_user AND retort_version = 'step-test'") == "2");
    BOOST_TEST(scalar("SELECT string_agg(operation || ':' || revision || ':' || outcome, ',' ORDER BY id) FROM "
                      "alembic_version_log") == "upgrade:e:success,upgrade:g:success");
}

BOOST_FIXTURE_TEST_CASE(inside_one_transaction_the_bookkeeping_is_written_just_before_the_commit, fixture) {
    auto t = store.begin();
    store.apply(up("e", {}, {"e"}));
    store.apply(up("f", {"e"}, {"f"}));
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_history") == "0");  // all of it waits for the COMMIT
    BOOST_TEST(version_rows() == "NULL");
    t->commit();
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_history WHERE status = 'applied' AND applied_by = "
                      "current_user AND retort_version = 'step-test'") == "2");
    BOOST_TEST(version_rows() == "f");
    BOOST_TEST(logged() == "upgrade:e,upgrade:f");
    BOOST_TEST(executed("f") == std::string(rev("f").upgrade.sql));
}

BOOST_FIXTURE_TEST_CASE(a_step_inside_one_transaction_is_recorded_with_its_own_duration, fixture) {
    auto t = store.begin();
    store.apply(up("e", {}, {"e"}));
    store.apply(up("f", {"e"}, {"f"}));
    conn.execute("SELECT pg_sleep(0.1)");  // between steps: counted in neither
    store.apply(up("p", {"f"}, {"p"}));
    t->commit();
    BOOST_TEST(scalar("SELECT duration_ms >= 50 AND duration_ms < 100 FROM alembic_version_history WHERE revision = "
                      "'p'") == "t");
    BOOST_TEST(scalar("SELECT duration_ms < 50 FROM alembic_version_history WHERE revision = 'f'") == "t");
    BOOST_TEST(scalar("SELECT count(DISTINCT applied_at) FROM alembic_version_history") == "1");  // the transaction's
}

BOOST_FIXTURE_TEST_CASE(branches_inside_one_transaction_leave_the_net_version_rows, fixture) {
    auto t = store.begin();
    store.apply(up("e", {}, {"e"}));
    store.apply(up("f", {"e"}, {"f"}));
    store.apply(up("g", {}, {"g"}));  // a second head beside f
    t->commit();
    BOOST_TEST(version_rows() == "f,g");
}

BOOST_FIXTURE_TEST_CASE(a_downgrade_or_a_deallocating_step_inside_the_transaction_writes_the_waiting_rows_first,
                        fixture) {
    auto t = store.begin();
    store.apply(up("e", {}, {"e"}));
    store.apply(up("g", {"e"}, {"g"}));  // deallocates: recorded with literals, after the rows that wait
    store.apply(up("h", {"g"}, {"h"}));
    store.apply(down("h", {"h"}, {"g"}));
    t->commit();
    BOOST_TEST(version_rows() == "g");
    BOOST_TEST(logged() == "upgrade:e,upgrade:g,upgrade:h,downgrade:h");
    BOOST_TEST(scalar("SELECT string_agg(revision, ',' ORDER BY revision) FROM alembic_version_history") == "e,g");
}

BOOST_FIXTURE_TEST_CASE(a_failure_inside_the_transaction_records_nothing_and_the_next_one_starts_clean, fixture) {
    {
        auto t = store.begin();
        store.apply(up("e", {}, {"e"}));
        BOOST_CHECK_THROW(store.apply(up("x", {"e"}, {"x"})), statement_failure);
    }
    BOOST_TEST(version_rows() == "NULL");
    BOOST_TEST(logged() == "NULL");
    auto t = store.begin();
    store.apply(up("e", {}, {"e"}));
    t->commit();
    BOOST_TEST(version_rows() == "e");
    BOOST_TEST(logged() == "upgrade:e");
}

BOOST_AUTO_TEST_CASE(only_a_leading_deallocate_or_discard_may_drop_prepared_statements) {
    BOOST_TEST(may_deallocate("DEALLOCATE ALL"));
    BOOST_TEST(may_deallocate("  discard all"));
    BOOST_TEST(!may_deallocate("CREATE TABLE deallocate (id int)"));
    BOOST_TEST(!may_deallocate("SELECT 1"));
}
