// "Did you mean ...?": the edit distance, the closest known word, and revision ids and prefixes.
#include <boost/test/unit_test.hpp>

#include <string_view>
#include <vector>

#include "core/suggest.hpp"
#include "inline_catalog.hpp"

namespace {

using namespace retort;
using words = std::vector<std::string_view>;

const words commands{"upgrade", "downgrade", "current", "history", "heads", "stamp", "check", "seed"};

}  // namespace

BOOST_AUTO_TEST_SUITE(suggest)

BOOST_AUTO_TEST_CASE(a_swap_of_two_neighbours_is_one_edit) {
    BOOST_TEST(edit_distance("upgrade", "upgarde") == 1U);
    BOOST_TEST(edit_distance("", "abc") == 3U);
    BOOST_TEST(edit_distance("heads", "head") == 1U);
    BOOST_TEST(edit_distance("kitten", "sitting") == 3U);
}

BOOST_AUTO_TEST_CASE(a_typo_gets_the_closest_command) {
    BOOST_TEST(closest_match("upgarde", commands).value_or("") == "upgrade");
    BOOST_TEST(closest_match("dwongrade", commands).value_or("") == "downgrade");
    BOOST_TEST(!closest_match("upgrade", commands));  // a known word is not a typo
    BOOST_TEST(closest_match("histroy", commands).value_or("") == "history");
    BOOST_TEST(did_you_mean("stmap", commands) == "; did you mean 'stamp'?");
}

BOOST_AUTO_TEST_CASE(a_word_like_nothing_known_gets_no_suggestion) {
    BOOST_TEST(!closest_match("frobnicate", commands));
    BOOST_TEST(!closest_match("zz", commands));
    BOOST_TEST(did_you_mean("deploy", commands).empty());
}

BOOST_AUTO_TEST_CASE(a_mistyped_id_prefix_or_label_names_the_whole_id) {
    testing::inline_catalog files;
    files.revision("3f2a9c1b7d4e", "", "SELECT 1;").revision("8e7d6c5b4a39", "3f2a9c1b7d4e", "SELECT 2;");
    const graph& g = files.get().revisions;
    BOOST_TEST(did_you_mean_revision(g, "3f2b") == "; did you mean '3f2a9c1b7d4e'?");
    BOOST_TEST(did_you_mean_revision(g, "8e7d6c5b4a93") == "; did you mean '8e7d6c5b4a39'?");
    BOOST_TEST(did_you_mean_revision(g, "ffffff").empty());
}

BOOST_AUTO_TEST_SUITE_END()
