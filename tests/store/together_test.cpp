// How the PostgreSQL store runs the steps of one transaction (--single-transaction) together: several
// steps in one Query, each timed by the server's clock, a failure still naming its step and statement,
// and what cannot share a Query sent one step at a time.
#define BOOST_TEST_MODULE together
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "applied_together.hpp"
#include "inline_catalog.hpp"
#include "pg_store_fixture.hpp"
#include "store/postgres_store.hpp"
#include "store/step_batch.hpp"

namespace {

using namespace retort;
using retort::testing::inline_catalog;

const store_config config{"", "alembic_version", "together-test"};

// a, b, c: a chain whose b records the Query it ran in; p: takes 50 ms; x: fails in its second statement;
// s: a syntax error in its second statement; g: deallocates every prepared statement.
inline_catalog& revisions() {
    static inline_catalog c = [] {
        inline_catalog x;
        x.revision("a", "", "CREATE TABLE seen (q text);", "DROP TABLE seen;")
            .revision("b", "a", "-- b\nINSERT INTO seen SELECT current_query();", "DELETE FROM seen;")
            .revision("c", "b", "CREATE TABLE tc (id int);", "DROP TABLE tc;")
            .revision("p", "c", "SELECT pg_sleep(0.05);", "SELECT 1;")
            .revision("x", "c", "CREATE TABLE tx (id int);\n-- the next one fails\nSELECT 1/0;", "DROP TABLE tx;")
            .revision("s", "c", "CREATE TABLE ts (id int);\nSELEC 1;", "DROP TABLE ts;")
            .revision("g", "c", "CREATE TABLE tg (id int);\nDEALLOCATE ALL;", "DROP TABLE tg;")
            .revision("q", "c", "SELECT '{\"a\\\\b\", c}', E'\\\\', 'é, \"{}\"' AS x; -- \"quoted\" \\ back\n",
                      std::nullopt);
        return x;
    }();
    return c;
}

const revision& rev(std::string_view id) { return revisions().revision_of(id); }

// The steps of a chain from base through `ids`.
std::vector<step_change> chain(std::vector<std::string_view> ids) {
    std::vector<step_change> out;
    std::string_view before;
    for (std::string_view id : ids) {
        out.push_back({&rev(id), direction::up, {}, {id}, true});
        if (!before.empty()) out.back().rows_removed = {before};
        before = id;
    }
    return out;
}

struct fixture : retort::testing::pg_store_fixture {
    fixture() : pg_store_fixture("together", config) {}

