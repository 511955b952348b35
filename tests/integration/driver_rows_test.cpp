// connection::query_each and result_rows: rows handed out in place, one statement's at a time.
#define BOOST_TEST_MODULE driver_rows
#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "pg_test_support.hpp"
#include "retort/driver.hpp"

namespace {

using retort::connection;
using retort::result_rows;
using retort::testing::scratch_database;

struct scratch_session {
    scratch_database db{"driver_rows"};
    connection conn = db.connect();
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(driver_rows, scratch_session)

BOOST_AUTO_TEST_CASE(each_statement_s_rows_arrive_in_order_with_nulls_and_empty_strings) {
    const std::vector<std::string_view> sql = {"SELECT 1, NULL::text, ''", "SELECT generate_series(1, 100000)::text",
                                               "SELECT 1 WHERE false"};
    std::vector<std::size_t> indexes;
    std::vector<result_rows> got;
    conn.query_each(sql, [&](std::size_t i, result_rows rows) {
        indexes.push_back(i);
        got.push_back(std::move(rows));
    });
    BOOST_TEST(indexes == (std::vector<std::size_t>{0, 1, 2}));
    BOOST_REQUIRE_EQUAL(got.at(0).size(), 1U);
    const auto first = got[0].at(0);
    BOOST_TEST(first.size() == 3U);
    BOOST_TEST(first[0].value() == "1");
    BOOST_TEST(!first[1].has_value());
    BOOST_TEST(first[2].has_value());
    BOOST_TEST(first[2]->empty());
    BOOST_CHECK_THROW((void)first[3], std::out_of_range);
    BOOST_TEST(got.at(1).size() == 100000U);
    std::size_t n = 0;
    for (auto row : got[1]) BOOST_REQUIRE(row[0].value() == std::to_string(++n));
    BOOST_TEST(got.at(2).empty());
    BOOST_CHECK_THROW((void)got[2].at(0), std::out_of_range);
}

BOOST_AUTO_TEST_CASE(a_failure_names_its_statement_after_the_rows_before_it_and_the_session_stays_usable) {
    const std::vector<std::string_view> sql = {"SELECT 'a'", "SELECT 1/0", "SELECT 'c'"};
    std::vector<std::string> got;
    try {
        conn.query_each(sql, [&](std::size_t, result_rows rows) { got.emplace_back(*rows.at(0)[0]); });
        BOOST_FAIL("expected a pipeline_error");
    } catch (const retort::pipeline_error& e) {
        BOOST_TEST(e.index() == 1U);
        BOOST_TEST(e.sqlstate() == "22012");
    }
    BOOST_TEST(got == (std::vector<std::string>{"a"}));
    BOOST_TEST(conn.query("SELECT 2").rows.at(0).at(0).value() == "2");
}

BOOST_AUTO_TEST_SUITE_END()
