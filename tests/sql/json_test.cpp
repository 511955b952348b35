// Specifies the JSON reader that reads libpg_query's trees.
#include <boost/test/unit_test.hpp>

#include <string>

#include "json.hpp"
#include "retort/error.hpp"

namespace json = retort::sql::json;

BOOST_AUTO_TEST_SUITE(json_reader)

BOOST_AUTO_TEST_CASE(reads_objects_arrays_and_scalars) {
    const auto v = json::value::parse(R"( {"a": [1, -2.5e1, true, false, null], "b": {"c": "d"}} )");
    BOOST_TEST(v["a"].items().size() == 5U);
    BOOST_TEST(v["a"].items()[1].number() == -25.0);
    BOOST_TEST(v["a"].items()[2].boolean());
    BOOST_TEST(!v["a"].items()[3].boolean());
    BOOST_TEST(v["a"].items()[4].is_null());
    BOOST_TEST(v["b"]["c"].str() == "d");
    BOOST_TEST(v["missing"]["deeper"].is_null());
    BOOST_TEST(v.contains("b"));
}

BOOST_AUTO_TEST_CASE(unescapes_strings_including_surrogate_pairs) {
    const auto v = json::value::parse(R"(["q\"b\\s\/\n\t", "\u00e9\ud83d\ude00", "\ud800x"])");
    BOOST_TEST(v.items()[0].str() == "q\"b\\s/\n\t");
    BOOST_TEST(v.items()[1].str() == "\xc3\xa9\xf0\x9f\x98\x80");
    BOOST_TEST(v.items()[2].str() == "\xef\xbf\xbdx");
}

BOOST_AUTO_TEST_CASE(rejects_malformed_text_and_hostile_depth) {
    for (const char* bad : {"{", "[1,]", "{\"a\" 1}", "\"\x01\"", "tru", "1 2", "\"\\x\""})
        BOOST_CHECK_THROW(json::value::parse(bad), retort::error);
    BOOST_CHECK_THROW(json::value::parse(std::string(20000, '[')), retort::error);
    // Just within the bound: read, walked and destroyed without exhausting the stack.
    const auto deep = json::value::parse(std::string(999, '[') + std::string(999, ']'));
    BOOST_TEST(deep.items().size() == 1U);
}

BOOST_AUTO_TEST_CASE(take_moves_a_member_out) {
    auto v = json::value::parse(R"({"stmts": [{"stmt": {"x": 1}}]})");
    auto stmts = v.take("stmts");
    BOOST_TEST(v["stmts"].is_null());
    auto first = stmts.take(std::size_t{0});
    BOOST_TEST(first["stmt"]["x"].as_int() == 1);
}

BOOST_AUTO_TEST_SUITE_END()