    std::string history() {
        return scalar("SELECT string_agg(revision, ',' ORDER BY revision) FROM alembic_version_history");
    }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(the_steps_of_a_group_run_in_one_query, fixture) {
    auto t = store.begin();
    retort::testing::apply_together(store, chain({"a", "b", "c"}));
    t->commit();
    const std::string query = scalar("SELECT q FROM seen");
    BOOST_TEST(query.find(std::string(rev("a").upgrade.sql)) != std::string::npos);
    BOOST_TEST(query.find(std::string(rev("c").upgrade.sql)) != std::string::npos);
    BOOST_TEST(version_rows() == "c");
    BOOST_TEST(history() == "a,b,c");
    BOOST_TEST(logged() == "upgrade:a,upgrade:b,upgrade:c");
    BOOST_TEST(scalar("SELECT upgrade_sql FROM alembic_version_history WHERE revision = 'b'") ==
               std::string(rev("b").upgrade.sql));
}

BOOST_FIXTURE_TEST_CASE(each_step_of_a_group_is_timed_by_the_server_clock_around_it, fixture) {
    auto t = store.begin();
    const std::vector<double> seconds = retort::testing::apply_together(store, chain({"a", "b", "c", "p"}));
    t->commit();
    BOOST_TEST_REQUIRE(seconds.size() == 4U);
    BOOST_TEST(seconds[3] >= 0.05);
    BOOST_TEST(seconds[3] < 0.1);
    BOOST_TEST(seconds[2] < 0.05);
    BOOST_TEST(scalar("SELECT duration_ms >= 50 AND duration_ms < 100 FROM alembic_version_history WHERE revision = "
                      "'p'") == "t");
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_history WHERE duration_ms < 50") == "3");
}

BOOST_FIXTURE_TEST_CASE(a_failing_statement_names_its_step_and_its_statement_and_nothing_is_recorded, fixture) {
    {
        auto t = store.begin();
        try {
            retort::testing::apply_together(store, chain({"a", "b", "c", "x"}));
            BOOST_FAIL("expected a together_failure");
        } catch (const together_failure& f) {
            BOOST_TEST(f.position() == 3U);
            BOOST_TEST(f.sqlstate() == "22012");
            BOOST_TEST(f.index() == 1U);
            BOOST_TEST(f.file_statement() == &rev("x").upgrade.statements[1]);
        }
    }
    BOOST_TEST(scalar("SELECT to_regclass('seen') IS NULL") == "t");
    BOOST_TEST(version_rows() == "NULL");
    BOOST_TEST(history() == "NULL");
}

BOOST_FIXTURE_TEST_CASE(a_syntax_error_in_a_later_step_is_named_with_its_position_within_its_statement, fixture) {
    auto t = store.begin();
    try {
        retort::testing::apply_together(store, chain({"a", "b", "c", "s"}));
        BOOST_FAIL("expected a together_failure");
    } catch (const together_failure& f) {
        BOOST_TEST(f.position() == 3U);
        BOOST_TEST(f.sqlstate() == "42601");
        BOOST_TEST(f.index() == 1U);
        BOOST_TEST(f.info().position == 1);
    }
}

BOOST_FIXTURE_TEST_CASE(a_syntax_error_of_a_step_sent_alone_inside_the_transaction_is_named, fixture) {
    auto t = store.begin();
    store.apply(chain({"a"}).front());
    try {
        store.apply(step_change{&rev("s"), direction::up, {"a"}, {"s"}, true});
        BOOST_FAIL("expected a statement_failure");
    } catch (const statement_failure& f) {
        BOOST_TEST(f.sqlstate() == "42601");
        BOOST_TEST(f.index() == 1U);
        BOOST_TEST(f.file_statement() == &rev("s").upgrade.statements[1]);
    }
}

BOOST_FIXTURE_TEST_CASE(a_group_with_a_deallocating_step_runs_one_step_at_a_time, fixture) {
    auto t = store.begin();
    const std::vector<double> seconds = retort::testing::apply_together(store, chain({"a", "b", "c", "g"}));
    t->commit();
    BOOST_TEST(seconds.size() == 4U);
    BOOST_TEST(scalar("SELECT q FROM seen").find("CREATE TABLE tc") == std::string::npos);  // b ran alone
    BOOST_TEST(version_rows() == "g");
    BOOST_TEST(history() == "a,b,c,g");
}

BOOST_FIXTURE_TEST_CASE(the_waiting_history_rows_keep_quotes_backslashes_braces_and_a_missing_downgrade, fixture) {
    auto t = store.begin();
    retort::testing::apply_together(store, chain({"a", "b", "c", "q"}));
    t->commit();
    BOOST_TEST(executed("q") == std::string(rev("q").upgrade.sql));
    BOOST_TEST(scalar("SELECT downgrade_checksum IS NULL AND upgrade_checksum = '" + rev("q").upgrade.sum.hex() +
                      "' FROM alembic_version_history WHERE revision = 'q'") == "t");
    BOOST_TEST(scalar("SELECT string_agg(revision, ',' ORDER BY id) FROM alembic_version_log") == "a,b,c,q");
}

BOOST_AUTO_TEST_CASE(a_group_reads_the_clock_before_its_first_step_and_after_each_step) {
    const auto steps = chain({"a", "x", "c"});
    const together_batch b = lay_out_together(steps, "SELECT 'guard'");
    BOOST_TEST(b.guard == 0U);
    BOOST_TEST(b.readings == (std::vector<std::size_t>{1, 3, 6, 8}), boost::test_tools::per_element());
    BOOST_TEST(b.batch.starts.size() == 9U);
    for (std::size_t r : b.readings) BOOST_TEST(b.batch.text.substr(b.batch.starts[r], 14) == "SELECT extract");
    BOOST_TEST(b.batch.text.substr(b.batch.starts[4], rev("x").upgrade.statements[0].sql.size()) ==
               std::string(rev("x").upgrade.statements[0].sql));
}
