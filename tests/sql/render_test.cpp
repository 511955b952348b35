// Specifies the four renderings of findings.
#include <boost/test/unit_test.hpp>

#include <vector>

#include "json.hpp"
#include "sql/render.hpp"
#include "sql/rules.hpp"

using retort::sql::finding;
using retort::sql::level;
namespace json = retort::sql::json;

namespace {

const std::vector<finding> sample{{"migrations/0002_b.sql", 12, 5, "drop-table", level::warning,
                                   "DROP TABLE items deletes \"it\"\nfor good", "b2"},
                                  {"migrations/0003_c.sql", 3, 0, "syntax-error", level::error,
                                   "syntax error at or near \"x\"", "c3"},
                                  {"migrations/0003_c.sql", 4, 1, "prefer-jsonb", level::info, "50% json, a: b", "c3"}};

}  // namespace

BOOST_AUTO_TEST_SUITE(render)

BOOST_AUTO_TEST_CASE(text_is_one_compiler_style_line_per_finding) {
    BOOST_TEST(retort::sql::render_text(sample) ==
               "migrations/0002_b.sql:12:5: warning: DROP TABLE items deletes \"it\"\nfor good [drop-table]\n"
               "migrations/0003_c.sql:3: error: syntax error at or near \"x\" [syntax-error]\n"
               "migrations/0003_c.sql:4:1: info: 50% json, a: b [prefer-jsonb]\n");
}

BOOST_AUTO_TEST_CASE(json_has_a_findings_array_with_the_documented_keys) {
    const auto doc = json::value::parse(retort::sql::render_json(sample));
    const auto items = doc["findings"].items();
    BOOST_TEST_REQUIRE(items.size() == 3U);
    BOOST_TEST(items[0]["file"].str() == "migrations/0002_b.sql");
    BOOST_TEST(items[0]["line"].as_int() == 12);
    BOOST_TEST(items[0]["column"].as_int() == 5);
    BOOST_TEST(items[0]["rule"].str() == "drop-table");
    BOOST_TEST(items[0]["severity"].str() == "warning");
    BOOST_TEST(items[0]["message"].str() == "DROP TABLE items deletes \"it\"\nfor good");
    BOOST_TEST(items[0]["revision"].str() == "b2");
    BOOST_TEST(items[2]["severity"].str() == "info");
    BOOST_TEST(doc["counts"]["error"].as_int() == 1);
    BOOST_TEST(doc["counts"]["warning"].as_int() == 1);
    BOOST_TEST(doc["counts"]["info"].as_int() == 1);
}

BOOST_AUTO_TEST_CASE(sarif_lists_every_rule_and_one_result_per_finding) {
    const auto doc = json::value::parse(retort::sql::render_sarif(sample));
    BOOST_TEST(doc["version"].str() == "2.1.0");
    const auto& run = doc["runs"].items()[0];
    BOOST_TEST(run["tool"]["driver"]["name"].str() == "retort");
    BOOST_TEST(run["tool"]["driver"]["rules"].items().size() == retort::sql::rule_catalog().size());
    const auto results = run["results"].items();
    BOOST_TEST_REQUIRE(results.size() == 3U);
    BOOST_TEST(results[0]["ruleId"].str() == "drop-table");
    BOOST_TEST(results[0]["level"].str() == "warning");
    BOOST_TEST(results[2]["level"].str() == "note");
    const auto& location = results[0]["locations"].items()[0]["physicalLocation"];
    BOOST_TEST(location["artifactLocation"]["uri"].str() == "migrations/0002_b.sql");
    BOOST_TEST(location["region"]["startLine"].as_int() == 12);
    BOOST_TEST(location["region"]["startColumn"].as_int() == 5);
    BOOST_TEST(!results[1].contains("ruleIndex"));  // syntax-error is a check, not a rule
    const auto& rule =
        run["tool"]["driver"]["rules"].items()[static_cast<std::size_t>(results[0]["ruleIndex"].as_int())];
    BOOST_TEST(rule["id"].str() == "drop-table");
}

BOOST_AUTO_TEST_CASE(github_annotations_escape_what_the_workflow_commands_need) {
    BOOST_TEST(retort::sql::render_github(sample) ==
               "::warning file=migrations/0002_b.sql,line=12,col=5,title=retort drop-table::DROP TABLE items deletes "
               "\"it\"%0Afor good\n"
               "::error file=migrations/0003_c.sql,line=3,title=retort syntax-error::syntax error at or near \"x\"\n"
               "::notice file=migrations/0003_c.sql,line=4,col=1,title=retort prefer-jsonb::50%25 json, a: b\n");
}

BOOST_AUTO_TEST_SUITE_END()
